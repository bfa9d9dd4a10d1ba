import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum ClaimErrorCode {
  NOT_FOUND = 'CLAIM_NOT_FOUND',
  FORBIDDEN = 'CLAIM_FORBIDDEN',
  NOT_RETURNED = 'CLAIM_NOT_RETURNED',
  NOT_WITHDRAWABLE = 'CLAIM_NOT_WITHDRAWABLE',
}

export class ClaimNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(ClaimErrorCode.NOT_FOUND, '报销单不存在', `Claim ${id} does not exist`, { recordId: id });
  }
}

export class ClaimForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor(what: string, whatEn: string) {
    super(ClaimErrorCode.FORBIDDEN, what, whatEn);
  }
}

export class ClaimNotReturnedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(status: string) {
    super(ClaimErrorCode.NOT_RETURNED, `只有被退回的报销单才能修改后重新提交（当前状态：${status}）`, `Only a returned claim can be resubmitted (status is ${status})`, { status });
  }
}

export class ClaimNotWithdrawableError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(status: string, decided: boolean) {
    super(
      ClaimErrorCode.NOT_WITHDRAWABLE,
      decided ? '审批人已作出审批意见，不能撤回' : `该报销单当前状态不能撤回（${status}）`,
      decided ? 'An approver has already decided on the claim; it can no longer be withdrawn' : `A claim that is ${status} cannot be withdrawn`,
      { status },
    );
  }
}
