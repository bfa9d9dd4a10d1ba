import { Controller, Get, Query } from '@nestjs/common';
import { RequireGroups } from '../auth/auth.guard';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { AuditService } from './audit.service';

@Controller('audit')
@RequireGroups('process-admin', 'finance')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The latest audit rows, newest first, by entity (`claim`, `budget_entry` …), its id, or person. */
  @Get()
  list(@Query('entity') entity?: string, @Query('entityId') entityId?: string, @Query('actor') actor?: string, @Query('limit') limit?: string) {
    if (limit !== undefined && !/^\d{1,4}$/.test(limit)) throw new RequestValidationError([{ field: 'limit', message: bilingual('条数应为 1 到 1000 的整数', 'must be a whole number from 1 to 1000') }]);
    return this.audit.list({ entity, entityId, actor, limit: limit ? Number(limit) : 100 });
  }

  /** Walks the hash chain from its first row; names the first row that does not match. */
  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
