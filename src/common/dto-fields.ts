import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { MONEY_PATTERN } from './money';
import { bilingual } from './validation';

/** The field decorators request bodies share, each with its bilingual message. */

export const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Several property decorators as one. */
export const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

/** An amount in yuan as a decimal string, at most two decimals. */
export const IsMoney = () =>
  Matches(MONEY_PATTERN, { message: bilingual('金额格式应为元，最多两位小数，如 123.45', 'must be an amount in yuan with at most two decimals, like 123.45') });

/**
 * A real calendar day as YYYY-MM-DD between 1900 and 2999: 2026-02-30 or 0000-01-01 match the
 * pattern but are no day, and would fail deeper down (in screening or in PostgreSQL).
 */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DAY.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < 1900 || year > 2999) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** A calendar day as YYYY-MM-DD that exists. */
export const IsDay = () =>
  ValidateBy({ name: 'isCalendarDay', validator: { validate: isCalendarDay } }, { message: bilingual('日期应为存在的日期，格式 YYYY-MM-DD', 'must be a real date as YYYY-MM-DD') });

/** Non-empty text of at most `max` characters. */
export const IsRequiredText = (max = 200) =>
  applyAll([
    IsString({ message: bilingual('必填文字', 'must be text') }),
    MinLength(1, { message: bilingual('不能为空', 'must not be empty') }),
    MaxLength(max, { message: bilingual(`不能超过 ${max} 个字符`, `must be at most ${max} characters`) }),
  ]);

/**
 * An optional field where empty text means "not given": forms submit "" for a field left blank
 * (an empty lodging invoice is "no invoice"), and the document stores it as absent.
 */
export const IsOptionalField = () => applyAll([Transform(({ value }) => (value === '' ? undefined : value)) as PropertyDecorator, IsOptional()]);
