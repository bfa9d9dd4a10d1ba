import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorKind } from './domain-error';

const STATUS: Record<DomainErrorKind, HttpStatus> = {
  [DomainErrorKind.INVALID]: HttpStatus.BAD_REQUEST,
  [DomainErrorKind.UNPROCESSABLE]: HttpStatus.UNPROCESSABLE_ENTITY,
  [DomainErrorKind.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [DomainErrorKind.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [DomainErrorKind.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorKind.CONFLICT]: HttpStatus.CONFLICT,
  [DomainErrorKind.TOO_MANY]: HttpStatus.TOO_MANY_REQUESTS,
  [DomainErrorKind.UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Maps every error to one JSON shape: {error, message, messageEn, ...details}. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
      response.status(STATUS[error.kind]).json({
        error: error.code,
        message: error.messageZh,
        messageEn: error.messageEn,
        ...(error.details ?? {}),
      });
      return;
    }
    const parser = bodyParserError(error);
    if (parser) {
      response.status(parser.status).json({ error: parser.code, message: parser.zh, messageEn: parser.en });
      return;
    }
    if (isOptimisticLocking(error)) {
      response.status(HttpStatus.CONFLICT).json({ error: 'CONCURRENT_CHANGE', message: '有人同时处理了同一事项，请刷新后重试', messageEn: 'Someone changed the same item at the same time; refresh and try again' });
      return;
    }
    const database = databaseInputError(error);
    if (database) {
      response.status(HttpStatus.BAD_REQUEST).json({ error: 'INVALID_VALUE', message: database.zh, messageEn: database.en });
      return;
    }
    // The platform turns the JSON parser's SyntaxError into a bare 400 in English.
    if (error instanceof HttpException && error.getStatus() === 400 && (error.cause instanceof SyntaxError || /JSON/.test(error.message))) {
      response.status(400).json({ error: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON', messageEn: `The request body is not valid JSON: ${error.message}` });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const text = typeof body === 'string' ? body : ((body as { message?: string }).message ?? error.message);
      response.status(status).json({ error: HttpStatus[status] ?? 'ERROR', message: text, messageEn: text });
      return;
    }
    if (isMissingStaticFile(error)) {
      response.status(HttpStatus.NOT_FOUND).json({ error: 'NOT_FOUND', message: '文件不存在', messageEn: 'No such file' });
      return;
    }
    this.logger.error(error instanceof Error ? error.stack : String(error));
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
      error: 'INTERNAL',
      message: '服务器内部错误',
      messageEn: 'Internal server error',
    });
  }
}

/** What the JSON body parser refuses (too large, not JSON, an encoding it cannot read), as 4xx. */
function bodyParserError(error: unknown): { status: number; code: string; zh: string; en: string } | null {
  const e = error as { type?: unknown; status?: unknown; statusCode?: unknown; limit?: unknown; code?: unknown };
  // A body declared compressed that is not: zlib's own error, passed through by the parser.
  if (typeof e?.code === 'string' && e.code.startsWith('Z_')) return { status: 400, code: 'MALFORMED_BODY', zh: '请求内容与声明的压缩编码不符', en: 'The request body does not match its Content-Encoding' };
  // http-errors objects carry statusCode beside status; the engine client's errors do not.
  if (typeof e?.type !== 'string' || typeof e.statusCode !== 'number' || typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return null;
  switch (e.type) {
    case 'entity.too.large':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', zh: `请求内容过大（上限 ${Math.round(Number(e.limit) / 1024)} KB）`, en: `The request body is too large (limit ${Math.round(Number(e.limit) / 1024)} KB)` };
    case 'entity.parse.failed':
      return { status: 400, code: 'MALFORMED_JSON', zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_ENCODING', zh: '不支持的请求编码', en: 'The request body has an unsupported encoding' };
    default:
      return { status: e.status, code: 'BAD_REQUEST', zh: '请求无法读取', en: 'The request body could not be read' };
  }
}

/**
 * A value PostgreSQL refuses as input (a malformed uuid, an impossible date, a byte it cannot store):
 * the request was bad, whatever check missed it on the way.
 */
function databaseInputError(error: unknown): { zh: string; en: string } | null {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ?? (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !['22P02', '22007', '22008', '22021', '22003', '22001'].includes(code)) return null;
  return { zh: '请求中有无效的值', en: 'The request has an invalid value' };
}

/** A file the static file server does not have (an old bundle name after a release): 404, not a fault. */
function isMissingStaticFile(error: unknown): boolean {
  const e = error as { code?: unknown; status?: unknown };
  return e?.code === 'ENOENT' && e.status === 404;
}

/** The engine refused a change another one overtook (two decisions at once, a withdrawal racing one). */
function isOptimisticLocking(error: unknown): boolean {
  const e = error as { status?: unknown; type?: unknown; message?: unknown };
  return typeof e?.type === 'string' && e.type.includes('OptimisticLocking');
}
