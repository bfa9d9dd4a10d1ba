import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from './idempotency.errors';
import { IdempotencyStore } from './idempotency.store';

const IDEMPOTENT = Symbol('idempotent');
const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/**
 * Marks a submission endpoint: sent again with the same `Idempotency-Key` header (the web app sends
 * one per form submission), it answers what the first answered instead of filing twice.
 */
export const Idempotent = (scope: string) => SetMetadata(IDEMPOTENT, scope);

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector, private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scope = this.reflector.get<string | undefined>(IDEMPOTENT, context.getHandler());
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = request.headers['idempotency-key'];
    if (!scope || key === undefined || !request.actor) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new RequestValidationError([{ field: 'Idempotency-Key', message: bilingual('Idempotency-Key 应为 8 到 200 个可见 ASCII 字符', 'Idempotency-Key must be 8 to 200 visible ASCII characters') }]);
    }
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    return from(this.run(request.actor.id, `${scope}:${request.method}:${request.path}`, key, request.body, status, context.switchToHttp().getResponse<Response>(), next));
  }

  private async run(actorId: string, scope: string, key: string, body: unknown, status: number, response: Response, next: CallHandler): Promise<unknown> {
    const hash = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
    const begun = await this.store.begin(actorId, scope, key, hash);
    if (begun.kind === 'mismatch') throw new IdempotencyKeyReusedError();
    if (begun.kind === 'in-progress') throw new IdempotencyInProgressError();
    if (begun.kind === 'replay') {
      response.status(begun.status).setHeader('Idempotent-Replayed', 'true');
      return begun.response;
    }
    try {
      const answer = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.store.finish(actorId, scope, key, status, answer);
      return answer;
    } catch (error) {
      await this.store.abandon(actorId, scope, key);
      throw error;
    }
  }
}

