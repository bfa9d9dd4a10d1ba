import { loadBankLayouts, parseCsv, readTable, resultLayoutOf, writeBankFile } from './bank-files';
import { maskNumber } from './account-numbers';
import { cardSettlement } from './card-settlement';
import { PaymentFileRefusedError } from './payments.errors';

const row = { batch: 'PB-2026-0001', row: '1', key: 'claim:abc', reference: 'BX-1', payeeName: '张三', account: '6222000011112222', bank: '工行', amount: '1200.50', method: '授权支付', budget: '城西 30201', purpose: '=cmd|"/c calc"' };

describe('bank files', () => {
  const layouts = loadBankLayouts();

  it('reads back what it writes, in both shipped layouts, a formula-looking purpose kept as text', async () => {
    for (const layout of layouts) {
      const table = await readTable(await writeBankFile(layout, [row]));
      expect(table.format).toBe(layout.format);
      expect(table.headers).toEqual(layout.columns.map((c) => c.header));
      const cells = Object.fromEntries(layout.columns.map((c, i) => [c.field, table.rows[0].cells[i]]));
      expect(cells).toMatchObject({ key: 'claim:abc', amount: '1200.50', account: '6222000011112222', purpose: '=cmd|"/c calc"' });
    }
  });

  it('parses quoted fields, doubled quotes and both line ends', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n1,2,3\n')).toEqual([['a', 'b,c', 'd"e'], ['1', '2', '3']]);
  });

  it('refuses a file whose headers are no result layout, naming the missing columns', async () => {
    const table = await readTable(Buffer.from('序号,金额\r\n1,2\r\n'));
    expect(() => resultLayoutOf(table, layouts)).toThrow(PaymentFileRefusedError);
  });

  it('refuses bytes that are not UTF-8 and bytes that are no table', async () => {
    await expect(readTable(Buffer.from([0xd0, 0xf2, 0x2c, 0x31]))).rejects.toMatchObject({ details: { problem: 'encoding' } });
    await expect(readTable(Buffer.from([0x25, 0x50, 0x00]))).rejects.toMatchObject({ details: { problem: 'type' } });
  });
});

describe('account numbers and the card catalogue', () => {
  it('masks all but the last four digits', () => {
    expect(maskNumber('6222000011112222')).toBe('**** 2222');
    expect(maskNumber(null)).toBeNull();
  });

  it('requires a card for a listed subject above the threshold with no matched transaction only', () => {
    const policy = { overFen: 100000, subjects: [{ code: '30201', name: '办公费' }] };
    expect(cardSettlement({ subjects: ['30201'], totalFen: 100001 }, 0, policy).required).toBe(true);
    expect(cardSettlement({ subjects: ['30201'], totalFen: 100000 }, 0, policy).required).toBe(false);
    expect(cardSettlement({ subjects: ['30201'], totalFen: 200000 }, 1, policy).required).toBe(false);
    expect(cardSettlement({ subjects: ['30299'], totalFen: 200000 }, 0, policy).required).toBe(false);
  });
});
