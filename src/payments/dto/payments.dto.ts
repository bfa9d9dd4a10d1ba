import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IsRequiredText as Text } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';
import { ACCOUNT_NO, CARD_NO, normaliseNumber } from '../account-numbers';

const digits = () => Transform(({ value }) => (typeof value === 'string' ? normaliseNumber(value) : value));

/** A person's payroll account and 公务卡, as the administrator keeps them. */
export class BankAccountDto {
  @digits()
  @Matches(ACCOUNT_NO, { message: bilingual('银行账号应为 12 至 30 位数字', 'must be 12 to 30 digits') })
  accountNo!: string;
  @Text(60) bankName!: string;
  /** Left out or empty when the person holds no 公务卡. */
  @IsOptional()
  @Transform(({ value }) => (value === '' || value === null ? undefined : typeof value === 'string' ? normaliseNumber(value) : value))
  @Matches(CARD_NO, { message: bilingual('公务卡号应为 16 至 19 位数字', 'must be 16 to 19 digits') })
  cardNo?: string;
}

export class PayableRefDto {
  @Matches(/^[a-z][a-z-]*[a-z]$/, { message: bilingual('来源类型无效', 'must be a payable source kind') })
  kind!: string;
  @Text(100) id!: string;
}

/** The due items the cashier selected for a new batch. */
export class BuildBatchDto {
  @IsArray({ message: bilingual('应为列表', 'must be a list') })
  @ArrayMinSize(1, { message: bilingual('至少选择 1 笔', 'needs at least one line') })
  @ArrayMaxSize(10000, { message: bilingual('一个批次最多 10000 笔', 'takes at most 10000 lines') })
  @ValidateNested({ each: true })
  @Type(() => PayableRefDto)
  lines!: PayableRefDto[];
  @IsOptional() @Text(100) title?: string;
}

export class ExportQuery {
  /** A layout of rules/data/bank-layouts.json (csv-generic, xlsx-bank …). */
  @Matches(/^[a-z0-9-]{1,40}$/, { message: bilingual('文件格式应为银行文件格式编号，如 csv-generic', 'must be a bank layout id such as csv-generic') })
  layout!: string;
}

export class BatchListQuery {
  @IsOptional()
  @IsIn(['IN_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPORTED', 'PARTIAL', 'COMPLETED'], { message: bilingual('状态无效', 'is not a batch status') })
  status?: string;
}
