import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { FieldError, RequestValidationError } from './domain-error';
import { bilingual } from './validation';

/** Deeper than any document the product accepts; deeper bodies would only exhaust the validator's stack. */
export const MAX_BODY_DEPTH = 32;
// A NUL (which PostgreSQL cannot store in text) or half of a surrogate pair (no character at all).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses, before anything reads them, requests no endpoint can take: text that cannot be stored,
 * bodies nested deeper than any document, and query parameters given as lists or objects
 * (`?unit[]=a`), which would otherwise be silently ignored. Each answer is a 400 naming the field.
 */
@Injectable()
export class RequestShapeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const errors = [...queryErrors(request.query as Record<string, unknown>), ...textErrors(request.params), ...bodyErrors(request.body)];
    if (errors.length > 0) throw new RequestValidationError(errors.slice(0, 20));
    return next.handle();
  }
}

function queryErrors(query: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (typeof value !== 'string' || /[[\]]/.test(name)) errors.push({ field: name, message: bilingual('查询参数只能给一个值', 'must be given once, as a single value') });
    else if (UNSTORABLE.test(value) || UNSTORABLE.test(name)) errors.push({ field: name, message: bilingual('含有无法保存的字符', 'contains characters that cannot be stored') });
  }
  return errors;
}

function textErrors(values: Record<string, unknown> | undefined): FieldError[] {
  return Object.entries(values ?? {})
    .filter(([, value]) => typeof value === 'string' && UNSTORABLE.test(value))
    .map(([name]) => ({ field: name, message: bilingual('含有无法保存的字符', 'contains characters that cannot be stored') }));
}

/** Walks the body without recursion, so that no depth can overflow the stack here either. */
function bodyErrors(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0 && errors.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) errors.push({ field: path || 'body', message: bilingual('含有无法保存的字符（如 NUL 或不成对的代理字符）', 'contains characters that cannot be stored (NUL or an unpaired surrogate)') });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      errors.push({ field: path || 'body', message: bilingual(`嵌套层次超过 ${MAX_BODY_DEPTH} 层`, `is nested deeper than ${MAX_BODY_DEPTH} levels`) });
      continue;
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [k, v] as const);
    for (const [key, child] of entries) {
      if (!Array.isArray(value) && UNSTORABLE.test(key)) errors.push({ field: path || 'body', message: bilingual('字段名含有无法保存的字符', 'has a field name with characters that cannot be stored') });
      const childPath = Array.isArray(value) ? `${path}${key}` : path ? `${path}.${key}` : key;
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return errors;
}
