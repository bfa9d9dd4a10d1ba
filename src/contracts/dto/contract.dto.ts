import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsDay, IsMoney, IsOptionalField, IsRequiredText } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';
import { BudgetLineRefDto } from '../../procurement/dto/award-import.dto';
import { MILESTONE_CONDITIONS } from '../contract-facts';

const CONDITION_MESSAGE = bilingual('付款条件应为 signing、delivery、acceptance 或 warranty', 'condition must be signing, delivery, acceptance or warranty');
const UUID_MESSAGE = (what: string) => bilingual(`${what}编号格式不正确`, `must be the id of a ${what}`);

/** One payment term: a share of the amount (percent) or an amount, due when its condition holds. */
export class MilestoneDto {
  @IsRequiredText(100) name!: string;
  @IsIn(MILESTONE_CONDITIONS, { message: CONDITION_MESSAGE }) condition!: 'signing' | 'delivery' | 'acceptance' | 'warranty';
  @IsOptionalField() @IsMoney() amount?: string;
  @IsOptionalField()
  @IsNumber({ maxDecimalPlaces: 2 }, { message: bilingual('比例应为百分数，最多两位小数', 'percent must be a number with at most two decimals') })
  @Min(0.01, { message: bilingual('比例应大于 0', 'percent must be above 0') })
  @Max(100, { message: bilingual('比例不能超过 100', 'percent must be at most 100') })
  percent?: number;
}

/** What is bought, as acceptance checks delivery against it. */
export class ContractItemDto {
  @IsRequiredText(100) name!: string;
  @IsOptionalField() @Matches(/^[ABC]\d{0,12}$/, { message: bilingual('品目编码应为 A/B/C 开头', 'category must be a 品目 code starting with A, B or C') }) category?: string;
  @IsNumber({ maxDecimalPlaces: 2 }, { message: bilingual('数量应为数字', 'quantity must be a number') }) @Min(0.01, { message: bilingual('数量应大于 0', 'quantity must be above 0') }) quantity!: number;
  @IsMoney() unitPrice!: string;
  @IsOptional() @IsBoolean({ message: bilingual('应为是或否', 'must be true or false') }) specialEquipment?: boolean;
}

class ContractTermsDto {
  @IsRequiredText(200) title!: string;
  @IsMoney() amount!: string;
  @IsOptionalField() @IsMoney() bond?: string;
  /** The signing day planned (CTR-LATE-SIGN reads it; the signing step records the real one). */
  @IsOptionalField() @IsDay() signedOn?: string;
  @IsOptionalField() @IsDay() endsOn?: string;
  @IsOptionalField() @IsDay() warrantyEndsOn?: string;
  @IsOptionalField()
  @IsInt({ message: bilingual('付款期限应为整天数', 'paymentTermDays must be whole days') })
  @Min(1, { message: bilingual('付款期限至少 1 天', 'paymentTermDays must be at least 1') })
  @Max(60, { message: bilingual('付款期限不得超过 60 天（保障中小企业款项支付条例第八条）', 'paymentTermDays may not exceed 60 (SME payment regulations art. 8)') })
  paymentTermDays?: number;
  @IsArray({ message: bilingual('付款节点应为列表', 'milestones must be a list') })
  @ArrayMinSize(1, { message: bilingual('至少一个付款节点', 'at least one milestone') })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones!: MilestoneDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ContractItemDto) items?: ContractItemDto[];
}

/** A returned contract's terms, revised by its submitter; the award or the original it was drawn from stays. */
export class ReviseContractDto extends ContractTermsDto {}

/** A contract drawn from an award (supplier, unit, line and awarded amount come from it), or a supplement of a contract. */
export class CreateContractDto extends ContractTermsDto {
  @IsOptionalField() @IsUUID('all', { message: UUID_MESSAGE('中标记录') }) awardId?: string;
  /** The contract this one supplements (补充合同); its supplier, unit and line are taken over. */
  @IsOptionalField() @IsUUID('all', { message: UUID_MESSAGE('合同') }) supplementOf?: string;
}

export class SignContractDto {
  @IsDay() signedOn!: string;
}

/** A payment already made on an imported contract. */
export class ImportedPaymentDto {
  @IsRequiredText(100) milestone!: string;
  @IsMoney() amount!: string;
  @IsDay() paidOn!: string;
}

/** A contract signed before the product, as an administrator imports it, with what was delivered, accepted and paid. */
export class ImportContractDto {
  @IsRequiredText(50) ref!: string;
  @IsRequiredText(100) unit!: string;
  @ValidateNested() @Type(() => BudgetLineRefDto) budgetLine!: BudgetLineRefDto;
  @IsRequiredText(200) supplier!: string;
  @IsMoney() amount!: string;
  @IsMoney() awardAmount!: string;
  @IsDay() awardedOn!: string;
  @IsDay() signedOn!: string;
  @IsOptionalField() @IsMoney() bond?: string;
  @IsOptionalField() @IsString() supplementOf?: string;
  @IsOptionalField() @IsDay() endsOn?: string;
  @IsOptionalField() @IsDay() warrantyEndsOn?: string;
  @IsOptionalField() @IsInt() @Min(1) @Max(60, { message: bilingual('付款期限不得超过 60 天', 'paymentTermDays may not exceed 60') }) paymentTermDays?: number;
  @IsArray() @ArrayMinSize(1, { message: bilingual('至少一个付款节点', 'at least one milestone') }) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => MilestoneDto) milestones!: MilestoneDto[];
  @IsOptionalField() @IsDay() deliveredOn?: string;
  @IsOptionalField() @IsDay() acceptedOn?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ImportedPaymentDto) payments?: ImportedPaymentDto[];
}

export class ImportContractsDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ImportContractDto) contracts!: ImportContractDto[];
}

export class AcceptanceLineDto {
  @IsUUID('all', { message: UUID_MESSAGE('合同标的') }) itemId!: string;
  @IsNumber({ maxDecimalPlaces: 2 }, { message: bilingual('数量应为数字', 'quantity must be a number') }) @Min(0.01, { message: bilingual('数量应大于 0', 'quantity must be above 0') }) quantity!: number;
}

/** 验收: who accepted what was delivered against the contract's items, and when; the report is an attachment of the contract. */
export class AcceptanceDto {
  @IsDay() deliveredOn!: string;
  @IsDay() acceptedOn!: string;
  @IsRequiredText(200) acceptedBy!: string;
  @IsOptionalField() @IsString() note?: string;
  @IsUUID('all', { message: UUID_MESSAGE('验收报告附件') }) reportAttachmentId!: string;
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => AcceptanceLineDto) lines!: AcceptanceLineDto[];
}

/** A returned payment request revised by its submitter: the milestone, amount and payee of the same contract. */
export class ReviseContractPaymentDto {
  @IsUUID('all', { message: UUID_MESSAGE('付款节点') }) milestoneId!: string;
  @IsMoney() amount!: string;
  @Matches(/^[0-9][0-9 -]{5,40}$/, { message: bilingual('收款账号应为银行账号数字', 'payeeAccount must be a bank account number') }) payeeAccount!: string;
}

export class ContractPaymentDto {
  @IsUUID('all', { message: UUID_MESSAGE('合同') }) contractId!: string;
  @IsUUID('all', { message: UUID_MESSAGE('付款节点') }) milestoneId!: string;
  @IsMoney() amount!: string;
  @Matches(/^[0-9][0-9 -]{5,40}$/, { message: bilingual('收款账号应为银行账号数字', 'payeeAccount must be a bank account number') }) payeeAccount!: string;
}
