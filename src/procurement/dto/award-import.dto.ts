import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsDay, IsMoney, IsOptionalField, IsRequiredText } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';

/** A budget line as the chain scenarios name it: unit, subject, fund and (special funds) the project name. */
export class BudgetLineRefDto {
  @IsRequiredText(100) unit!: string;
  @Matches(/^\d{3,7}$/, { message: bilingual('科目应为经济分类编码，如 31002', 'subject must be an economic classification code like 31002') }) subject!: string;
  @IsIn(['basic', 'special'], { message: bilingual('资金性质应为 basic 或 special', 'fund must be basic or special') }) fund!: 'basic' | 'special';
  @IsOptionalField() @IsString() name?: string;
}

/** A request's line: the unit is the requester's own, so it may be left out. */
export class RequestLineRefDto {
  @IsOptionalField() @IsString() @MaxLength(100) unit?: string;
  @Matches(/^\d{3,7}$/, { message: bilingual('科目应为经济分类编码，如 31002', 'subject must be an economic classification code like 31002') }) subject!: string;
  @IsIn(['basic', 'special'], { message: bilingual('资金性质应为 basic 或 special', 'fund must be basic or special') }) fund!: 'basic' | 'special';
  @IsOptionalField() @IsString() @MaxLength(100) name?: string;
}

export const CATEGORY_PATTERN = /^[ABC]\d{0,12}$/;

/** One earlier award, as given: supplier by name, credit code or id; method by code or Chinese name. */
export class AwardImportRowDto {
  @IsRequiredText(100) unit!: string;
  @ValidateNested() @Type(() => BudgetLineRefDto) budgetLine!: BudgetLineRefDto;
  @Matches(CATEGORY_PATTERN, { message: bilingual('品目编码应为 A/B/C 开头的政府采购品目分类编码', 'category must be a 品目 code starting with A, B or C') }) category!: string;
  @IsRequiredText(20) method!: string;
  @IsRequiredText(200) supplier!: string;
  @IsMoney() amount!: string;
  @IsDay() awardedOn!: string;
  @IsOptional() @IsDay() noticeOn?: string;
}

export class AwardImportDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000) @ValidateNested({ each: true }) @Type(() => AwardImportRowDto) awards!: AwardImportRowDto[];
}
