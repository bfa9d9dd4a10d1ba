import { DomainError, DomainErrorKind } from '../common/domain-error';
import { bilingual } from '../common/validation';

export class SupplierNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super('SUPPLIER_NOT_FOUND', '供应商不存在', `Supplier ${id} does not exist`, { recordId: id });
  }
}

/** A second supplier with a code (or name) the register already holds. */
export class SupplierExistsError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(field: 'creditCode' | 'name', existingId: string) {
    const zh = field === 'creditCode' ? '该统一社会信用代码的供应商已在供应商库中' : '同名供应商已在供应商库中';
    const en = field === 'creditCode' ? 'a supplier with this unified social credit code is already registered' : 'a supplier of this name is already registered';
    super('SUPPLIER_EXISTS', zh, en, { existingId, fields: [{ field, message: bilingual(zh, en) }] });
  }
}

export class SupplierForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('SUPPLIER_FORBIDDEN', '无权查看或维护供应商库', 'You may not view or keep the supplier register');
  }
}

/** One bad cell of an imported register: its row as Excel numbers it, the column and what is wrong. */
export interface SupplierSheetError {
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

export class SupplierSheetRefusedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(readonly errors: SupplierSheetError[]) {
    super('SUPPLIER_SHEET_REFUSED', `表格有 ${errors.length} 处错误，未导入任何一行`, `The sheet has ${errors.length} error(s); no row was imported`, {
      errors,
      fields: errors.map((e) => ({ field: `第${e.row}行 ${e.column}`, message: bilingual(e.message, e.messageEn) })),
    });
  }
}
