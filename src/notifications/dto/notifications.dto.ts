import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class NotificationPageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000)
  page?: number;
}

export class MarkReadDto {
  /** Notification ids; absent or empty: all of the caller's. */
  @IsOptional() @IsArray() @ArrayMaxSize(500) @Matches(/^\d{1,18}$/, { each: true })
  ids?: string[];
}
