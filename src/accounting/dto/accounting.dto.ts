import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { BUSINESS_EVENT_KINDS } from '../../business-events/business-event';
import { DIMENSIONS } from '../chart';
import { bilingual } from '../../common/validation';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class PostingRuleEntryDto {
  @IsIn(['financial', 'budget'], { message: bilingual('账套应为 financial 或 budget', 'must be financial or budget') }) book!: 'financial' | 'budget';
  @IsIn(['debit', 'credit'], { message: bilingual('方向应为 debit 或 credit', 'must be debit or credit') }) side!: 'debit' | 'credit';
  @Matches(/^\d{4,8}$/, { message: bilingual('科目编码应为 4 至 8 位数字', 'must be a subject code of 4 to 8 digits') }) subject!: string;
  @IsArray({ message: bilingual('辅助核算应为列表', 'must be a list of dimensions') }) @ArrayMaxSize(6) @IsIn(DIMENSIONS, { each: true, message: bilingual(`辅助核算应为 ${DIMENSIONS.join(', ')}`, `each must be one of ${DIMENSIONS.join(', ')}`) }) dimensions!: (typeof DIMENSIONS)[number][];
}

export class PostingRuleWhenDto {
  @IsOptional() @IsArray() @ArrayMaxSize(3) @IsIn(['authorized', 'card', 'direct'], { each: true, message: bilingual('支付方式应为 authorized、card 或 direct', 'each must be authorized, card or direct') }) method?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(2) @IsIn(['basic', 'special'], { each: true, message: bilingual('资金应为 basic 或 special', 'each must be basic or special') }) fund?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(/^\d{1,7}$/, { each: true, message: bilingual('经济分类前缀应为数字', 'each must be digits of an economic code') }) economicPrefix?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(6) @IsIn(DIMENSIONS, { each: true, message: bilingual(`应为 ${DIMENSIONS.join(', ')}`, `each must be one of ${DIMENSIONS.join(', ')}`) }) has?: (typeof DIMENSIONS)[number][];
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(/^[a-z][a-z-]{0,39}$/, { each: true, message: bilingual('行的用途应为小写字母和连字符', 'each must be a line part in lower-case letters and hyphens') }) part?: string[];
}

export class PostingRuleDto {
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: bilingual('规则编号应为小写字母、数字和连字符', 'must be lower-case letters, digits and hyphens') }) id!: string;
  @IsString({ message: bilingual('请填写规则名称', 'a label is required') }) @MinLength(1) @MaxLength(200) label!: string;
  @IsIn(BUSINESS_EVENT_KINDS, { message: bilingual(`业务事件应为 ${BUSINESS_EVENT_KINDS.join(', ')}`, `must be one of ${BUSINESS_EVENT_KINDS.join(', ')}`) }) event!: string;
  @IsOptional() @ValidateNested() @Type(() => PostingRuleWhenDto) when?: PostingRuleWhenDto;
  @IsArray({ message: bilingual('分录应为列表', 'entries must be a list') }) @ArrayMinSize(1, { message: bilingual('至少一条分录', 'at least one entry') }) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => PostingRuleEntryDto) entries!: PostingRuleEntryDto[];
}

export class PostingRulesDto {
  @Matches(DAY, { message: bilingual('生效日期格式应为 YYYY-MM-DD', 'must be a day as YYYY-MM-DD') }) effectiveFrom!: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsArray({ message: bilingual('规则应为列表', 'rules must be a list') }) @ArrayMinSize(1, { message: bilingual('至少一条规则', 'at least one rule') }) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => PostingRuleDto) rules!: PostingRuleDto[];
}

export class PostingRulesDryRunDto extends PostingRulesDto {
  /** How many of the latest events to run it on (default 50). */
  @IsOptional() @IsInt({ message: bilingual('事件数应为整数', 'must be a whole number') }) @Min(1) @Max(1000) last?: number;
}

export class ReverseVoucherDto {
  @IsString({ message: bilingual('请填写冲销原因', 'a reason is required') }) @MinLength(1, { message: bilingual('请填写冲销原因', 'a reason is required') }) @MaxLength(500) reason!: string;
}

export class ReopenPeriodDto {
  @IsString({ message: bilingual('请填写重新打开的原因', 'a reason is required') }) @MinLength(1, { message: bilingual('请填写重新打开的原因', 'a reason is required') }) @MaxLength(500) reason!: string;
}
