import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum AssetErrorCode {
  ASSET_NOT_FOUND = 'ASSET_NOT_FOUND',
  ASSET_FORBIDDEN = 'ASSET_FORBIDDEN',
  ACCEPTANCE_LINE_NOT_FOUND = 'ASSET_ACCEPTANCE_LINE_NOT_FOUND',
  ALREADY_CARDED = 'ASSET_ALREADY_CARDED',
}

export class AssetNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(AssetErrorCode.ASSET_NOT_FOUND, '资产卡片不存在', `Asset card ${id} does not exist`, { recordId: id });
  }
}

export class AssetForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super(AssetErrorCode.ASSET_FORBIDDEN, '无权查看或办理该资产', 'You may not see or act on this asset');
  }
}

export class AcceptanceLineNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor() {
    super(AssetErrorCode.ACCEPTANCE_LINE_NOT_FOUND, '没有待建卡的验收标的', 'No accepted item marked for asset cards matches');
  }
}

export class AlreadyCardedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(uncarded: number, asked: number) {
    super(AssetErrorCode.ALREADY_CARDED, `该验收标的只剩 ${uncarded} 件未建卡`, `Only ${uncarded} of the item are left to card, ${asked} asked`, { uncarded, asked });
  }
}
