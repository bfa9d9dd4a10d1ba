import { IsIn, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { bilingual } from '../../common/validation';

export type Decision = 'approve' | 'reject' | 'return';

export class CompleteTaskDto {
  @IsIn(['approve', 'reject', 'return'], {
    message: bilingual('审批意见应为 approve（同意）、reject（驳回）或 return（退回）', 'decision must be approve, reject or return'),
  })
  decision!: Decision;

  /** Required when rejecting or returning: the claimant must learn why. */
  @ValidateIf((dto: CompleteTaskDto) => dto.decision !== 'approve' || dto.comment !== undefined)
  @IsString({ message: bilingual('驳回或退回时必须填写理由', 'a comment is required to reject or return') })
  @MinLength(1, { message: bilingual('驳回或退回时必须填写理由', 'a comment is required to reject or return') })
  @MaxLength(1000, { message: bilingual('意见不能超过 1000 字', 'comment must be at most 1000 characters') })
  comment?: string;
}
