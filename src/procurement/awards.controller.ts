import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendExport } from '../exports/export-writer';
import { SupplierReportService } from './supplier-report.service';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { SUPPLIER_READERS } from '../suppliers/supplier-visibility';
import { AwardsService } from './awards.service';
import { AwardImportDto } from './dto/award-import.dto';

@Controller('procurement')
export class AwardsController {
  constructor(private readonly awards: AwardsService, private readonly report: SupplierReportService) {}

  /** 供应商信息表: awards and amounts per supplier by unit and category over the last 12 months, concentration marked. */
  @Get('supplier-report')
  @RequireGroups(...SUPPLIER_READERS)
  supplierReport() {
    return this.report.report();
  }

  @Get('supplier-report/export')
  @RequireGroups(...SUPPLIER_READERS)
  async supplierReportExport(@Res() response: Response): Promise<void> {
    sendExport(response, await this.report.export(), 'supplier-report.xlsx', '供应商信息表.xlsx');
  }

  /** Earlier awards from the register kept before the product (an administrator's data import): all or none. */
  @Post('awards/import')
  @HttpCode(201)
  @RequireGroups('procurement')
  @Idempotent('procurement-awards')
  import(@CurrentActor() actor: Actor, @Body() body: AwardImportDto) {
    return this.awards.importGiven(body.awards, actor.username);
  }

  @Get('awards/by-supplier/:supplierId')
  @RequireGroups(...SUPPLIER_READERS)
  bySupplier(@Param('supplierId') supplierId: string) {
    return this.awards.bySupplier(supplierId);
  }

  @Get('awards/:id')
  @RequireGroups(...SUPPLIER_READERS)
  view(@Param('id') id: string) {
    return this.awards.get(id);
  }
}
