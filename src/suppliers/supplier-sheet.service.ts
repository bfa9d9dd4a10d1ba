import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExportWorkbook } from '../exports/export-writer';
import { readImportSheet } from '../exports/import-sheet';
import { isValidCreditCode } from '../invoices/credit-code';
import type { SupplierDto } from './dto/supplier.dto';
import { SupplierSheetError, SupplierSheetRefusedError } from './supplier.errors';
import { normalCreditCode, SuppliersService, SupplierView } from './suppliers.service';

/** The columns of a supplier register sheet: the import reads them by header (Chinese or English), the export writes them. */
const COLUMNS = [
  { key: 'name', header: '供应商名称', en: 'name', width: 34 },
  { key: 'creditCode', header: '统一社会信用代码', en: 'credit code', width: 22 },
  { key: 'bankName', header: '开户银行', en: 'bank name', width: 24 },
  { key: 'account', header: '银行账号', en: 'account', width: 24 },
  { key: 'sme', header: '中小企业', en: 'sme', width: 10 },
  { key: 'contact', header: '联系人', en: 'contact', width: 12 },
  { key: 'phone', header: '联系电话', en: 'phone', width: 16 },
] as const;
type Key = (typeof COLUMNS)[number]['key'];
const REQUIRED: Key[] = ['name', 'creditCode'];
const YES = ['是', 'Y', 'YES', 'TRUE', '1', '中小企业', '小微企业'];
const NO = ['否', 'N', 'NO', 'FALSE', '0', ''];
const MAX_ROWS = 5000;

/**
 * An existing supplier register from Excel: every bad row is reported by row number and column, and
 * nothing is stored unless every row is good (one transaction) — a code twice in the sheet or already
 * registered is a bad row too. The register is exported in the same columns.
 */
@Injectable()
export class SupplierSheetService {
  constructor(private readonly dataSource: DataSource, private readonly suppliers: SuppliersService) {}

  async import(file: Buffer, actor: string): Promise<{ imported: number; suppliers: string[] }> {
    const rows = await readImportSheet(file, COLUMNS, REQUIRED, MAX_ROWS, (problems) => new SupplierSheetRefusedError(problems));
    const errors: SupplierSheetError[] = [];
    const seenCodes = new Map<string, number>();
    const seenNames = new Map<string, number>();
    const suppliers: { row: number; dto: SupplierDto }[] = [];
    for (const { row, cells } of rows) {
      const bad = (column: string, message: string, messageEn: string) => errors.push({ row, column, message, messageEn });
      if (!cells.name) bad('供应商名称', '缺少供应商名称', 'name is missing');
      else if (cells.name.length > 200) bad('供应商名称', '名称不能超过 200 个字符', 'name must be at most 200 characters');
      const creditCode = normalCreditCode(cells.creditCode);
      if (!creditCode) bad('统一社会信用代码', '缺少统一社会信用代码', 'credit code is missing');
      else if (!isValidCreditCode(creditCode)) bad('统一社会信用代码', `“${cells.creditCode}”不是有效的统一社会信用代码（GB 32100 校验）`, `"${cells.creditCode}" is not a valid unified social credit code (GB 32100 check)`);
      else if (seenCodes.has(creditCode)) bad('统一社会信用代码', `与第 ${seenCodes.get(creditCode)} 行重复`, `repeats row ${seenCodes.get(creditCode)}`);
      const nameKey = cells.name.toLowerCase();
      if (cells.name && seenNames.has(nameKey)) bad('供应商名称', `与第 ${seenNames.get(nameKey)} 行重名`, `same name as row ${seenNames.get(nameKey)}`);
      seenCodes.set(creditCode, seenCodes.get(creditCode) ?? row);
      seenNames.set(nameKey, seenNames.get(nameKey) ?? row);
      const account = cells.account.replace(/\s+/g, '');
      if (account && !/^[0-9]{6,34}$/.test(account)) bad('银行账号', '银行账号应为 6–34 位数字', 'bank account must be 6 to 34 digits');
      const sme = cells.sme.toUpperCase();
      if (!YES.includes(sme) && !NO.includes(sme)) bad('中小企业', '中小企业应填“是”或“否”', 'sme must be 是 (yes) or 否 (no)');
      suppliers.push({
        row,
        dto: {
          name: cells.name,
          creditCode,
          account: account || undefined,
          bankName: cells.bankName || undefined,
          sme: YES.includes(sme),
          contacts: cells.contact ? [{ name: cells.contact, ...(cells.phone ? { phone: cells.phone } : {}) }] : [],
        },
      });
    }
    if (rows.length === 0) errors.push({ row: 2, column: '供应商名称', message: '表格中没有供应商', messageEn: 'the sheet has no suppliers' });
    if (errors.length > 0) throw new SupplierSheetRefusedError(errors);

    const ids: string[] = [];
    await this.dataSource.transaction(async (tx) => {
      const conflicts: SupplierSheetError[] = [];
      for (const { row, dto } of suppliers) {
        try {
          ids.push(await this.suppliers.createWithin(tx, dto, actor));
        } catch (error) {
          const known = error as { messageZh?: string; messageEn?: string; details?: { fields?: { field: string }[] } };
          if (!known.messageZh) throw error;
          const column = known.details?.fields?.[0]?.field === 'name' ? '供应商名称' : '统一社会信用代码';
          conflicts.push({ row, column, message: known.messageZh, messageEn: known.messageEn ?? '' });
        }
      }
      if (conflicts.length > 0) throw new SupplierSheetRefusedError(conflicts);
    });
    return { imported: ids.length, suppliers: ids };
  }

  async export(suppliers: SupplierView[]): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('供应商库');
    sheet.setColumns([...COLUMNS]);
    for (const s of suppliers) {
      sheet.addRow({ name: s.name, creditCode: s.creditCode, bankName: s.bankName ?? '', account: s.account ?? '', sme: s.sme ? '是' : '否', contact: s.contacts[0]?.name ?? '', phone: s.contacts[0]?.phone ?? '' });
    }
    return book.toBuffer();
  }

  async template(): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('供应商库');
    sheet.setColumns([...COLUMNS]);
    sheet.addRow({ name: '义乌市示例科技有限公司（样例）', creditCode: '91330782MA00000XYY', bankName: '中国工商银行义乌分行', account: '62220000000000000', sme: '是', contact: '王经理', phone: '0579-85550000' });
    return book.toBuffer();
  }
}
