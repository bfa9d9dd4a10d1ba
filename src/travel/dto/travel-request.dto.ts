import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MONEY_PATTERN } from '../../common/money';
import { bilingual } from '../../common/validation';

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const Day = () => Matches(ISO_DAY, { message: bilingual('日期格式应为 YYYY-MM-DD', 'must be a date as YYYY-MM-DD') });
const Text = (max: number) => (target: object, key: string | symbol) => {
  IsString({ message: bilingual('必填文字', 'must be text') })(target, key);
  MinLength(1, { message: bilingual('不能为空', 'must not be empty') })(target, key);
  MaxLength(max, { message: bilingual(`不能超过 ${max} 个字符`, `must be at most ${max} characters`) })(target, key);
};

/** 出差申请: who travels where, when, for what, and at what estimated cost. */
export class TravelRequestDto {
  @Text(50) traveller!: string;
  @Text(50) destination!: string;
  @Day() start!: string;
  @Day() end!: string;
  @Matches(MONEY_PATTERN, { message: bilingual('金额格式应为元，最多两位小数', 'must be an amount in yuan with at most two decimals') })
  estimate!: string;
  @Text(500) purpose!: string;
}
