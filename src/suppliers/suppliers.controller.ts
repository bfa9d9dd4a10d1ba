import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { sendExport } from '../exports/export-writer';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { SupplierDto, SupplierUpdateDto } from './dto/supplier.dto';
import { SupplierSheetService } from './supplier-sheet.service';
import { maySeeSupplierDetails, SUPPLIER_READERS } from './supplier-visibility';
import { SuppliersService } from './suppliers.service';

/**
 * 供应商库. Everyone signed in may look suppliers up by name or code (a request's quotes name them);
 * bank accounts and contacts are shown to those who work with suppliers; `procurement` keeps the register.
 */
@Controller('suppliers')
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService, private readonly sheets: SupplierSheetService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query('search') search?: string, @Query('sme') sme?: string) {
    return this.suppliers.list({ search: typeof search === 'string' ? search.slice(0, 100) : undefined, sme: sme === 'true' ? true : sme === 'false' ? false : undefined }, maySeeSupplierDetails(actor));
  }

  @Post()
  @RequireGroups('procurement')
  @Idempotent('suppliers')
  create(@CurrentActor() actor: Actor, @Body() body: SupplierDto) {
    return this.suppliers.create(body, actor.username);
  }

  @Get('export')
  @RequireGroups(...SUPPLIER_READERS)
  async export(@Res() response: Response): Promise<void> {
    sendExport(response, await this.sheets.export(await this.suppliers.list({ limit: 500 }, true)), 'suppliers.xlsx', '供应商库.xlsx');
  }

  @Get('import-template')
  @RequireGroups('procurement')
  async template(@Res() response: Response): Promise<void> {
    sendExport(response, await this.sheets.template(), 'supplier-import-template.xlsx', '供应商导入模板.xlsx');
  }

  /** An existing register from Excel (field `file`): all rows or none, each bad row named. */
  @Post('import')
  @HttpCode(201)
  @RequireGroups('procurement')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024, files: 1 } }))
  import(@CurrentActor() actor: Actor, @UploadedFile() file?: { buffer: Buffer }) {
    if (!file?.buffer?.length) throw new RequestValidationError([{ field: 'file', message: bilingual('请上传 Excel（.xlsx）文件', 'upload an Excel (.xlsx) file as the field "file"') }]);
    return this.sheets.import(file.buffer, actor.username);
  }

  @Get(':id')
  view(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.suppliers.get(id, maySeeSupplierDetails(actor));
  }

  @Patch(':id')
  @RequireGroups('procurement')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SupplierUpdateDto) {
    return this.suppliers.update(id, body, actor.username);
  }
}
