import { IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsMoney as Money } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';

const SUBJECT = /^\d{3,7}$/;

export class CreateBudgetLineDto {
  /** The unit, by name (城西派出所) or code. */
  @IsString({ message: bilingual('必填文字', 'must be text') }) @MinLength(1) @MaxLength(100) unit!: string;
  @IsInt({ message: bilingual('年度应为整数', 'must be a whole year') }) @Min(2000) @Max(2100) year!: number;
  @Matches(SUBJECT, { message: bilingual('预算科目应为经济分类编码，如 30211', 'must be an economic classification code like 30211') }) subject!: string;
  @IsIn(['basic', 'special'], { message: bilingual('资金类型应为 basic 或 special', 'must be basic or special') }) fund!: 'basic' | 'special';
  /** A special fund's name. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  /** The subjects a special fund may pay for (its own subject by default). */
  @IsOptional() @IsArray() @Matches(SUBJECT, { each: true, message: bilingual('科目应为经济分类编码', 'subjects must be economic classification codes') }) subjects?: string[];
  /** The candidate group owning a special fund (fund-owner:<unit> by default). */
  @IsOptional() @IsString() @MaxLength(100) ownerGroup?: string;
  @IsIn(['FORBID', 'WARN', 'ALLOW'], { message: bilingual('控制方式应为 FORBID/WARN/ALLOW', 'must be FORBID, WARN or ALLOW') }) mode!: 'FORBID' | 'WARN' | 'ALLOW';
  @Money() allocated!: string;
  /** 三公 subjects: last year's actual spending, the ceiling of BUD-SANGONG. */
  @IsOptional() @Money() lastYearActual?: string;
  /** Spending this year before the line was kept here (imported as one entry). */
  @IsOptional() @Money() spentThisYear?: string;
}

export class AllocationDto {
  /** Yuan; negative takes allocation away (never below what is reserved and committed). */
  @Matches(/^-?\d{1,12}(\.\d{1,2})?$/, { message: bilingual('金额格式应为元，可为负数，最多两位小数', 'must be an amount in yuan, possibly negative, with at most two decimals') })
  amount!: string;
  @IsString({ message: bilingual('请填写调整原因', 'a reason is required') }) @MinLength(1, { message: bilingual('请填写调整原因', 'a reason is required') }) @MaxLength(500) reason!: string;
}

/** Move allocation from one line to another. */
export class AdjustmentProposalDto {
  @IsString({ message: bilingual('请选择调出指标', 'the line to move from is required') }) from!: string;
  @IsString({ message: bilingual('请选择调入指标', 'the line to move to is required') }) to!: string;
  @Money() amount!: string;
  @IsString({ message: bilingual('请填写调整原因', 'a reason is required') }) @MinLength(1, { message: bilingual('请填写调整原因', 'a reason is required') }) @MaxLength(500) reason!: string;
}
