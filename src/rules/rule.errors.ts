import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum RuleErrorCode {
  SET_NOT_FOUND = 'RULE_SET_NOT_FOUND',
  SET_INVALID = 'RULE_SET_INVALID',
}

export class RuleSetNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(set: string) {
    super(RuleErrorCode.SET_NOT_FOUND, `规则集“${set}”不存在`, `There is no rule set named ${set}`);
  }
}

/** A proposed rule-set version that does not check; `fields` names the part that is wrong. */
export class RuleSetInvalidError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(problem: string, path = 'rules') {
    super(RuleErrorCode.SET_INVALID, `规则集有误：${problem}`, `The rule set is invalid: ${problem}`, {
      fields: [{ field: path, message: `规则集有误 / invalid rule set: ${problem}` }],
    });
  }
}
