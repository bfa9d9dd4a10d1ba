import { IsString, Matches } from 'class-validator';

export class RunDepreciationDto {
  /** The month to depreciate, YYYY-MM. */
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '期间应为 YYYY-MM 格式的月份 / period must be a month, YYYY-MM' })
  period!: string;
}
