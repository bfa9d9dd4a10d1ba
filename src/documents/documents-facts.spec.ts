import { originalCheck } from '../invoices/original-facts';
import { requiredDocuments } from './required-documents';

const invoice = {
  number: '25332000000123456789', date: '2026-11-03', kind: 'general', amount: '1000.00', taxRate: 6, tax: '60.00', total: '1060.00',
  buyerName: '义乌市公安局', buyerTaxId: '11330782002580471H', sellerName: '样例酒店', sellerTaxId: '91330100MA27Y8K3P3',
};

describe('the typed invoice row against its original', () => {
  it('finds nothing when every field the original holds agrees (names compared without spaces, full-width brackets alike)', () => {
    const facts = originalCheck({ ...invoice, buyerName: '义乌市公安局 ' }, { present: true, fields: { number: invoice.number, issuedOn: '2026-11-03', amount: '1000', tax: '60.0', total: '1060.00', buyerName: '义乌市公安局', buyerCreditCode: '11330782002580471h' } });
    expect(facts).toEqual({ electronic: true, required: true, hasOriginal: true, mismatches: [], mismatched: false });
  });

  it('names each differing field with both values', () => {
    const facts = originalCheck({ ...invoice, amount: '1100.00', date: '2026-11-04' }, { present: true, fields: { number: invoice.number, issuedOn: '2026-11-03', amount: '1000.00' } });
    expect(facts.mismatches).toEqual([
      { field: 'date', typed: '2026-11-04', original: '2026-11-03' },
      { field: 'amount', typed: '1100.00', original: '1000.00' },
    ]);
    expect(facts.mismatched).toBe(true);
  });

  it('compares only what a QR code carries (no tax, no buyer)', () => {
    expect(originalCheck({ ...invoice, tax: '61.00', buyerName: '别的单位' }, { present: true, fields: { number: invoice.number, issuedOn: '2026-11-03', total: '1060.00' } }).mismatched).toBe(false);
  });

  it('asks for the original of an electronic invoice issued since the day originals are required', () => {
    expect(originalCheck(invoice, null, '2026-11-03')).toMatchObject({ electronic: true, required: true, hasOriginal: false, mismatched: false });
    expect(originalCheck(invoice, null, '2026-11-04')).toMatchObject({ electronic: true, required: false });
    expect(originalCheck({ ...invoice, code: '033002100111', number: '12345678' }, null).electronic).toBe(false);
  });
});

describe('the documents a claim must carry', () => {
  const table = [
    { subject: '30215', name: '会议费', documents: ['会议通知', '签到表', '会议费结算单'] },
    { subject: '30216', name: '培训费', documents: ['培训通知', '签到表'] },
    { subject: '30231', name: '公务用车运行维护费', documents: ['维修清单'], overFen: 200000 },
  ];
  const claim = (subject: string, amount: string) => ({ budgetLine: { subject }, items: [{ subject, amount }] });

  it('lists what the subject requires and what is missing', () => {
    const facts = requiredDocuments(claim('30215', '3000.00'), ['签到表'], table);
    expect(facts.required.map((r) => [r.document, r.present])).toEqual([['会议通知', false], ['签到表', true], ['会议费结算单', false]]);
    expect(facts).toMatchObject({ missing: ['会议通知', '会议费结算单'], missingCount: 2 });
  });

  it('asks for a repair list only over ¥2,000, exactly at it not', () => {
    expect(requiredDocuments(claim('30231', '2000.00'), [], table).missingCount).toBe(0);
    expect(requiredDocuments(claim('30231', '2000.01'), [], table).missing).toEqual(['维修清单']);
  });

  it('requires nothing of a subject without a row', () => {
    expect(requiredDocuments(claim('30201', '99999.00'), [], table)).toEqual({ required: [], missing: [], missingCount: 0 });
  });
});
