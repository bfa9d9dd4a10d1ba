/**
 * `npm run samples:einvoice [folder]`: writes the synthetic originals (every format and layout) to a
 * folder, default `test/fixtures/einvoice/generated/` (not committed), for looking at and for manual
 * uploads. The specs and the benchmark make their own in memory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatInvoiceQr } from '../qr-payload';
import { invoicePdf } from './make-pdf';
import { invoiceOfd } from './make-ofd';
import { cleanQrPng, phonePhotoJpeg } from './make-qr';
import { fullyDigitalXml, legacyFpXml, railXbrl, xbrlVoucher } from './make-xml';
import { airItinerary, lodgingInvoice, railTicket, suppliesInvoice, totals, yuan } from './sample-invoices';

async function main(): Promise<void> {
  const folder = process.argv[2] ?? join(__dirname, '../../../../test/fixtures/einvoice/generated');
  mkdirSync(folder, { recursive: true });
  const lodging = lodgingInvoice();
  const supplies = suppliesInvoice();
  const payload = formatInvoiceQr({ typeCode: lodging.typeCode, number: lodging.number, amount: yuan(totals(lodging).totalFen), issuedOn: lodging.issuedAt.slice(0, 10), hash: '7C1F' });
  const files: Record<string, Buffer | string> = {
    '数电普票-住宿.xml': fullyDigitalXml(lodging, { issueTimeWithClock: true }),
    '数电普票-住宿-税率百分号.xml': fullyDigitalXml(lodging, { rateStyle: 'percent' }),
    '数电专票-办公用品.xml': fullyDigitalXml(supplies),
    '电子普票-fp.xml': legacyFpXml(supplies),
    '电子普票-xbrl.xml': xbrlVoucher(supplies),
    '铁路电子客票.xml': railXbrl(railTicket()),
    '航空行程单.xml': fullyDigitalXml(airItinerary()),
    '数电普票-住宿.pdf': await invoicePdf(lodging),
    '数电普票-住宿-标签在前-销售方在前.pdf': await invoicePdf(lodging, { labelsFirst: true, sellerFirst: true, controlCharacters: true }),
    '数电普票-住宿-残缺.pdf': await invoicePdf(lodging, { partial: true }),
    '数电专票-办公用品.pdf': await invoicePdf(supplies),
    '铁路电子客票.pdf': await invoicePdf(railTicket()),
    '航空行程单.pdf': await invoicePdf(airItinerary()),
    '数电普票-住宿-标签.ofd': invoiceOfd(lodging, 'tags'),
    '电子普票-original_invoice.ofd': invoiceOfd(supplies, 'fp'),
    '电子普票-xbrl.ofd': invoiceOfd(supplies, 'xbrl'),
    '二维码-扫描.png': cleanQrPng(payload),
    '二维码-手机照片.jpg': phonePhotoJpeg(payload),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(folder, name), data);
  process.stdout.write(`wrote ${Object.keys(files).length} synthetic originals (样例) to ${folder}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
