import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import type { Actor } from '../org/org.service';
import { auditContext } from './audit-context';

/** Runs each request's work as its caller, so the audit rows it writes name them and their address. */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const caller = { actor: request.actor?.username, address: request.ip ?? request.socket.remoteAddress };
    return new Observable((subscriber) => auditContext.run(caller, () => next.handle().subscribe(subscriber)));
  }
}
