import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum AuthErrorCode {
  BAD_CREDENTIALS = 'BAD_CREDENTIALS',
  TOKEN_MISSING = 'TOKEN_MISSING',
  TOKEN_INVALID = 'TOKEN_INVALID',
}

export class AuthError extends DomainError {
  readonly kind = DomainErrorKind.UNAUTHENTICATED;
  static badCredentials = () => new AuthError(AuthErrorCode.BAD_CREDENTIALS, '用户名或密码错误', 'Wrong username or password');
  static tokenMissing = () => new AuthError(AuthErrorCode.TOKEN_MISSING, '请先登录', 'Sign in first: the Authorization bearer token is missing');
  static tokenInvalid = () => new AuthError(AuthErrorCode.TOKEN_INVALID, '登录已失效，请重新登录', 'The access token is invalid or expired; sign in again');
}
