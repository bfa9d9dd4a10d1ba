import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, RequestValidationError } from './domain-error';

/** A message in Chinese first and English beside it, as every user-facing text. */
export const bilingual = (zh: string, en: string) => `${zh} / ${en}`;

/** Flattens class-validator's nested errors into one entry per bad field path. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field: path, message });
    }
    if (error.children?.length) out.push(...toFieldErrors(error.children, path));
  }
  return out;
}

/** The global pipe: unknown properties are dropped, bad ones answered with a 400 naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: false,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new RequestValidationError(toFieldErrors(errors)),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a path id can be a row id at all; anything else is simply not found. */
export const isUuid = (value: string): boolean => UUID.test(value);
