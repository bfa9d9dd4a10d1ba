import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsOptionalField, IsRequiredText } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';

export class SupplierContactDto {
  @IsRequiredText(50) name!: string;
  @IsOptionalField() @IsString() @MaxLength(30) phone?: string;
  @IsOptionalField() @IsString() @MaxLength(50) role?: string;
}

const ACCOUNT = Matches(/^[0-9]{6,34}$/, { message: bilingual('银行账号应为 6–34 位数字', 'bank account must be 6 to 34 digits') });

/** A supplier as registered: the credit code is checked by GB 32100's check character in the service. */
export class SupplierDto {
  @IsRequiredText(200) name!: string;
  @IsRequiredText(18) creditCode!: string;
  @IsOptionalField() @ACCOUNT account?: string;
  @IsOptionalField() @IsString() @MaxLength(100) bankName?: string;
  @IsOptional() @IsBoolean({ message: bilingual('应为是或否', 'must be true or false') }) sme?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => SupplierContactDto) contacts?: SupplierContactDto[];
}

/** What may change: everything but the credit code, which is the supplier. */
export class SupplierUpdateDto {
  @IsOptionalField() @IsRequiredText(200) name?: string;
  @IsOptionalField() @ACCOUNT account?: string;
  @IsOptionalField() @IsString() @MaxLength(100) bankName?: string;
  @IsOptional() @IsBoolean({ message: bilingual('应为是或否', 'must be true or false') }) sme?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => SupplierContactDto) contacts?: SupplierContactDto[];
}
