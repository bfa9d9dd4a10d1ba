import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDay, IsMoney, IsOptionalField, IsRequiredText } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';

const ATTACHMENTS = () => [
  IsOptional(),
  IsArray({ message: bilingual('附件应为列表', 'attachmentIds must be a list') }),
  ArrayMaxSize(20, { message: bilingual('附件最多 20 个', 'at most 20 attachments') }),
  IsUUID('all', { each: true, message: bilingual('附件编号格式不正确', 'each attachment id must be an id') }),
];
const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));
const NOTE = () => applyAll([IsOptionalField(), IsString({ message: bilingual('备注应为文字', 'note must be text') }), MaxLength(500, { message: bilingual('备注最长 500 字', 'note is at most 500 characters') })]);

/** What every change on a card carries: the day it happened (today when left out), a note, attachments of the card. */
class AssetChangeDto {
  @IsOptionalField() @IsDay() occurredOn?: string;
  @NOTE() note?: string;
  @applyAll(ATTACHMENTS()) attachmentIds?: string[];
}

/** 领用: the asset is issued to a person, who holds it from then on. */
export class IssueAssetDto extends AssetChangeDto {
  @IsUUID('all', { message: bilingual('请选择领用人', 'holderId must be the id of a person') }) holderId!: string;
  @IsOptionalField() @IsString() @MaxLength(200, { message: bilingual('存放地点最长 200 字', 'location is at most 200 characters') }) location?: string;
}

/** 交回: the holder gives the asset back to stock. */
export class ReturnAssetDto extends AssetChangeDto {
  @IsOptionalField() @IsString() @MaxLength(200, { message: bilingual('存放地点最长 200 字', 'location is at most 200 characters') }) location?: string;
}

/** 维修 starts: why, and who repairs it. */
export class StartRepairDto extends AssetChangeDto {
  @IsRequiredText(500) reason!: string;
  @IsRequiredText(200) vendor!: string;
}

/** 维修 ends: what it cost and what the repairer said. */
export class FinishRepairDto extends AssetChangeDto {
  @IsMoney() cost!: string;
  @IsOptionalField() @IsString() @MaxLength(500, { message: bilingual('维修说明最长 500 字', 'vendorNote is at most 500 characters') }) vendorNote?: string;
}
