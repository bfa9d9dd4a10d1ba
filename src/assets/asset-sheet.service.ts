import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isCalendarDay } from '../common/dto-fields';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { MONEY_PATTERN, yuanToFen } from '../common/money';
import { ExportWorkbook } from '../exports/export-writer';
import { readImportSheet } from '../exports/import-sheet';
import type { Actor } from '../org/org.service';
import { canManageUnit, isAssetKeeper } from './asset-access';
import { AssetClassCatalogueService } from './asset-class-catalogue';
import { AssetForbiddenError, AssetSheetError, AssetSheetRefusedError } from './assets.errors';
import { AssetsService, NewCard } from './assets.service';

/** The columns of an opening-balance sheet: the import reads them by header (Chinese or English), the template writes them. */
const COLUMNS = [
  { key: 'name', header: '资产名称', en: 'name', width: 24 },
  { key: 'classCode', header: '资产分类代码', en: 'class code', width: 16 },
  { key: 'model', header: '规格型号', en: 'model', width: 20 },
  { key: 'originalValue', header: '原值（元）', en: 'original value', width: 14 },
  { key: 'acceptedOn', header: '取得日期', en: 'acquired on', width: 14 },
  { key: 'unit', header: '使用单位', en: 'unit', width: 16 },
  { key: 'keeper', header: '保管人账号', en: 'keeper', width: 14 },
  { key: 'holder', header: '使用人账号', en: 'holder', width: 14 },
  { key: 'location', header: '存放地点', en: 'location', width: 20 },
  { key: 'depreciated', header: '累计折旧（元）', en: 'depreciated', width: 14 },
  { key: 'depreciatedThrough', header: '折旧至（年月）', en: 'depreciated through', width: 14 },
] as const;
type Key = (typeof COLUMNS)[number]['key'];
const REQUIRED: Key[] = ['name', 'classCode', 'originalValue', 'acceptedOn', 'unit'];
const header = (key: Key) => COLUMNS.find((c) => c.key === key)!.header;
const MAX_ROWS = 5000;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 期初导入: the assets a bureau held before the product, from an Excel sheet. Every bad row is
 * reported by row number and column, and nothing is stored unless every row is good (one
 * transaction); each row becomes one card (source `opening`) with its history's first entry.
 */
@Injectable()
export class AssetSheetService {
  private readonly logger = new Logger(AssetSheetService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly assets: AssetsService,
    private readonly classes: AssetClassCatalogueService,
    private readonly clock: Clock,
  ) {}

  /** Asset-keepers import, bureau-wide or of one unit (then each row's unit must be theirs). */
  async import(actor: Actor, file: Buffer | undefined): Promise<{ imported: number; assets: string[] }> {
    if (!isAssetKeeper(actor)) throw new AssetForbiddenError();
    if (!file) throw new RequestValidationError([{ field: 'file', message: bilingual('请选择要导入的 Excel 文件', 'attach the Excel file as file') }]);
    const rows = await readImportSheet(file, COLUMNS, REQUIRED, MAX_ROWS, (problems) => new AssetSheetRefusedError(problems));
    const units = new Map<string, { id: string; code: string }>();
    for (const u of await this.dataSource.query(`SELECT id, code, name FROM org_unit`)) {
      units.set(u.code, { id: u.id, code: u.code });
      units.set(u.name, { id: u.id, code: u.code });
    }
    const people = new Map<string, { id: string; unitId: string }>((await this.dataSource.query(`SELECT id, username, unit_id FROM app_user WHERE active`)).map((p: Record<string, string>) => [p.username, { id: p.id, unitId: p.unit_id }]));
    const today = this.clock.today();
    const errors: AssetSheetError[] = [];
    const cards: { card: NewCard; depreciatedFen: number; through: string | null }[] = [];
    for (const { row, cells } of rows) {
      const bad = (key: Key, message: string, messageEn: string) => errors.push({ row, column: header(key), message, messageEn });
      for (const key of REQUIRED) if (!cells[key]) bad(key, `缺少${header(key)}`, `${COLUMNS.find((c) => c.key === key)!.en} is missing`);
      if (cells.name.length > 200) bad('name', '资产名称不能超过 200 个字符', 'name must be at most 200 characters');
      if (cells.model.length > 200) bad('model', '规格型号不能超过 200 个字符', 'model must be at most 200 characters');
      if (cells.location.length > 200) bad('location', '存放地点不能超过 200 个字符', 'location must be at most 200 characters');
      const klass = cells.classCode ? this.classes.find(cells.classCode) : undefined;
      if (cells.classCode && !klass) bad('classCode', `“${cells.classCode}”不是已知的资产分类代码`, `"${cells.classCode}" is not a known asset class`);
      const money = (key: Key): number | null => {
        if (!cells[key]) return null;
        if (!MONEY_PATTERN.test(cells[key])) {
          bad(key, `“${cells[key]}”不是金额（元，最多两位小数）`, `"${cells[key]}" is not an amount in yuan with at most two decimals`);
          return null;
        }
        return yuanToFen(cells[key]);
      };
      const originalFen = money('originalValue');
      if (originalFen === 0) bad('originalValue', '原值应大于 0', 'the original value must be above 0');
      const depreciatedFen = money('depreciated') ?? 0;
      if (originalFen && depreciatedFen > originalFen) bad('depreciated', '累计折旧不能超过原值', 'depreciation cannot exceed the original value');
      const through = cells.depreciatedThrough || null;
      if (through && !MONTH.test(through)) bad('depreciatedThrough', '折旧至应为年月，如 2026-11', 'depreciated through must be a month like 2026-11');
      if (depreciatedFen > 0 && !through) bad('depreciatedThrough', '填写了累计折旧时须填写折旧至哪个月', 'give the month depreciated through with the depreciation');
      if (cells.acceptedOn && !isCalendarDay(cells.acceptedOn)) bad('acceptedOn', `“${cells.acceptedOn}”不是日期（YYYY-MM-DD）`, `"${cells.acceptedOn}" is not a date (YYYY-MM-DD)`);
      else if (cells.acceptedOn > today) bad('acceptedOn', '取得日期不能晚于今天', 'the day acquired must not be in the future');
      const unit = cells.unit ? units.get(cells.unit) : undefined;
      if (cells.unit && !unit) bad('unit', `“${cells.unit}”不是本局的单位`, `"${cells.unit}" is not a unit of the bureau`);
      else if (unit && !canManageUnit(actor, unit.code)) bad('unit', `您不是“${cells.unit}”的资产管理员`, `you do not keep the assets of ${cells.unit}`);
      const person = (key: 'keeper' | 'holder', zh: string): string | null => {
        if (!cells[key]) return null;
        const found = people.get(cells[key]);
        if (!found) bad(key, `${zh}账号“${cells[key]}”不存在或已停用`, `${key} "${cells[key]}" is not an active user`);
        else if (key === 'holder' && unit && found.unitId !== unit.id) bad(key, `使用人“${cells[key]}”不是${cells.unit}的人员`, `holder "${cells[key]}" is not of ${cells.unit}`);
        return found?.id ?? null;
      };
      const keeperId = person('keeper', '保管人');
      const holderId = person('holder', '使用人');
      if (klass && unit && originalFen) {
        cards.push({
          card: { classCode: klass.code, name: cells.name, model: cells.model, originalValueFen: originalFen, source: 'opening', acceptedOn: cells.acceptedOn, unitId: unit.id, keeperId, holderId, location: cells.location, usefulLifeMonths: this.classes.usefulLifeMonths(klass.code) },
          depreciatedFen,
          through,
        });
      }
    }
    if (rows.length === 0) errors.push({ row: 2, column: header('name'), message: '表格中没有资产', messageEn: 'the sheet has no assets' });
    if (errors.length > 0) throw new AssetSheetRefusedError(errors);

    const ids = await this.dataSource.transaction(async (tx) => {
      const created = await this.assets.createCards(tx, cards.map((c) => c.card), actor.id);
      const opened = cards.map((c, i) => ({ id: created[i], fen: c.depreciatedFen, through: c.through })).filter((c) => c.fen > 0 || c.through);
      if (opened.length > 0) {
        await tx.query(
          `UPDATE asset_card c SET depreciated_fen = x.fen, depreciated_through = x.through FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, fen bigint, through text) WHERE c.id = x.id`,
          [JSON.stringify(opened)],
        );
      }
      return created;
    });
    this.logger.log(`${ids.length} opening-balance assets imported by ${actor.username}`);
    return { imported: ids.length, assets: ids };
  }

  async template(): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('资产期初导入');
    sheet.setColumns([...COLUMNS]);
    sheet.addRow({ name: '台式计算机（样例）', classCode: 'A02010104', model: '联想 启天 M437', originalValue: '5200.00', acceptedOn: '2023-06-15', unit: '城西派出所', keeper: 'jiangtao', holder: 'zhangsan', location: '城西派出所 二楼值班室', depreciated: '2455.56', depreciatedThrough: '2026-11' });
    return book.toBuffer();
  }
}
