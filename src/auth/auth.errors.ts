import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum AuthErrorCode {
  BAD_CREDENTIALS = 'BAD_CREDENTIALS',
  TOKEN_MISSING = 'TOKEN_MISSING',
  TOKEN_INVALID = 'TOKEN_INVALID',
  ROLE_REQUIRED = 'ROLE_REQUIRED',
}

export class AuthError extends DomainError {
  readonly kind = DomainErrorKind.UNAUTHENTICATED;
  static badCredentials = () => new AuthError(AuthErrorCode.BAD_CREDENTIALS, '用户名或密码错误', 'Wrong username or password');
  static tokenMissing = () => new AuthError(AuthErrorCode.TOKEN_MISSING, '请先登录', 'Sign in first: the Authorization bearer token is missing');
  static tokenInvalid = () => new AuthError(AuthErrorCode.TOKEN_INVALID, '登录已失效，请重新登录', 'The access token is invalid or expired; sign in again');
}

const GROUP_NAMES: Record<string, string> = {
  finance: '财务审核',
  'process-admin': '流程管理员',
  'deputy-chief': '分管局领导',
  chief: '局长',
  cashier: '出纳',
  accountant: '会计',
  procurement: '采购管理员',
  'contract-review': '合同审核',
  'asset-keeper': '资产管理员',
};

export class RoleRequiredError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor(groups: string[]) {
    super(
      AuthErrorCode.ROLE_REQUIRED,
      `此操作仅限${groups.map((g) => GROUP_NAMES[g] ?? g).join('或')}`,
      `Only members of ${groups.join(' or ')} may do this`,
      { groups },
    );
  }
}

export class SignInThrottledError extends DomainError {
  readonly kind = DomainErrorKind.TOO_MANY;
  static accountLocked = (minutes: number) =>
    new SignInThrottledError('ACCOUNT_LOCKED', `密码错误次数过多，账户已锁定，请 ${minutes} 分钟后再试`, `Too many wrong passwords: the account is locked; try again in ${minutes} minutes`, minutes);
  static addressThrottled = (minutes: number) =>
    new SignInThrottledError('TOO_MANY_SIGN_INS', `此地址登录失败次数过多，请 ${minutes} 分钟后再试`, `Too many failed sign-ins from this address; try again in ${minutes} minutes`, minutes);
  private constructor(code: string, zh: string, en: string, minutes: number) {
    super(code, zh, en, { retryAfterSeconds: minutes * 60 });
  }
}
