import { invoiceMath, parseInvoiceNumber } from './invoice-facts';

describe('parseInvoiceNumber', () => {
  it('reads year and province of a 20-digit fully digital number', () => {
    expect(parseInvoiceNumber({ number: '26332000000000000101' })).toEqual({ shape: 'fully-digital', year: 26, province: '33' });
  });

  it('accepts a 10- or 12-digit code with an 8-digit number', () => {
    expect(parseInvoiceNumber({ code: '3300201130', number: '12345678' }).shape).toBe('legacy');
    expect(parseInvoiceNumber({ code: '033002000111', number: '12345678' }).shape).toBe('legacy');
  });

  it('calls anything else malformed', () => {
    expect(parseInvoiceNumber({ number: '2633200000000000010' }).shape).toBe('malformed'); // 19 digits
    expect(parseInvoiceNumber({ number: '2633200000000000010A' }).shape).toBe('malformed');
    expect(parseInvoiceNumber({ code: '330020113', number: '12345678' }).shape).toBe('malformed');
    expect(parseInvoiceNumber({ code: '3300201130', number: '1234567' }).shape).toBe('malformed');
  });
});

describe('invoiceMath', () => {
  it('finds no difference on a consistent invoice', () => {
    expect(invoiceMath({ amount: '716.98', taxRate: 6, tax: '43.02', total: '760.00' })).toEqual({
      sumDifferenceFen: 0,
      taxDifferenceFen: 0.12, // 716.98 × 6 % = 43.0188
      computedTax: '43.02',
    });
  });

  it('measures a wrong tax and a wrong total in fen', () => {
    const math = invoiceMath({ amount: '1000.00', taxRate: 6, tax: '50.00', total: '1050.00' });
    expect(math.taxDifferenceFen).toBe(1000);
    expect(math.sumDifferenceFen).toBe(0);
    expect(invoiceMath({ amount: '100.00', taxRate: 0, tax: '0.00', total: '100.02' }).sumDifferenceFen).toBe(2);
  });
});
