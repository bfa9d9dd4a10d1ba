import ExcelJS from 'exceljs';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ExportWorkbook, neutralizeCell, toCsv } from './export-writer';

const HYPERLINK = '=HYPERLINK("http://x","点我")';

describe('the one export writer', () => {
  it('writes text that a spreadsheet would evaluate with a leading apostrophe, and leaves everything else alone', () => {
    for (const start of ['=1+1', '+1+cmd|" /C calc"!A0', '-2+3', '@SUM(A1)', '\tx', '\rx', HYPERLINK]) expect(neutralizeCell(start)).toBe(`'${start}`);
    for (const kept of ['差旅费', 'a=b', '30211', '-12.50', '+7', '', 12.5, -3, 0, true, null, undefined]) expect(neutralizeCell(kept)).toBe(kept);
  });

  it('keeps numbers numeric and formula-looking text inert in an Excel workbook', async () => {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('报销单');
    sheet.setColumns([{ header: '事由', key: 'purpose' }, { header: '金额（元）', key: 'total' }]);
    sheet.addRow({ purpose: HYPERLINK, total: -1234.5 });
    sheet.addRow(['@cmd', 7]);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await book.toBuffer()) as unknown as ArrayBuffer);
    const rows = read.worksheets[0];
    expect(rows.getCell('A2').value).toBe(`'${HYPERLINK}`);
    expect(rows.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(rows.getCell('B2').value).toBe(-1234.5);
    expect(rows.getCell('B2').type).toBe(ExcelJS.ValueType.Number);
    expect(rows.getCell('A3').value).toBe("'@cmd");
    expect(rows.getCell('B3').type).toBe(ExcelJS.ValueType.Number);
  });

  it('writes CSV with a BOM, CRLF, quoting and the same neutralising', () => {
    expect(toCsv([['事由', '金额'], [HYPERLINK, 12.5], ['a,b', -3], ['\tx', null]])).toBe(
      '\uFEFF事由,金额\r\n"\'=HYPERLINK(""http://x"",""点我"")",12.5\r\n"a,b",-3\r\n\'\tx,\r\n',
    );
  });

  it('is the only writer: no other source file writes a workbook or a CSV itself', () => {
    const src = resolve(__dirname, '..');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'web' ? [] : files(join(dir, e.name))) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []));
    const writers = files(src).filter((file) => /\.(xlsx|csv)\.write|new ExcelJS\.Workbook\(\)[\s\S]*addWorksheet/.test(readFileSync(file, 'utf8')));
    expect(writers.map((file) => relative(src, file))).toEqual(['exports/export-writer.ts']);
  });
});
