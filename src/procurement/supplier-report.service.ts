import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ExportWorkbook } from '../exports/export-writer';
import { ProcurementPolicy } from './procurement-policy';
import { concentrationOf, monthsBefore, ProcurementScreeningService } from './procurement-screening.service';

export interface SupplierReportRow {
  supplierId: string;
  supplier: string;
  creditCode: string;
  sme: boolean;
  unit: string;
  unitCode: string;
  category: string;
  categoryName: string | null;
  awards: number;
  amount: string;
  categoryAwards: number;
  categoryAmount: string;
  sharePercent: number;
  /** PROC-SUPPLIER-CONCENTRATION, as the rule set in force judges the supplier's standing. */
  concentrated: boolean;
}

/**
 * 供应商信息表 (bureau-wide): each supplier's awards and amounts by unit and 品目 over the window the
 * procurement rule set names (12 months), beside the unit's whole category, with the concentration
 * rule marked by the rule set itself.
 */
@Injectable()
export class SupplierReportService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock, private readonly screening: ProcurementScreeningService, private readonly policy: ProcurementPolicy) {}

  async report(filter: { supplierId?: string } = {}): Promise<{ from: string; to: string; thresholds: unknown; rows: SupplierReportRow[] }> {
    const to = this.clock.today();
    const thresholds = this.screening.concentrationPolicy(to);
    const from = monthsBefore(to, thresholds.months);
    const rows: { supplier_id: string; supplier: string; credit_code: string; sme: boolean; unit_id: string; unit: string; unit_code: string; category: string; awards: string; amount_fen: string; category_awards: string; category_fen: string }[] = await this.dataSource.query(
      `WITH window_awards AS (
         SELECT a.unit_id, a.category, a.supplier_id, a.amount_fen FROM procurement_award a WHERE a.awarded_on > $1::date AND a.awarded_on <= $2::date
       ), per_supplier AS (
         SELECT unit_id, category, supplier_id, count(*) AS awards, sum(amount_fen) AS amount_fen FROM window_awards GROUP BY unit_id, category, supplier_id
       ), per_category AS (
         SELECT unit_id, category, count(*) AS category_awards, sum(amount_fen) AS category_fen FROM window_awards GROUP BY unit_id, category
       )
       SELECT p.supplier_id, s.name AS supplier, s.credit_code, s.sme, p.unit_id, u.name AS unit, u.code AS unit_code, p.category,
              p.awards, p.amount_fen, c.category_awards, c.category_fen
       FROM per_supplier p JOIN per_category c USING (unit_id, category) JOIN supplier s ON s.id = p.supplier_id JOIN org_unit u ON u.id = p.unit_id
       WHERE ($3::uuid IS NULL OR p.supplier_id = $3::uuid)
       ORDER BY s.name, u.name, p.category LIMIT 2000`,
      [from, to, filter.supplierId ?? null],
    );
    const names = new Map(this.policy.catalogue.map((item) => [item.code, item.name]));
    const result: SupplierReportRow[] = [];
    for (const row of rows) {
      const facts = concentrationOf({
        supplierId: row.supplier_id, supplier: row.supplier, unitId: row.unit_id, category: row.category, from, to, thresholds, includesProposed: false,
        supplierAwards: Number(row.awards), supplierFen: Number(row.amount_fen), categoryAwards: Number(row.category_awards), categoryFen: Number(row.category_fen),
      });
      result.push({
        supplierId: row.supplier_id,
        supplier: row.supplier,
        creditCode: row.credit_code,
        sme: row.sme,
        unit: row.unit,
        unitCode: row.unit_code,
        category: row.category,
        categoryName: names.get(row.category) ?? null,
        awards: facts.supplierAwards,
        amount: facts.supplierAmount,
        categoryAwards: facts.categoryAwards,
        categoryAmount: facts.categoryAmount,
        sharePercent: facts.sharePercent,
        concentrated: await this.screening.concentrationMarked(facts, to),
      });
    }
    return { from, to, thresholds, rows: result };
  }

  async export(): Promise<Buffer> {
    const { from, to, rows } = await this.report();
    const book = new ExportWorkbook();
    const sheet = book.addSheet('供应商信息表');
    sheet.setColumns([
      { key: 'supplier', header: '供应商', width: 32 },
      { key: 'creditCode', header: '统一社会信用代码', width: 22 },
      { key: 'sme', header: '中小企业', width: 10 },
      { key: 'unit', header: '单位', width: 22 },
      { key: 'category', header: '品目编码', width: 12 },
      { key: 'categoryName', header: '品目名称', width: 18 },
      { key: 'awards', header: `成交次数（${from}～${to}）`, width: 14 },
      { key: 'amount', header: '成交金额（元）', width: 16 },
      { key: 'categoryAmount', header: '单位该品目合计（元）', width: 18 },
      { key: 'sharePercent', header: '占比 %', width: 10 },
      { key: 'concentrated', header: '集中度预警 PROC-SUPPLIER-CONCENTRATION', width: 20 },
    ]);
    for (const row of rows) {
      sheet.addRow({ ...row, sme: row.sme ? '是' : '否', categoryName: row.categoryName ?? '', concentrated: row.concentrated ? '预警' : '' });
    }
    return book.toBuffer();
  }
}
