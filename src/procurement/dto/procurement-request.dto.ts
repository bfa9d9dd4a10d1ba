import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDay, IsMoney, IsOptionalField, IsRequiredText } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';
import { CATEGORY_PATTERN, RequestLineRefDto } from './award-import.dto';

const CATEGORY = Matches(CATEGORY_PATTERN, { message: bilingual('品目编码应为 A/B/C 开头的政府采购品目分类编码', 'must be a 品目 code starting with A, B or C') });

export class ProcurementItemDto {
  @IsRequiredText(100) name!: string;
  @IsOptionalField() @CATEGORY category?: string;
  @IsInt({ message: bilingual('数量应为正整数', 'quantity must be a whole number') })
  @Min(1, { message: bilingual('数量应大于零', 'quantity must be above zero') })
  @Max(1_000_000, { message: bilingual('数量过大', 'quantity is too large') })
  quantity!: number;
  @IsMoney() unitPrice!: string;
  @IsOptionalField() @IsString() @MaxLength(200) spec?: string;
}

export class QuoteDto {
  @IsRequiredText(200) supplier!: string;
  @IsMoney() amount!: string;
  @IsOptionalField() @IsUUID('all', { message: bilingual('附件编号无效', 'not an attachment id') }) attachmentId?: string;
}

/** 采购申请 as filed: the unit is the requester's; the estimate is the items' sum (a given total must equal it). */
export class ProcurementRequestDto {
  @IsOptionalField() @IsString() @MaxLength(100) unit?: string;
  @IsOptionalField() @IsUUID('all', { message: bilingual('预算指标编号无效', 'not a budget line id') }) budgetLineId?: string;
  @IsOptional() @ValidateNested() @Type(() => RequestLineRefDto) budgetLine?: RequestLineRefDto;
  @CATEGORY category!: string;
  @IsArray() @ArrayMinSize(1, { message: bilingual('至少一项采购内容', 'at least one item') }) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ProcurementItemDto) items!: ProcurementItemDto[];
  @IsOptionalField() @IsMoney() total?: string;
  @IsRequiredText(20) method!: string;
  @IsOptionalField() @IsString() @MaxLength(500) singleSourceReason?: string;
  @IsOptionalField() @IsDay() neededBy?: string;
  @IsRequiredText(500) reason!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => QuoteDto) quotes?: QuoteDto[];
  /** The award proposed with the request (supplier and amount), when sourcing came first. */
  @IsOptionalField() @IsString() @MaxLength(200) supplier?: string;
  @IsOptionalField() @IsMoney() amount?: string;
}

export class AwardDto {
  @IsRequiredText(200) supplier!: string;
  @IsMoney() amount!: string;
  @IsOptionalField() @IsDay() awardedOn?: string;
  @IsOptionalField() @IsDay() noticeOn?: string;
}

export class WithdrawDto {
  @IsOptionalField() @IsString() @MaxLength(500) comment?: string;
}
