import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorKind } from './domain-error';

const STATUS: Record<DomainErrorKind, HttpStatus> = {
  [DomainErrorKind.INVALID]: HttpStatus.BAD_REQUEST,
  [DomainErrorKind.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [DomainErrorKind.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [DomainErrorKind.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorKind.CONFLICT]: HttpStatus.CONFLICT,
  [DomainErrorKind.UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Maps every error to one JSON shape: {error, message, messageEn, ...details}. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      response.status(STATUS[error.kind]).json({
        error: error.code,
        message: error.messageZh,
        messageEn: error.messageEn,
        ...(error.details ?? {}),
      });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const text = typeof body === 'string' ? body : ((body as { message?: string }).message ?? error.message);
      response.status(status).json({ error: HttpStatus[status] ?? 'ERROR', message: text, messageEn: text });
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
