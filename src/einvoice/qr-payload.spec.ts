import { formatInvoiceQr, InvoiceQrError, parseInvoiceQr } from './qr-payload';
import { amountTextToFen, chineseAmountToFen, fenToChineseAmount } from './money-text';

describe('invoice QR payload (shared with the browser)', () => {
  it('reads a 数电普票 payload: no old code, the amount is the total', () => {
    expect(parseInvoiceQr('01,32,,25332000000123456789,1060.00,20251103,,7C1F')).toEqual({
      typeCode: '32',
      invoiceType: '数电普票',
      code: '',
      number: '25332000000123456789',
      issuedOn: '2025-11-03',
      amount: '1060.00',
      amountIs: 'total',
      checkCode: '',
    });
  });

  it('reads an older 电子普通发票 payload whose amount is before tax', () => {
    expect(parseInvoiceQr('01,10,011001900311,21010038,300,20200407,01731581649436515692,53F1,')).toMatchObject({ code: '011001900311', number: '21010038', amount: '300.00', amountIs: 'beforeTax', checkCode: '01731581649436515692' });
  });

  it('refuses what is not an invoice payload, naming the part', () => {
    expect(() => parseInvoiceQr('https://example.org')).toThrow(InvoiceQrError);
    expect(() => parseInvoiceQr('01,32,,123,10.00,20251103,,x')).toThrow('invoice number');
    expect(() => parseInvoiceQr('01,32,,25332000000123456789,ten,20251103,,x')).toThrow('amount');
    expect(() => parseInvoiceQr('01,32,,25332000000123456789,10.00,20250231,,x')).toThrow('issue date');
  });

  it('formats what it parses', () => {
    const text = formatInvoiceQr({ typeCode: '31', number: '25332000000123456789', amount: '1060.00', issuedOn: '2025-11-03', hash: 'AB12' });
    expect(text).toBe('01,31,,25332000000123456789,1060.00,20251103,,AB12');
    expect(parseInvoiceQr(text).invoiceType).toBe('数电专票');
  });
});

describe('amounts as printed', () => {
  it('reads figures exactly into fen, with currency signs, separators and full-width digits', () => {
    expect(amountTextToFen('¥4,449.00')).toBe(444900);
    expect(amountTextToFen('￥ -50.5')).toBe(-5050);
    expect(amountTextToFen('１０６０．００')).toBe(106000);
    expect(amountTextToFen('0.1')).toBe(10);
    expect(amountTextToFen('12.345')).toBeNull();
    expect(amountTextToFen('abc')).toBeNull();
  });

  it('reads and writes amounts in words (大写)', () => {
    for (const [fen, words] of [
      [106000, '壹仟零陆拾圆整'],
      [100700, '壹仟零柒圆整'],
      [5, '伍分'],
      [10000050, '壹拾万圆零伍角'],
      [105, '壹圆零伍分'],
      [1006000000, '壹仟零陆万圆整'],
      [68930, '陆佰捌拾玖圆叁角'],
    ] as const) {
      expect(fenToChineseAmount(fen)).toBe(words);
      expect(chineseAmountToFen(words)).toBe(fen);
    }
    expect(chineseAmountToFen('壹仟零陆拾元整')).toBe(106000);
    expect(chineseAmountToFen('not words')).toBeNull();
  });
});
