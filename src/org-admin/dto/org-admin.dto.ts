import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy, ValidateNested } from 'class-validator';
import { isValidCreditCode } from '../../invoices/credit-code';
import { IsRequiredText as Text } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';
import { GROUP_CODES, GroupCode } from '../../org/org.entities';

/** 统一社会信用代码 with its check character (GB 32100-2015). */
const IsCreditCode = () =>
  ValidateBy({ name: 'isCreditCode', validator: { validate: (value) => isValidCreditCode(value) } }, { message: bilingual('统一社会信用代码应为18位且校验位正确', 'must be an 18-character unified social credit code with a valid check character') });

export class CreateUnitDto {
  @Matches(/^[a-z][a-z0-9-]{1,39}$/, { message: bilingual('单位代码应为小写字母开头的字母、数字或连字符', 'must be lower-case letters, digits or hyphens, starting with a letter') })
  code!: string;
  @Text(100) name!: string;
  /** The invoice title (购买方名称) and 统一社会信用代码 the unit's invoices carry; the bureau's by default. */
  @IsOptional() @Text(100) invoiceTitle?: string;
  @IsOptional() @IsCreditCode() creditCode?: string;
}

/** Changes to a unit; its code is fixed because engine candidate groups carry it. */
export class UpdateUnitDto {
  @IsOptional() @Text(100) name?: string;
  @IsOptional() @Text(100) invoiceTitle?: string;
  @IsOptional() @IsCreditCode() creditCode?: string;
}

const Tier = () => IsIn(['minister', 'bureau', 'other'], { message: bilingual('职级档次应为 minister/bureau/other', 'must be minister, bureau or other') });

export class MembershipDto {
  @IsIn(GROUP_CODES, { message: bilingual('岗位不存在', 'is not a known group') })
  code!: GroupCode;
  /** The unit a unit-scoped group (unit-head, fund-owner) serves, by code; the user's own unit by default. */
  @IsOptional() @Text(40) unit?: string;
}

export class CreateUserDto {
  @Matches(/^[a-z][a-z0-9_-]{1,39}$/, { message: bilingual('用户名应为小写字母开头的字母、数字、下划线或连字符', 'must be lower-case letters, digits, _ or -, starting with a letter') })
  username!: string;
  @Text(50) displayName!: string;
  @Text(50) title!: string;
  @Tier() tier!: 'minister' | 'bureau' | 'other';
  /** The unit's code. */
  @Text(40) unit!: string;
  @IsString({ message: bilingual('必填文字', 'must be text') }) @MinLength(8, { message: bilingual('密码至少8位', 'must be at least 8 characters') }) @MaxLength(200)
  password!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => MembershipDto) groups?: MembershipDto[];
}

export class UpdateUserDto {
  @IsOptional() @Text(50) displayName?: string;
  @IsOptional() @Text(50) title?: string;
  @IsOptional() @Tier() tier?: 'minister' | 'bureau' | 'other';
  /** Moves the person to another unit, by code. */
  @IsOptional() @Text(40) unit?: string;
}

/** The person's memberships, replacing the ones they have. */
export class SetGroupsDto {
  @IsArray({ message: bilingual('岗位应为列表', 'must be a list of groups') }) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => MembershipDto) groups!: MembershipDto[];
}

export class PeopleQuery {
  @IsOptional() @Text(40) unit?: string;
  @IsOptional() @Text(50) q?: string;
  /** `true` lists deactivated people too. */
  @IsOptional() @IsIn(['true', 'false']) inactive?: string;
}
