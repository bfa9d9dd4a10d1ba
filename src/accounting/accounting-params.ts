import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { DIMENSIONS, Dimension } from './chart';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

const refuse = (field: string, zh: string, en: string): never => {
  throw new RequestValidationError([{ field, message: bilingual(zh, en) }]);
};

/** A YYYY-MM accounting period from a query or path. */
export function periodParam(value: unknown, field = 'period'): string {
  if (typeof value !== 'string' || !PERIOD.test(value) || value < '2000-01' || value > '2100-12') refuse(field, '会计期间格式应为 YYYY-MM', 'must be an accounting period as YYYY-MM');
  return value as string;
}

export function optionalPeriod(value: unknown, field = 'period'): string | undefined {
  return value === undefined || value === '' ? undefined : periodParam(value, field);
}

/** Plain text of a query parameter: a short string without control characters. */
export function textParam(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 100 || /[\u0000-\u001f]/.test(value)) refuse(field, '应为不超过 100 字的文字', 'must be text of at most 100 characters');
  return value as string;
}

export function choiceParam<T extends string>(value: unknown, field: string, choices: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !choices.includes(value as T)) refuse(field, `应为 ${choices.join(' / ')}`, `must be one of ${choices.join(', ')}`);
  return value as T;
}

export function intParam(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d{1,7}$/.test(value) || n < min || n > max) refuse(field, `应为 ${min} 至 ${max} 的整数`, `must be a whole number from ${min} to ${max}`);
  return n;
}

export function subjectParam(value: unknown, field = 'subject'): string {
  if (typeof value !== 'string' || !/^\d{4,8}$/.test(value)) refuse(field, '科目编码应为 4 至 8 位数字', 'must be a subject code of 4 to 8 digits');
  return value as string;
}

/** The auxiliary-dimension filters of a 明细账 query. */
export function dimensionFilter(query: Record<string, unknown>): Partial<Record<Dimension, string>> {
  const filter: Partial<Record<Dimension, string>> = {};
  for (const dimension of DIMENSIONS) {
    const value = textParam(query[dimension], dimension);
    if (value) filter[dimension] = value;
  }
  return filter;
}
