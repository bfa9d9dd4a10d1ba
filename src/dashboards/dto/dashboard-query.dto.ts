import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { bilingual } from '../../common/validation';

export class DashboardQuery {
  @IsOptional() @Type(() => Number) @IsInt({ message: bilingual('年度应为四位数字', 'year must be a four-digit year') }) @Min(2000) @Max(2100)
  year?: number;

  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: bilingual('单位应为单位编码', 'unit must be a unit code') })
  unit?: string;
}

export class DrillDto extends DashboardQuery {
  @IsOptional() @Matches(/^\d{3,7}$/, { message: bilingual('科目应为经济分类编码', 'subject must be an economic classification code') })
  subject?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(12)
  month?: number;

  @IsOptional() @Matches(/^[A-Z]{2,5}(-[A-Z0-9]{2,20}){1,3}$/, { message: bilingual('规则编号格式不正确', 'rule must be a rule id like INV-MATH') })
  rule?: string;

  @IsOptional() @Transform(({ value }) => value === 'true' || value === true) @IsBoolean()
  returned?: boolean;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  size?: number;
}

export class DrillExportDto extends DrillDto {
  @IsOptional() @IsIn(['xlsx', 'csv'], { message: bilingual('格式应为 xlsx 或 csv', 'format must be xlsx or csv') })
  format?: 'xlsx' | 'csv';
}
