import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { canManageUnit, isAssetKeeper } from '../assets/asset-access';
import { RequestValidationError } from '../common/domain-error';
import { bilingual, isUuid } from '../common/validation';
import type { Actor } from '../org/org.service';
import { LabelsForbiddenError } from './asset-labels.errors';
import { LABEL_LAYOUTS, LabelLayoutName, LAYOUTS } from './label-layout';
import { LabelContent, LabelFont, labelsPdf } from './label-pdf';

/** At most this many labels in one PDF (a unit's whole register fits). */
export const MAX_LABELS = 5000;

export interface LabelRequest {
  layout: LabelLayoutName;
  /** Cards chosen one by one … */
  ids?: string[];
  /** … or every card on the books of a unit (at a location). */
  unit?: string;
  location?: string;
}

/** Label sheets (资产标签) of cards an asset-keeper keeps, as a PDF in the A4 or the label-printer layout. */
@Injectable()
export class AssetLabelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly font: LabelFont,
  ) {}

  /** Checks a request's query parameters, naming each bad one. */
  static parse(query: { layout?: string; ids?: string; unit?: string; location?: string }): LabelRequest {
    const errors: { field: string; message: string }[] = [];
    const layout = (query.layout || 'a4') as LabelLayoutName;
    if (!LABEL_LAYOUTS.includes(layout)) errors.push({ field: 'layout', message: bilingual('版式应为 a4 或 roll', 'layout must be a4 or roll') });
    const ids = query.ids ? query.ids.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    if (ids && (ids.length > MAX_LABELS || ids.some((id) => !isUuid(id)))) errors.push({ field: 'ids', message: bilingual(`ids 应为逗号分隔的卡片编号（最多 ${MAX_LABELS} 个）`, `ids must be comma-separated card ids (at most ${MAX_LABELS})`) });
    if (!ids?.length && !query.unit) errors.push({ field: 'unit', message: bilingual('请选择卡片或单位', 'give ids or unit') });
    if (errors.length) throw new RequestValidationError(errors);
    return { layout, ids: ids?.length ? ids : undefined, unit: ids?.length ? undefined : query.unit, location: query.location?.trim() || undefined };
  }

  async pdf(actor: Actor, request: LabelRequest): Promise<{ bytes: Uint8Array; filename: string }> {
    if (!isAssetKeeper(actor)) throw new LabelsForbiddenError();
    const rows: { id: string; number: string; name: string; unit_code: string; unit_name: string }[] = request.ids
      ? await this.dataSource.query(
          `SELECT c.id, c.number, c.name, u.code AS unit_code, u.name AS unit_name FROM asset_card c JOIN org_unit u ON u.id = c.unit_id WHERE c.id = ANY($1) ORDER BY c.number`,
          [request.ids],
        )
      : await this.dataSource.query(
          `SELECT c.id, c.number, c.name, u.code AS unit_code, u.name AS unit_name FROM asset_card c JOIN org_unit u ON u.id = c.unit_id
           WHERE u.code = $1 AND c.status NOT IN ('DISPOSED', 'MISSING') AND ($2::text IS NULL OR c.location = $2) ORDER BY c.number LIMIT ${MAX_LABELS}`,
          [request.unit, request.location ?? null],
        );
    if (request.ids && rows.length < new Set(request.ids).size) {
      throw new RequestValidationError([{ field: 'ids', message: bilingual('有的卡片不存在', 'some of the cards do not exist') }]);
    }
    if (request.unit && !canManageUnit(actor, request.unit)) throw new LabelsForbiddenError();
    if (rows.some((row) => !canManageUnit(actor, row.unit_code))) throw new LabelsForbiddenError();
    const labels: LabelContent[] = rows.map((row) => ({ number: row.number, name: row.name, unit: row.unit_name }));
    const title = `资产标签 ${request.unit ?? ''} ${labels.length} 张`.replace(/\s+/g, ' ');
    const bytes = await labelsPdf(labels, LAYOUTS[request.layout], this.font.bytes(), title);
    return { bytes, filename: `asset-labels-${request.layout}.pdf` };
  }
}
