import { readInvoiceOriginal, InvoiceUnreadable, UnsafeOriginal } from '.';
import { fullyDigitalXml, legacyFpXml, railXbrl, xbrlVoucher } from './samples/make-xml';
import { invoicePdf } from './samples/make-pdf';
import { invoiceOfd } from './samples/make-ofd';
import { cleanQrPng, phonePhotoJpeg } from './samples/make-qr';
import { writeZip } from './samples/zip-writer';
import { BUYER, airItinerary, lodgingInvoice, railTicket, suppliesInvoice } from './samples/sample-invoices';

const lodging = lodgingInvoice();
// Two nights at 500.00 (6 %) and a discount line of −50.00: 950.00 + 57.00 = 1007.00.
const LODGING = {
  number: lodging.number,
  issuedOn: '2025-11-03',
  amount: '950.00',
  tax: '57.00',
  total: '1007.00',
  buyerName: BUYER.name,
  buyerCreditCode: BUYER.creditCode,
  sellerName: '样例酒店管理有限公司',
  sellerCreditCode: lodging.seller.creditCode,
  kind: 'lodging',
  invoiceType: '数电普票',
};
const LODGING_LINES = [
  { name: '*住宿服务*住宿费', spec: '标准间', unit: '天', quantity: '2', unitPrice: '500.00', amount: '1000.00', taxRate: 6, tax: '60.00' },
  { name: '*住宿服务*住宿费', amount: '-50.00', taxRate: 6, tax: '-3.00' },
];

const sourcesOf = (result: { sources: Record<string, string | undefined> }) => [...new Set(Object.values(result.sources))];

describe('数电票 XML', () => {
  it('reads every field of the row, each sourced from the XML, with the discount line negative and without quantity', async () => {
    const result = await readInvoiceOriginal(Buffer.from(fullyDigitalXml(lodging)), 'xml');
    expect(result.fields).toMatchObject(LODGING);
    expect(result.fields.lines).toEqual(LODGING_LINES);
    expect(sourcesOf(result)).toEqual(['xml']);
    expect(result.missing).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('reads a tax rate written as 6% the same as 0.06, and an IssueTime with its time of day as the day', async () => {
    const percent = await readInvoiceOriginal(Buffer.from(fullyDigitalXml(lodging, { rateStyle: 'percent', issueTimeWithClock: true })), 'xml');
    const fraction = await readInvoiceOriginal(Buffer.from(fullyDigitalXml(lodging, { rateStyle: 'fraction' })), 'xml');
    expect(fullyDigitalXml(lodging, { rateStyle: 'percent', issueTimeWithClock: true })).toContain('<IssueTime>2025-11-03 14:22:05</IssueTime>');
    expect(percent.fields.lines!.map((line) => line.taxRate)).toEqual([6, 6]);
    expect(fraction.fields.lines).toEqual(percent.fields.lines);
    expect(percent.fields.issuedOn).toBe('2025-11-03');
  });

  it('takes the invoice total from BasicInformation, never a line’s own TotaltaxIncludedAmount', async () => {
    const result = await readInvoiceOriginal(Buffer.from(fullyDigitalXml(lodging)), 'xml');
    expect(fullyDigitalXml(lodging)).toContain('<TotaltaxIncludedAmount>1060.00</TotaltaxIncludedAmount>');
    expect(result.fields.total).toBe('1007.00');
  });

  it('answers a mismatch of amount + tax and total as a problem, with the figures as printed', async () => {
    const xml = fullyDigitalXml(lodging).replace('<TotalTax-includedAmount>1007.00<', '<TotalTax-includedAmount>1070.00<');
    const result = await readInvoiceOriginal(Buffer.from(xml), 'xml');
    expect(result.fields.total).toBe('1070.00');
    expect(result.problems.map((p) => p.message)).toContain('金额 950.00 + 税额 57.00 ≠ 价税合计 1070.00');
  });

  it('names a 数电专票 by its VAT label and infers a general kind from its lines', async () => {
    const result = await readInvoiceOriginal(Buffer.from(fullyDigitalXml(suppliesInvoice())), 'xml');
    expect(result.fields).toMatchObject({ invoiceType: '数电专票', kind: 'general', amount: '610.00', tax: '79.30', total: '689.30' });
  });

  it('refuses an XML with a DTD or entities before parsing it, naming why', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE EInvoice [<!ENTITY x SYSTEM "file:///etc/passwd">]><EInvoice><Header><EIid>&x;</EIid></Header></EInvoice>`;
    await expect(readInvoiceOriginal(Buffer.from(xxe), 'xml')).rejects.toBeInstanceOf(UnsafeOriginal);
    await expect(readInvoiceOriginal(Buffer.from(xxe), 'xml')).rejects.toMatchObject({ code: 'ORIGINAL_UNSAFE', reason: 'XML_DTD', messageZh: expect.stringContaining('DTD') });
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><EInvoice>&lol2;</EInvoice>`;
    await expect(readInvoiceOriginal(Buffer.from(laughs), 'xml')).rejects.toMatchObject({ reason: 'XML_DTD' });
  });

  it('says a well-formed XML of another schema or a broken one is unreadable', async () => {
    await expect(readInvoiceOriginal(Buffer.from('<order><id>1</id></order>'), 'xml')).rejects.toBeInstanceOf(InvoiceUnreadable);
    await expect(readInvoiceOriginal(Buffer.from('<EInvoice><Header>'), 'xml')).rejects.toMatchObject({ code: 'INVOICE_UNREADABLE', reason: 'XML_MALFORMED' });
  });

  it('reads the older fp: schema with its date written 2025年10月21日 and its old code', async () => {
    const result = await readInvoiceOriginal(Buffer.from(legacyFpXml(suppliesInvoice())), 'xml');
    expect(result.fields).toMatchObject({ code: '033002000111', number: '21010038', issuedOn: '2025-10-21', amount: '610.00', tax: '79.30', total: '689.30', invoiceType: '增值税电子普通发票' });
    expect(result.fields.lines).toHaveLength(2);
    expect(result.problems).toEqual([]);
  });

  it('reads an XBRL 电子凭证, the seller’s code from its context when no element names it', async () => {
    const result = await readInvoiceOriginal(Buffer.from(xbrlVoucher(suppliesInvoice())), 'xml');
    expect(result.fields).toMatchObject({ number: '31020049', amount: '610.00', tax: '79.30', total: '689.30', sellerCreditCode: suppliesInvoice().seller.creditCode, buyerName: BUYER.name });
    expect(result.fields.lines!.map((line) => line.taxRate)).toEqual([13, 13]);
    expect(result.missing).toEqual([]);
  });
});

describe('铁路电子客票 and 航空运输电子客票行程单', () => {
  it('takes a rail ticket’s fare as its total, derives amount and tax at 9 % and says so, and expects no seller', async () => {
    const result = await readInvoiceOriginal(Buffer.from(railXbrl(railTicket())), 'xml');
    expect(result.fields).toMatchObject({ invoiceType: '铁路电子客票', kind: 'transport', total: '553.00', amount: '507.34', tax: '45.66', buyerCreditCode: BUYER.creditCode });
    expect(result.fields.sellerName).toBeUndefined();
    expect(result.missing).toEqual([]);
    expect(result.problems.map((p) => p.field)).toEqual(['tax']);
  });

  it('reads a rail ticket PDF the same way', async () => {
    const result = await readInvoiceOriginal(await invoicePdf(railTicket()), 'pdf');
    expect(result.fields).toMatchObject({ invoiceType: '铁路电子客票', number: railTicket().number, issuedOn: '2025-11-02', total: '553.00', buyerName: BUYER.name, buyerCreditCode: BUYER.creditCode });
    expect(result.missing).toEqual([]);
  });

  it('counts fare + fuel surcharge as an air itinerary’s amount and keeps 民航发展基金 outside the VAT base', async () => {
    const air = airItinerary();
    for (const result of [await readInvoiceOriginal(Buffer.from(fullyDigitalXml(air)), 'xml'), await readInvoiceOriginal(await invoicePdf(air), 'pdf')]) {
      expect(result.fields).toMatchObject({ invoiceType: '航空运输电子客票行程单', kind: 'transport', amount: '1260.00', tax: '113.40', total: '1373.40' });
      expect(result.fields.nonVatCharges).toEqual([{ name: '民航发展基金', amount: '50.00' }]);
      expect(result.problems).toEqual([]);
    }
  });
});

describe('PDF text layer', () => {
  it('reads a 数电票 PDF drawn in reading order', async () => {
    const result = await readInvoiceOriginal(await invoicePdf(lodging), 'pdf');
    expect(result.fields).toMatchObject(LODGING);
    expect(result.fields.lines).toEqual(LODGING_LINES);
    expect(sourcesOf(result)).toEqual(['pdf']);
    expect(result.missing).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('places values by where they sit, not the order written: labels first, seller before buyer, NULs in the text', async () => {
    const result = await readInvoiceOriginal(await invoicePdf(lodging, { labelsFirst: true, sellerFirst: true, controlCharacters: true }), 'pdf');
    expect(result.fields).toMatchObject(LODGING);
    expect(result.fields.lines).toEqual(LODGING_LINES);
    expect(JSON.stringify(result.fields)).not.toMatch(/\u0000/);
  });

  it('answers what a half-readable PDF holds and names what is missing', async () => {
    const result = await readInvoiceOriginal(await invoicePdf(lodging, { partial: true }), 'pdf');
    expect(result.fields).toMatchObject({ number: lodging.number, issuedOn: '2025-11-03', total: '1007.00', buyerName: BUYER.name, sellerName: '样例酒店管理有限公司' });
    expect(result.missing).toEqual(expect.arrayContaining(['amount', 'tax', 'buyerCreditCode', 'sellerCreditCode', 'lines']));
    expect(result.missing).not.toContain('total');
  });

  it('checks the total in words (大写) against the figures', async () => {
    const pdf = await invoicePdf({ ...lodging, lines: lodging.lines.map((line, i) => (i === 0 ? { ...line } : line)) });
    const result = await readInvoiceOriginal(pdf, 'pdf');
    expect(result.problems).toEqual([]);
    const xml = fullyDigitalXml(lodging).replace('壹仟零柒圆整', '壹仟零捌圆整');
    const wrong = await readInvoiceOriginal(Buffer.from(xml), 'xml');
    expect(wrong.problems.map((p) => p.messageEn)).toEqual([expect.stringContaining('in words (1008.00)')]);
  });

  it('says a file that is no PDF is unreadable', async () => {
    await expect(readInvoiceOriginal(Buffer.from('%PDF-1.7\nnot really'), 'pdf')).rejects.toBeInstanceOf(InvoiceUnreadable);
  });
});

describe('OFD', () => {
  it('reads a 数电票 OFD through its custom tags, a value spread over ¥ and its figure', async () => {
    const result = await readInvoiceOriginal(invoiceOfd(lodging, 'tags'), 'ofd');
    expect(result.fields).toMatchObject(LODGING);
    expect(result.fields.lines).toEqual(LODGING_LINES);
    expect(sourcesOf(result)).toEqual(['ofd']);
    expect(result.problems).toEqual([]);
  });

  it('reads CustomDatas’ 合计金额 as the amount before tax, not the total', async () => {
    const ofd = invoiceOfd(lodging, 'tags');
    // Remove the tag file: only OFD.xml's CustomDatas and the page text remain.
    const entries = readEntries(ofd).filter((entry) => !entry.name.includes('Tags/'));
    const result = await readInvoiceOriginal(writeZip(entries), 'ofd');
    expect(result.fields).toMatchObject({ number: lodging.number, amount: '950.00', tax: '57.00', issuedOn: '2025-11-03', buyerCreditCode: BUYER.creditCode });
    expect(result.fields.total).not.toBe('950.00');
  });

  it('flags CustomDatas that disagree with the tagged page', async () => {
    const entries = readEntries(invoiceOfd(lodging, 'tags')).map((entry) =>
      entry.name === 'OFD.xml' ? { ...entry, data: entry.data.toString().replace('<ofd:CustomData Name="合计金额">950.00<', '<ofd:CustomData Name="合计金额">1007.00<') } : entry,
    );
    const result = await readInvoiceOriginal(writeZip(entries), 'ofd');
    expect(result.fields.amount).toBe('950.00');
    expect(result.problems).toEqual([expect.objectContaining({ field: 'amount', messageEn: expect.stringContaining('合计金额') })]);
  });

  it('prefers the structured original_invoice.xml (fp:) an older OFD carries', async () => {
    const result = await readInvoiceOriginal(invoiceOfd(suppliesInvoice(), 'fp'), 'ofd');
    expect(result.fields).toMatchObject({ code: '033002000111', number: '21010038', issuedOn: '2025-10-21', amount: '610.00', total: '689.30' });
    expect(sourcesOf(result)).toEqual(['ofd']);
  });

  it('reads an XBRL 电子凭证 attached to an OFD', async () => {
    const result = await readInvoiceOriginal(invoiceOfd(suppliesInvoice(), 'xbrl'), 'ofd');
    expect(result.fields).toMatchObject({ number: '31020049', amount: '610.00', tax: '79.30', total: '689.30' });
  });

  it('refuses a zip bomb before expanding it', async () => {
    const bomb = writeZip([{ name: 'OFD.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expect(readInvoiceOriginal(bomb, 'ofd')).rejects.toMatchObject({ code: 'ORIGINAL_UNSAFE', reason: 'ZIP_LIMIT' });
  });

  it('refuses entries whose path leaves the archive', async () => {
    const zip = writeZip([{ name: '../../etc/cron.d/x', data: 'x' }]);
    await expect(readInvoiceOriginal(zip, 'ofd')).rejects.toMatchObject({ reason: 'ZIP_PATH' });
  });

  it('says a zip without OFD.xml or a broken zip is unreadable', async () => {
    await expect(readInvoiceOriginal(writeZip([{ name: 'a.txt', data: 'a' }]), 'ofd')).rejects.toMatchObject({ reason: 'OFD_NO_ROOT' });
    await expect(readInvoiceOriginal(Buffer.from('PK not a zip at all'), 'ofd')).rejects.toMatchObject({ reason: 'ZIP_CORRUPT' });
  });
});

describe('QR code in a picture', () => {
  const payload = `01,32,,${lodging.number},1007.00,20251103,,7C1F`;

  it('reads a clean scan: the total of a 数电票, its number and day, and names the rest missing', async () => {
    const result = await readInvoiceOriginal(cleanQrPng(payload), 'png');
    expect(result.fields).toEqual({ number: lodging.number, issuedOn: '2025-11-03', invoiceType: '数电普票', total: '1007.00' });
    expect(sourcesOf(result)).toEqual(['qr']);
    expect(result.missing).toEqual(['amount', 'tax', 'buyerName', 'buyerCreditCode', 'sellerName', 'sellerCreditCode', 'kind', 'lines']);
  });

  it('reads a tilted, unevenly lit, JPEG-compressed phone photo', async () => {
    const result = await readInvoiceOriginal(phonePhotoJpeg(payload, { degrees: 6, quality: 35 }), 'jpeg');
    expect(result.fields.number).toBe(lodging.number);
    expect(result.fields.total).toBe('1007.00');
  });

  it('reads the amount of an older type as the amount before tax', async () => {
    const result = await readInvoiceOriginal(cleanQrPng('01,10,033002000111,21010038,610.00,20251021,01731581649436515692,53F1'), 'png');
    expect(result.fields).toMatchObject({ code: '033002000111', number: '21010038', amount: '610.00', invoiceType: '增值税电子普通发票' });
    expect(result.fields.total).toBeUndefined();
  });

  it('says a picture without a QR, or with a QR that is no invoice’s, is unreadable', async () => {
    await expect(readInvoiceOriginal(cleanQrPng('https://example.org/'), 'png')).rejects.toMatchObject({ reason: 'QR_NOT_INVOICE' });
    const blank = phonePhotoJpeg('x', { width: 200, height: 150 });
    await expect(readInvoiceOriginal(Buffer.from(blank.subarray(0, 100)), 'jpeg')).rejects.toMatchObject({ reason: 'IMAGE_UNREADABLE' });
  });
});

/** Entries of a zip this test wrote (stored names, deflated data). */
function readEntries(zip: Buffer): Array<{ name: string; data: Buffer }> {
  const { readZip } = jest.requireActual('./safe-zip') as typeof import('./safe-zip');
  return [...readZip(zip).entries()].map(([name, data]) => ({ name, data }));
}
