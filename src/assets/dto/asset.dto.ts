import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalField } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';

const UUID_MESSAGE = (what: string) => bilingual(`${what}编号格式不正确`, `must be the id of a ${what}`);

/** 建卡: cards for the units of an accepted item still without one. */
export class CardFromAcceptanceDto {
  @IsUUID('all', { message: UUID_MESSAGE('验收记录') }) acceptanceId!: string;
  @IsUUID('all', { message: UUID_MESSAGE('合同标的') }) itemId!: string;
  @Matches(/^[A-Z][0-9]{2,8}$/, { message: bilingual('资产分类代码格式不正确', 'classCode must be a GB/T 14885 class code such as A02010104') }) classCode!: string;
  @IsOptionalField() @IsString() @MaxLength(200, { message: bilingual('存放地点最长 200 字', 'location is at most 200 characters') }) location?: string;
  @IsOptionalField() @IsUUID('all', { message: UUID_MESSAGE('保管人') }) keeperId?: string;
  @IsOptionalField() @IsString() @MaxLength(200, { message: bilingual('规格型号最长 200 字', 'model is at most 200 characters') }) model?: string;
  @IsOptional()
  @IsInt({ message: bilingual('建卡数量应为整数', 'count must be a whole number') })
  @Min(1, { message: bilingual('建卡数量至少为 1', 'count must be at least 1') })
  @Max(10000, { message: bilingual('建卡数量最多 10000', 'count must be at most 10000') })
  count?: number;
}
