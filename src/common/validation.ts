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

/** The years the product keeps budgets for; a year outside them is a typing slip, not a query. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** A `year` query parameter: four digits from 2000 to 2100, else a 400 naming the field. */
export function yearParam(value: string, field = 'year'): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RequestValidationError([{ field, message: bilingual(`年度应为 ${FIRST_YEAR} 至 ${LAST_YEAR} 之间的四位数字`, `must be a four-digit year from ${FIRST_YEAR} to ${LAST_YEAR}`) }]);
  }
  return year;
}
