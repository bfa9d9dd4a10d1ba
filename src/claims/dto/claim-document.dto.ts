import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { applyAll, IsOptionalField, IsDay as Day, IsMoney as Money, IsRequiredText as RequiredText } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';

const Nested = (type: () => new () => object) => applyAll([ValidateNested({ each: true }), Type(type) as PropertyDecorator]);
const List = (min: number, max: number) =>
  applyAll([
    IsArray({ message: bilingual('应为列表', 'must be a list') }),
    ArrayMinSize(min, { message: bilingual(`至少 ${min} 项`, `needs at least ${min} item(s)`) }),
    ArrayMaxSize(max, { message: bilingual(`最多 ${max} 项`, `takes at most ${max} items`) }),
  ]);

export class BudgetLineRef {
  @RequiredText(100) unit!: string;
  @Matches(/^\d{3,7}$/, { message: bilingual('预算科目应为经济分类编码，如 30211', 'must be an economic classification code like 30211') })
  subject!: string;
  @IsIn(['basic', 'special'], { message: bilingual('资金类型应为 basic（基本支出）或 special（专项）', 'must be basic or special') })
  fund!: 'basic' | 'special';
  @IsOptionalField() @RequiredText(100) name?: string;
}

export class TravelLeg {
  @IsIn(['train', 'air', 'ship', 'bus'], { message: bilingual('交通方式应为 train/air/ship/bus', 'must be train, air, ship or bus') })
  mode!: 'train' | 'air' | 'ship' | 'bus';
  @RequiredText(20) class!: string;
  @RequiredText(50) from!: string;
  @RequiredText(50) to!: string;
  @Day() date!: string;
  @Money() fare!: string;
  @IsOptionalField() @Money() fullFare?: string;
  @IsOptionalField() @Day() bookedOn?: string;
  @IsOptionalField() @RequiredText(500) reason?: string;
}

export class Lodging {
  @RequiredText(50) city!: string;
  @IsInt({ message: bilingual('晚数应为整数', 'must be a whole number of nights') })
  @Min(1, { message: bilingual('至少 1 晚', 'must be at least 1') })
  @Max(366, { message: bilingual('不能超过 366 晚', 'must be at most 366') })
  nights!: number;
  @Money() amount!: string;
  /** The lodging invoice; without one the nights are not reimbursed (STD-NO-LODGING-INVOICE). */
  @IsOptionalField() @RequiredText(40) invoice?: string;
}

export class Allowances {
  @IsInt({ message: bilingual('天数应为整数', 'must be a whole number of days') }) @Min(0) @Max(366) mealDays!: number;
  @Money() meal!: string;
  @IsInt({ message: bilingual('天数应为整数', 'must be a whole number of days') }) @Min(0) @Max(366) transportDays!: number;
  @Money() transport!: string;
}

export class Trip {
  @RequiredText(50) traveller!: string;
  @RequiredText(50) destination!: string;
  @Day() start!: string;
  @Day() end!: string;
  @List(0, 50) @Nested(() => TravelLeg) legs!: TravelLeg[];
  @List(0, 50) @Nested(() => Lodging) lodging!: Lodging[];
  @IsOptionalField() @IsObject({ message: bilingual('补助应为对象', 'must be an object') })
  @ValidateNested() @Type(() => Allowances) allowances?: Allowances;
}

export class ExpenseItem {
  @Matches(/^\d{3,7}$/, { message: bilingual('预算科目应为经济分类编码', 'must be an economic classification code') })
  subject!: string;
  @RequiredText(200) description!: string;
  @Money() amount!: string;
  @RequiredText(40) invoice!: string;
  @RequiredText(100) payee!: string;
}

export class InvoiceDto {
  @IsOptionalField() @RequiredText(20) code?: string;
  @RequiredText(40) number!: string;
  @Day() date!: string;
  @IsIn(['lodging', 'transport', 'general'], { message: bilingual('发票类别应为 lodging/transport/general', 'must be lodging, transport or general') })
  kind!: 'lodging' | 'transport' | 'general';
  @IsOptionalField() @RequiredText(50) city?: string;
  @Money() amount!: string;
  @IsNumber({}, { message: bilingual('税率应为百分数，如 6', 'must be a percentage like 6') })
  @Min(0) @Max(100)
  taxRate!: number;
  @Money() tax!: string;
  @Money() total!: string;
  @RequiredText(100) buyerName!: string;
  @RequiredText(30) buyerTaxId!: string;
  @RequiredText(100) sellerName!: string;
  @RequiredText(30) sellerTaxId!: string;
}

/** A file uploaded beforehand (POST /api/attachments) that the claim carries: an invoice's original or a required document. */
export class ClaimAttachmentRef {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: bilingual('附件编号无效', 'must be the id of an uploaded attachment') })
  id!: string;
  /** `invoice` for an invoice's original, else the document's name (会议通知, 签到表 …). */
  @IsOptionalField() @RequiredText(50) category?: string;
  /** The invoice row (its number as typed) the original proves. */
  @IsOptionalField() @RequiredText(40) invoice?: string;
}

/** The claim document (shared/acceptance/README.md): what the forms submit and screening reads. */
export class ClaimDocument {
  @IsIn(['travel', 'expense'], { message: bilingual('报销类型应为 travel（差旅）或 expense（日常费用）', 'must be travel or expense') })
  type!: 'travel' | 'expense';
  @RequiredText(50) claimant!: string;
  @IsObject({ message: bilingual('预算指标必填', 'budgetLine is required') })
  @ValidateNested() @Type(() => BudgetLineRef) budgetLine!: BudgetLineRef;
  @RequiredText(500) purpose!: string;
  @IsOptionalField() @List(0, 20) @Nested(() => Trip) trips?: Trip[];
  @IsOptionalField() @List(0, 200) @Nested(() => ExpenseItem) items?: ExpenseItem[];
  @List(0, 200) @Nested(() => InvoiceDto) invoices!: InvoiceDto[];
  @IsOptionalField() @List(0, 100) @Nested(() => ClaimAttachmentRef) attachments?: ClaimAttachmentRef[];
}
