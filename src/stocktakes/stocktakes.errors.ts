import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum StocktakeErrorCode {
  NOT_FOUND = 'STOCKTAKE_NOT_FOUND',
  FORBIDDEN = 'STOCKTAKE_FORBIDDEN',
  UNIT_NOT_FOUND = 'STOCKTAKE_UNIT_NOT_FOUND',
  ALREADY_OPEN = 'STOCKTAKE_ALREADY_OPEN',
  NOTHING_TO_COUNT = 'STOCKTAKE_NOTHING_TO_COUNT',
  CLOSED = 'STOCKTAKE_CLOSED',
  GAP_NOT_FOUND = 'STOCKTAKE_GAP_NOT_FOUND',
  GAPS_UNDECIDED = 'AST-STOCKTAKE-GAP',
}

export class StocktakeNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(StocktakeErrorCode.NOT_FOUND, '盘点单不存在', `Stocktake ${id} does not exist`, { recordId: id });
  }
}

export class StocktakeForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor(managing: boolean) {
    super(
      StocktakeErrorCode.FORBIDDEN,
      managing ? '只有该单位的资产管理员可以办理盘点' : '无权查看该单位的盘点',
      managing ? "Only the unit's asset-keepers run its stocktakes" : "You may not see this unit's stocktakes",
    );
  }
}

export class StocktakeUnitNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(code: string) {
    super(StocktakeErrorCode.UNIT_NOT_FOUND, `单位 ${code} 不存在`, `Unit ${code} does not exist`, { unit: code });
  }
}

export class StocktakeAlreadyOpenError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(number: string) {
    super(StocktakeErrorCode.ALREADY_OPEN, `该单位（地点）已有进行中的盘点 ${number}`, `A stocktake of this unit (location) is already open: ${number}`, { number });
  }
}

export class NothingToCountError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor() {
    super(StocktakeErrorCode.NOTHING_TO_COUNT, '该单位（地点）没有在账资产，无需盘点', 'The unit (location) has no assets on the books to count');
  }
}

export class StocktakeClosedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(number: string) {
    super(StocktakeErrorCode.CLOSED, `盘点 ${number} 已结束，不能再扫描或修改`, `Stocktake ${number} is closed: no more scans or changes`, { number });
  }
}

export class GapNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(fields: { field: string; message: string }[]) {
    super(StocktakeErrorCode.GAP_NOT_FOUND, '处理意见针对的差异项不存在', 'A decision names a gap the stocktake does not have', { fields });
  }
}

/** AST-STOCKTAKE-GAP: the rule set refused closing; the findings say why. */
export class GapsUndecidedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(messageZh: string, messageEn: string, findings: unknown[]) {
    super(StocktakeErrorCode.GAPS_UNDECIDED, messageZh, messageEn, { findings });
  }
}
