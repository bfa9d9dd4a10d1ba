import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MONEY_PATTERN } from './money';
import { bilingual } from './validation';

/** The field decorators request bodies share, each with its bilingual message. */

export const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Several property decorators as one. */
export const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

/** An amount in yuan as a decimal string, at most two decimals. */
export const IsMoney = () =>
  Matches(MONEY_PATTERN, { message: bilingual('金额格式应为元，最多两位小数，如 123.45', 'must be an amount in yuan with at most two decimals, like 123.45') });

/** A calendar day as YYYY-MM-DD. */
export const IsDay = () => Matches(ISO_DAY, { message: bilingual('日期格式应为 YYYY-MM-DD', 'must be a date as YYYY-MM-DD') });

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
