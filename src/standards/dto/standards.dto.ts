import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { IsDay, IsMoney as Money, IsOptionalField, IsRequiredText } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';

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
  @IsRequiredText() city!: string;
  @Tier() tier!: 'minister' | 'bureau' | 'other';
  @Money() lodgingPerNight!: string;
  @IsOptional() @ValidateNested() @Type(() => PeakSeason) peak?: PeakSeason;
  @IsOptional() @Money() mealPerDay?: string;
  @IsOptional() @Money() transportPerDay?: string;
  @IsOptional() @IsRequiredText() source?: string;
}

export class AllowanceStandardDto {
  /** A province (西藏), a city, or `*` for everywhere else. */
  @IsRequiredText() region!: string;
  @Money() mealPerDay!: string;
  @Money() transportPerDay!: string;
  @IsOptional() @IsRequiredText() source?: string;
}

export class SeatClassStandardDto {
  @Tier() tier!: 'minister' | 'bureau' | 'other';
  @IsIn(['train', 'air', 'ship', 'bus'], { message: bilingual('交通方式应为 train/air/ship/bus', 'must be train, air, ship or bus') })
  mode!: string;
  @IsArray({ message: bilingual('席别应为列表', 'must be a list of classes') })
  @IsString({ each: true, message: bilingual('席别应为文字', 'classes must be text') })
  classes!: string[];
  @IsOptional() @IsRequiredText() source?: string;
}

/** New rows of the travel standards, in force from `effectiveFrom`. */
export class PutStandardsDto {
  @IsDay() effectiveFrom!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(2000) @ValidateNested({ each: true }) @Type(() => LodgingStandardDto) lodging?: LodgingStandardDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => AllowanceStandardDto) allowances?: AllowanceStandardDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SeatClassStandardDto) seatClasses?: SeatClassStandardDto[];
}

/** Which trip's standards to show: the traveller's tier, the destination and the first day decide them. */
export class TripStandardsQuery {
  @IsRequiredText(50) traveller!: string;
  @IsRequiredText(50) destination!: string;
  @IsDay() start!: string;
  /** Lodging cities besides the destination, comma-separated. */
  @IsOptionalField() @IsRequiredText(500) cities?: string;
}
