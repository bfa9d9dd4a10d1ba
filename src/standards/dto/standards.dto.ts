import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { MONEY_PATTERN } from '../../common/money';
import { bilingual } from '../../common/validation';

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const Money = () => Matches(MONEY_PATTERN, { message: bilingual('金额格式应为元，最多两位小数', 'must be an amount in yuan with at most two decimals') });
const Name = () => (target: object, key: string | symbol) => {
  IsString({ message: bilingual('必填文字', 'must be text') })(target, key);
  MinLength(1, { message: bilingual('不能为空', 'must not be empty') })(target, key);
  MaxLength(200, { message: bilingual('不能超过 200 个字符', 'must be at most 200 characters') })(target, key);
};
const Tier = () => IsIn(['minister', 'bureau', 'other'], { message: bilingual('职级档次应为 minister/bureau/other', 'must be minister, bureau or other') });

export class PeakSeason {
  @IsArray({ message: bilingual('旺季月份应为列表', 'must be a list of months') })
  @IsInt({ each: true, message: bilingual('月份应为 1-12 的整数', 'months must be whole numbers 1-12') })
  @Min(1, { each: true, message: bilingual('月份应为 1-12', 'months must be 1-12') })
  @Max(12, { each: true, message: bilingual('月份应为 1-12', 'months must be 1-12') })
  months!: number[];
  /** The uplift as a fraction of the cap: 0.3 is 30 %. */
  @IsNumber({ maxDecimalPlaces: 2 }, { message: bilingual('上浮比例应为小数，如 0.3', 'must be a fraction like 0.3') })
  @Min(0) @Max(2)
  uplift!: number;
}

export class LodgingStandardDto {
  @Name() city!: string;
  @Tier() tier!: 'minister' | 'bureau' | 'other';
  @Money() lodgingPerNight!: string;
  @IsOptional() @ValidateNested() @Type(() => PeakSeason) peak?: PeakSeason;
  @IsOptional() @Money() mealPerDay?: string;
  @IsOptional() @Money() transportPerDay?: string;
  @IsOptional() @Name() source?: string;
}

export class AllowanceStandardDto {
  /** A province (西藏), a city, or `*` for everywhere else. */
  @Name() region!: string;
  @Money() mealPerDay!: string;
  @Money() transportPerDay!: string;
  @IsOptional() @Name() source?: string;
}

export class SeatClassStandardDto {
  @Tier() tier!: 'minister' | 'bureau' | 'other';
  @IsIn(['train', 'air', 'ship', 'bus'], { message: bilingual('交通方式应为 train/air/ship/bus', 'must be train, air, ship or bus') })
  mode!: string;
  @IsArray({ message: bilingual('席别应为列表', 'must be a list of classes') })
  @IsString({ each: true, message: bilingual('席别应为文字', 'classes must be text') })
  classes!: string[];
  @IsOptional() @Name() source?: string;
}

/** New rows of the travel standards, in force from `effectiveFrom`. */
export class PutStandardsDto {
  @Matches(ISO_DAY, { message: bilingual('生效日期格式应为 YYYY-MM-DD', 'must be a date as YYYY-MM-DD') })
  effectiveFrom!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(2000) @ValidateNested({ each: true }) @Type(() => LodgingStandardDto) lodging?: LodgingStandardDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => AllowanceStandardDto) allowances?: AllowanceStandardDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SeatClassStandardDto) seatClasses?: SeatClassStandardDto[];
}
