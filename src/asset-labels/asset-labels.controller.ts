import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { AssetLabelsService } from './asset-labels.service';

@Controller()
export class AssetLabelsController {
  constructor(private readonly labels: AssetLabelsService) {}

  /** 资产标签: a PDF of labels (QR code of the number, number, name, unit) for chosen cards or a unit's. */
  @Get('asset-labels')
  async pdf(
    @CurrentActor() actor: Actor,
    @Res() response: Response,
    @Query('layout') layout?: string,
    @Query('ids') ids?: string,
    @Query('unit') unit?: string,
    @Query('location') location?: string,
  ): Promise<void> {
    const { bytes, filename } = await this.labels.pdf(actor, AssetLabelsService.parse({ layout, ids, unit, location }));
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="${filename}"`);
    response.send(Buffer.from(bytes));
  }
}
