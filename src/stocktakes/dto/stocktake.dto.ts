import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsOptionalField } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';
import { MISSING_DECISIONS, SURPLUS_DECISIONS } from '../stocktake.views';

/** 发起盘点: a unit, or one location in it. */
export class OpenStocktakeDto {
  @Matches(/^[a-z][a-z0-9_-]{0,39}$/, { message: bilingual('单位代码格式不正确', 'unit must be a unit code') }) unit!: string;
  @IsOptionalField() @IsString() @Length(1, 200, { message: bilingual('存放地点为 1 至 200 字', 'location is 1 to 200 characters') }) location?: string;
  @IsOptionalField() @IsString() @Length(1, 200, { message: bilingual('盘点名称为 1 至 200 字', 'title is 1 to 200 characters') }) title?: string;
}

/** One scan as the phone made it: its own id (a replay carries the same one), what the label read, when. */
export class ScanDto {
  @IsUUID('all', { message: bilingual('扫描编号应为 UUID', 'id must be a UUID made by the phone') }) id!: string;
  @IsString() @Length(1, 100, { message: bilingual('扫描内容为 1 至 100 字', 'code is 1 to 100 characters') }) code!: string;
  @IsISO8601({ strict: true }, { message: bilingual('扫描时间格式不正确', 'scannedAt must be an ISO 8601 time') }) scannedAt!: string;
  @IsOptionalField() @IsString() @MaxLength(100, { message: bilingual('设备名最长 100 字', 'device is at most 100 characters') }) device?: string;
}

export class ScanBatchDto {
  @IsArray() @ArrayMinSize(1, { message: bilingual('至少一次扫描', 'at least one scan') }) @ArrayMaxSize(500, { message: bilingual('一次最多 500 次扫描', 'at most 500 scans at once') })
  @IsObject({ each: true, message: bilingual('每次扫描应为对象', 'each scan must be an object') }) @ValidateNested({ each: true }) @Type(() => ScanDto) scans!: ScanDto[];
}

/** 盘盈 entered by hand: an item found with no label. */
export class ExtraItemDto {
  @IsString() @Length(1, 200, { message: bilingual('物品描述为 1 至 200 字', 'description is 1 to 200 characters') }) description!: string;
  @IsOptionalField() @IsString() @MaxLength(200, { message: bilingual('存放地点最长 200 字', 'location is at most 200 characters') }) location?: string;
}

export class GapDecisionDto {
  @IsIn(['missing', 'surplus'], { message: bilingual('差异类型应为盘亏或盘盈', 'kind must be missing or surplus') }) kind!: 'missing' | 'surplus';
  @IsString() @Length(1, 100, { message: bilingual('差异项不正确', 'key names the gap') }) key!: string;
  @IsIn([...MISSING_DECISIONS, ...SURPLUS_DECISIONS], { message: bilingual('处理意见不正确', `decision must be one of ${[...MISSING_DECISIONS, ...SURPLUS_DECISIONS].join(', ')}`) }) decision!: string;
  @IsOptionalField() @IsString() @MaxLength(500, { message: bilingual('说明最长 500 字', 'note is at most 500 characters') }) note?: string;
}

/** Decisions on gaps, one by one, and/or one decision for every missing card still without one. */
export class DecideGapsDto {
  @IsOptional() @IsArray() @ArrayMaxSize(5000) @IsObject({ each: true, message: bilingual('每条处理意见应为对象', 'each decision must be an object') }) @ValidateNested({ each: true }) @Type(() => GapDecisionDto) decisions?: GapDecisionDto[];
  @IsOptionalField() @IsIn([...MISSING_DECISIONS], { message: bilingual('处理意见不正确', `allMissing must be one of ${MISSING_DECISIONS.join(', ')}`) }) allMissing?: string;
  @IsOptionalField() @IsString() @MaxLength(500) allMissingNote?: string;
}
