import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsDay, IsOptionalField } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';
import { SUBJECT_ID, SUBJECT_KIND } from '../../subjects/subject-params.dto';

const COMMENT_TOO_LONG = bilingual('意见不能超过 1000 字', 'comment must be at most 1000 characters');
const COMMENT_REQUIRED = bilingual('必须填写理由', 'a comment is required');
const USERNAME = /^[A-Za-z0-9_.-]{1,64}$/;
const USERNAME_MESSAGE = bilingual('应为用户名', 'must be a username');
const ENGINE_ID = /^[A-Za-z0-9-]{1,64}$/;

export class OptionalCommentDto {
  @IsOptional()
  @IsString({ message: bilingual('意见应为文字', 'comment must be text') })
  @MaxLength(1000, { message: COMMENT_TOO_LONG })
  comment?: string;
}

export class RequiredCommentDto {
  @IsString({ message: COMMENT_REQUIRED })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1, { message: COMMENT_REQUIRED })
  @MaxLength(1000, { message: COMMENT_TOO_LONG })
  comment!: string;
}

export class ReturnDto extends RequiredCommentDto {
  /** Back to the submitter (default), or to the previous step's approver. */
  @IsOptional()
  @IsIn(['submitter', 'previous'], { message: bilingual('退回对象应为 submitter（提交人）或 previous（上一步）', 'to must be submitter or previous') })
  to?: 'submitter' | 'previous';
}

export class PersonDto extends OptionalCommentDto {
  @IsString({ message: USERNAME_MESSAGE }) @Matches(USERNAME, { message: USERNAME_MESSAGE })
  to!: string;
}

export class AddSignerDto extends PersonDto {
  @IsIn(['before', 'after'], { message: bilingual('加签位置应为 before（前加签）或 after（后加签）', 'position must be before or after') })
  position!: 'before' | 'after';
}

export class CopyDto extends OptionalCommentDto {
  @IsArray({ message: bilingual('抄送人应为列表', 'to must be a list') })
  @ArrayMinSize(1, { message: bilingual('至少选择一位抄送人', 'name at least one person') })
  @ArrayMaxSize(20, { message: bilingual('一次最多抄送 20 人', 'at most 20 people at once') })
  @Matches(USERNAME, { each: true, message: USERNAME_MESSAGE })
  to!: string[];
}

export class BatchApproveDto extends OptionalCommentDto {
  @IsArray({ message: bilingual('应为待办编号列表', 'taskIds must be a list') })
  @ArrayMinSize(1, { message: bilingual('至少选择一条待办', 'select at least one task') })
  @ArrayMaxSize(100, { message: bilingual('一次最多批量同意 100 条', 'at most 100 tasks at once') })
  @Matches(ENGINE_ID, { each: true, message: bilingual('待办编号格式不正确', 'not a task id') })
  taskIds!: string[];
}

export const TASK_VIEWS = ['todo', 'done', 'copied'] as const;

export class TaskListQuery {
  @IsOptional() @IsIn(TASK_VIEWS, { message: bilingual('列表应为 todo、done 或 copied', 'view must be todo, done or copied') })
  view?: (typeof TASK_VIEWS)[number];

  @IsOptional() @Type(() => Number) @IsInt({ message: bilingual('页码应为正整数', 'page must be a positive integer') }) @Min(1) @Max(100000)
  page?: number;

  @IsOptional() @Type(() => Number) @IsInt({ message: bilingual('每页条数应为 1 到 100', 'size must be 1 to 100') }) @Min(1) @Max(100)
  size?: number;

  /** The kind of subject (`expense-claim`, `travel-request` …); the registry says which exist. */
  @IsOptional() @Matches(SUBJECT_KIND, { message: bilingual('类型应为单据类型，如 expense-claim', 'kind must be a kind of record such as expense-claim') })
  kind?: string;

  /** The subject (claim, travel request, budget adjustment …) the step decides on. */
  @IsOptional() @Matches(SUBJECT_ID, { message: bilingual('应为单据编号', 'subject must be the id of a record') })
  subject?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: bilingual('单位应为单位编码', 'unit must be a unit code') })
  unit?: string;

  @IsOptionalField() @Matches(/^\d{1,10}(\.\d{1,2})?$/, { message: bilingual('金额应为元，最多两位小数', 'must be an amount in yuan') })
  minAmount?: string;

  @IsOptionalField() @Matches(/^\d{1,10}(\.\d{1,2})?$/, { message: bilingual('金额应为元，最多两位小数', 'must be an amount in yuan') })
  maxAmount?: string;

  @IsOptionalField() @IsDay()
  from?: string;

  @IsOptionalField() @IsDay()
  to?: string;

  @IsOptional() @Transform(({ value }) => value === 'true' || value === true) @IsBoolean()
  overdue?: boolean;

  @IsOptional() @IsIn(['created', 'due', 'amount'], { message: bilingual('排序应为 created、due 或 amount', 'sort must be created, due or amount') })
  sort?: 'created' | 'due' | 'amount';

  @IsOptional() @IsIn(['asc', 'desc'], { message: bilingual('顺序应为 asc 或 desc', 'order must be asc or desc') })
  order?: 'asc' | 'desc';
}
