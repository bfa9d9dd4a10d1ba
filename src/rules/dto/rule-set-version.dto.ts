import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { RuleProperties } from 'json-rules-engine';
import { IsDay } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';

/** A new version of a rule set: its rules and data, and the first submission day it applies to. */
export class RuleSetVersionDto {
  @IsDay() effectiveFrom!: string;
  @IsOptional() @IsString() @MaxLength(1000) description?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) inputs?: string[];
  @IsObject({ message: bilingual('data 应为对象（规则引用的政策数据）', 'must be an object (the policy data the rules reference)') })
  data!: Record<string, unknown>;
  @IsArray({ message: bilingual('rules 应为规则列表', 'must be a list of rules') })
  @ArrayMinSize(1, { message: bilingual('至少需要一条规则', 'needs at least one rule') })
  @IsObject({ each: true, message: bilingual('每条规则应为对象', 'each rule must be an object') })
  rules!: RuleProperties[];
  /** How many of the latest claims the dry run re-screens (default 50). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) dryRun?: number;
}
