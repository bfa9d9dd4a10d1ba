import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { SUPPLIER_READERS } from '../suppliers/supplier-visibility';
import { AwardsService } from './awards.service';
import { AwardImportDto } from './dto/award-import.dto';

@Controller('procurement/awards')
export class AwardsController {
  constructor(private readonly awards: AwardsService) {}

  /** Earlier awards from the register kept before the product (an administrator's data import): all or none. */
  @Post('import')
  @HttpCode(201)
  @RequireGroups('procurement')
  @Idempotent('procurement-awards')
  import(@CurrentActor() actor: Actor, @Body() body: AwardImportDto) {
    return this.awards.importGiven(body.awards, actor.username);
  }

  @Get('by-supplier/:supplierId')
  @RequireGroups(...SUPPLIER_READERS)
  bySupplier(@Param('supplierId') supplierId: string) {
    return this.awards.bySupplier(supplierId);
  }

  @Get(':id')
  @RequireGroups(...SUPPLIER_READERS)
  view(@Param('id') id: string) {
    return this.awards.get(id);
  }
}
