import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum AssetFlowErrorCode {
  TRANSFER_NOT_FOUND = 'ASSET_TRANSFER_NOT_FOUND',
  DISPOSAL_NOT_FOUND = 'ASSET_DISPOSAL_NOT_FOUND',
  FLOW_FORBIDDEN = 'ASSET_FLOW_FORBIDDEN',
  KEEPER_REQUIRED = 'ASSET_KEEPER_REQUIRED',
}

export class AssetTransferNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(AssetFlowErrorCode.TRANSFER_NOT_FOUND, '资产调拨单不存在', `Asset transfer ${id} does not exist`, { recordId: id });
  }
}

export class AssetDisposalNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(AssetFlowErrorCode.DISPOSAL_NOT_FOUND, '资产处置单不存在', `Asset disposal ${id} does not exist`, { recordId: id });
  }
}

export class AssetFlowForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super(AssetFlowErrorCode.FLOW_FORBIDDEN, '无权查看该资产调拨或处置单', 'You may not see this asset transfer or disposal');
  }
}

export class AssetKeeperRequiredError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super(AssetFlowErrorCode.KEEPER_REQUIRED, '只有资产管理员可以提出资产调拨或处置', 'Only an asset-keeper may file an asset transfer or disposal');
  }
}
