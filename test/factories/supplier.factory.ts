import ExcelJS from 'exceljs';
import { randomInt } from 'node:crypto';
import { creditCodeCheckCharacter } from '../../src/invoices/credit-code';

/** A valid 统一社会信用代码 of a company in 义乌 (9133 0782 …) with random organisation digits. */
export function creditCode(): string {
  const first17 = `91330782MA${Array.from({ length: 7 }, () => '0123456789ABCDEFGHJKLMNPQRTUWXY'[randomInt(31)]).join('')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

/** The same code with a wrong check character. */
export function badCreditCode(): string {
  const code = creditCode();
  const wrong = code[17] === '0' ? '1' : '0';
  return code.slice(0, 17) + wrong;
}

export function buildSupplier(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const code = creditCode();
  return { name: `义乌市测试科技有限公司${code.slice(10, 17)}`, creditCode: code, account: `6222${String(randomInt(1e9)).padStart(13, '0')}`, bankName: '中国工商银行义乌分行', sme: true, contacts: [{ name: '王经理', phone: '0579-85550000' }], ...overrides };
}

/** A register sheet as a bureau keeps it, with the given rows under the Chinese headers. */
export async function supplierSheet(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('供应商');
  sheet.addRow(['供应商名称', '统一社会信用代码', '开户银行', '银行账号', '中小企业', '联系人', '联系电话']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}
