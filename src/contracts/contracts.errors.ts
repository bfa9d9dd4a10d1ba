import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum ContractErrorCode {
  CONTRACT_NOT_FOUND = 'CONTRACT_NOT_FOUND',
  CONTRACT_FORBIDDEN = 'CONTRACT_FORBIDDEN',
  CONTRACT_NOT_SIGNABLE = 'CONTRACT_NOT_SIGNABLE',
  SIGNED_SCAN_MISSING = 'CONTRACT_SIGNED_SCAN_MISSING',
  CONTRACT_NOT_SIGNED = 'CONTRACT_NOT_SIGNED',
  PAYMENT_NOT_FOUND = 'CONTRACT_PAYMENT_NOT_FOUND',
  PAYMENT_FORBIDDEN = 'CONTRACT_PAYMENT_FORBIDDEN',
  NOT_RETURNED = 'CONTRACT_NOT_RETURNED',
}

export class ContractNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(ContractErrorCode.CONTRACT_NOT_FOUND, '合同不存在', `Contract ${id} does not exist`, { recordId: id });
  }
}

export class ContractForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super(ContractErrorCode.CONTRACT_FORBIDDEN, '无权查看或办理该合同', 'You may not see or act on this contract');
  }
}

export class ContractNotSignableError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(status: string) {
    super(ContractErrorCode.CONTRACT_NOT_SIGNABLE, `合同当前状态（${status}）不能签订`, `The contract cannot be signed in status ${status}`, { status });
  }
}

export class SignedScanMissingError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor() {
    super(ContractErrorCode.SIGNED_SCAN_MISSING, '请先上传签订后的合同扫描件（附件类别“合同扫描件”）', 'Upload the signed scan first (attachment category signed-contract)');
  }
}

export class ContractNotSignedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(status: string) {
    super(ContractErrorCode.CONTRACT_NOT_SIGNED, `合同尚未签订（${status}），不能验收或付款`, `The contract is not signed (${status}): no acceptance or payment yet`, { status });
  }
}

export class ContractPaymentNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(ContractErrorCode.PAYMENT_NOT_FOUND, '合同付款申请不存在', `Contract payment ${id} does not exist`, { recordId: id });
  }
}

export class ContractPaymentForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super(ContractErrorCode.PAYMENT_FORBIDDEN, '无权查看该合同付款申请', 'You may not see this contract payment');
  }
}

/** Only a record screening returned is revised and sent again. */
export class ContractNotReturnedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(status: string) {
    super(ContractErrorCode.NOT_RETURNED, `只有被退回的合同或付款申请才能修改后重新提交（当前状态：${status}）`, `Only a returned contract or payment request can be revised and resubmitted (status is ${status})`, { status });
  }
}
