import { DomainError, DomainErrorKind } from '../common/domain-error';
import { bilingual } from '../common/validation';

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

export class AssetNotInStockError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(number: string, status: string) {
    super('ASSET_NOT_IN_STOCK', `资产 ${number} 当前不在库（${status}），不能领用；已领用的资产须先交回`, `Asset ${number} is not in stock (${status}): an issued asset is returned before it is issued again`, { status });
  }
}

export class AssetNotIssuedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(number: string, status: string) {
    super('ASSET_NOT_ISSUED', `资产 ${number} 未领用（${status}），无需交回`, `Asset ${number} is not issued to anyone (${status})`, { status });
  }
}

export class AssetNotRepairableError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(number: string, status: string) {
    super('ASSET_NOT_REPAIRABLE', `资产 ${number} 当前状态（${status}）不能送修`, `Asset ${number} cannot go to repair in status ${status}`, { status });
  }
}

export class NoOpenRepairError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(number: string) {
    super('ASSET_NO_OPEN_REPAIR', `资产 ${number} 没有进行中的维修`, `Asset ${number} has no repair under way`);
  }
}

export interface AssetSheetError {
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

/** An opening-balance sheet with bad rows: each named by row and column, and nothing imported. */
export class AssetSheetRefusedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(readonly errors: AssetSheetError[]) {
    super('ASSET_SHEET_REFUSED', `表格有 ${errors.length} 处错误，未导入任何一行`, `The sheet has ${errors.length} error(s); no row was imported`, {
      errors,
      fields: errors.map((e) => ({ field: `第${e.row}行 ${e.column}`, message: bilingual(e.message, e.messageEn) })),
    });
  }
}
