/**
 * PDF invoices drawn like the issuing systems draw them: text in the non-embedded Adobe CJK font
 * STSong-Light with the UniGB-UCS2-H encoding (what many issuers' iText-based systems write), so no
 * font file is needed to make or to read them. Options reproduce what bureaus receive: labels written
 * before values, the seller's box before the buyer's, NUL characters in the text layer.
 */
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, beginText, endText, moveText, setFontAndSize, showText } from 'pdf-lib';
import { fenToChineseAmount } from '../money-text';
import { SAMPLE_LABEL, SampleInvoice, totals, yuan } from './sample-invoices';

export interface PdfOptions {
  /** Write every label before any value (some issuers' text layers read this way). */
  labelsFirst?: boolean;
  /** Write the seller's box before the buyer's. */
  sellerFirst?: boolean;
  /** Put NUL and other control characters into some values' text. */
  controlCharacters?: boolean;
  /** Leave out the parties' credit codes and the item table (a half-readable file). */
  partial?: boolean;
}

interface Draw {
  x: number;
  y: number;
  text: string;
  size?: number;
  role: 'label' | 'value';
  box?: 'buyer' | 'seller';
}

const WIDTH = 595;
const HEIGHT = 400;

export async function invoicePdf(invoice: SampleInvoice, options: PdfOptions = {}): Promise<Buffer> {
  const draws = invoice.ticket === 'rail' ? railDraws(invoice) : invoice.ticket === 'air' ? airDraws(invoice) : vatDraws(invoice, options);
  let ordered = draws;
  if (options.sellerFirst) ordered = [...ordered.filter((d) => d.box === 'seller'), ...ordered.filter((d) => d.box !== 'seller')];
  if (options.labelsFirst) ordered = [...ordered.filter((d) => d.role === 'label'), ...ordered.filter((d) => d.role === 'value')];
  if (options.controlCharacters) ordered = ordered.map((d, i) => (d.role === 'value' && i % 3 === 0 ? { ...d, text: `${d.text}\u0000` } : d));

  const document = await PDFDocument.create({ updateMetadata: false });
  document.setTitle('样例发票 synthetic invoice');
  document.setProducer('jingbao einvoice sample generator');
  const page = document.addPage([WIDTH, HEIGHT]);
  const context = document.context;
  const descriptor = context.register(
    context.obj({ Type: 'FontDescriptor', FontName: 'STSong-Light', Flags: 6, FontBBox: [-25, -254, 1000, 880], ItalicAngle: 0, Ascent: 880, Descent: -120, CapHeight: 880, StemV: 93 }),
  );
  const cidFont = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType0',
      BaseFont: 'STSong-Light',
      CIDSystemInfo: context.obj({ Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: PDFNumber.of(2) }),
      FontDescriptor: descriptor,
      DW: 1000,
      // Half-width ASCII (CIDs 1–95 in Adobe-GB1) is half an em wide.
      W: [1, 95, 500],
    }),
  );
  const font = context.register(context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'STSong-Light-UniGB-UCS2-H', Encoding: 'UniGB-UCS2-H', DescendantFonts: [cidFont] }));
  page.node.setFontDictionary(PDFName.of('F1'), font);
  for (const draw of ordered) {
    page.pushOperators(beginText(), setFontAndSize('F1', draw.size ?? 9), moveText(draw.x, HEIGHT - draw.y), showText(ucs2(draw.text)), endText());
  }
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

function ucs2(text: string): PDFHexString {
  let hex = '';
  for (const char of text) hex += (char.codePointAt(0)! & 0xffff).toString(16).padStart(4, '0');
  return PDFHexString.of(hex);
}

function vatDraws(invoice: SampleInvoice, options: PdfOptions): Draw[] {
  const { amountFen, taxFen, totalFen } = totals(invoice);
  const [year, month, day] = invoice.issuedAt.slice(0, 10).split('-');
  const title = invoice.typeCode === '31' ? '电子发票（增值税专用发票）' : '电子发票（普通发票）';
  const d: Draw[] = [
    { x: 20, y: 20, text: SAMPLE_LABEL, size: 7, role: 'label' },
    { x: 190, y: 42, text: title, size: 16, role: 'label' },
    { x: 420, y: 40, text: '发票号码：', role: 'label' },
    { x: 466, y: 40, text: invoice.number, role: 'value' },
    { x: 420, y: 55, text: '开票日期：', role: 'label' },
    { x: 466, y: 55, text: `${year}年${month}月${day}日`, role: 'value' },
  ];
  const party = (box: 'buyer' | 'seller', x: number, who: { name: string; creditCode: string }) => {
    const mark = box === 'buyer' ? '购买方信息' : '销售方信息';
    [...mark].forEach((char, i) => d.push({ x, y: 78 + i * 13, text: char, role: 'label', box }));
    d.push({ x: x + 18, y: 90, text: '名称：', role: 'label', box }, { x: x + 46, y: 90, text: who.name, role: 'value', box });
    if (!options.partial) {
      d.push({ x: x + 18, y: 112, text: '统一社会信用代码/纳税人识别号：', role: 'label', box }, { x: x + 160, y: 112, text: who.creditCode, role: 'value', box });
    }
  };
  party('buyer', 22, invoice.buyer);
  party('seller', 300, invoice.seller);
  if (!options.partial) {
    const columns = [40, 130, 200, 235, 265, 330, 395, 460];
    ['项目名称', '规格型号', '单位', '数量', '单价', '金额', '税率/征收率', '税额'].forEach((text, i) => d.push({ x: columns[i], y: 150, text, role: 'label' }));
    invoice.lines.forEach((line, row) => {
      const y = 168 + row * 16;
      const cells = [line.name, line.spec, line.unit, line.quantity, line.unitPrice, yuan(line.amountFen), `${line.ratePercent}%`, yuan(line.taxFen)];
      cells.forEach((text, i) => text && d.push({ x: columns[i], y, text, role: 'value' }));
    });
    d.push({ x: 40, y: 260, text: '合 计', role: 'label' });
    // The currency sign and the figure are separate pieces of text, as issuers draw them.
    d.push({ x: 322, y: 260, text: '¥', role: 'value' }, { x: 330, y: 260, text: yuan(amountFen), role: 'value' });
    d.push({ x: 452, y: 260, text: '¥', role: 'value' }, { x: 460, y: 260, text: yuan(taxFen), role: 'value' });
  }
  d.push({ x: 40, y: 285, text: '价税合计（大写）', role: 'label' }, { x: 130, y: 285, text: fenToChineseAmount(totalFen), role: 'value' });
  d.push({ x: 380, y: 285, text: '（小写）', role: 'label' }, { x: 420, y: 285, text: `¥${yuan(totalFen)}`, role: 'value' });
  d.push({ x: 40, y: 310, text: '备注', role: 'label' }, { x: 80, y: 310, text: '样例发票，仅供测试', role: 'value' });
  d.push({ x: 40, y: 360, text: '开票人：', role: 'label' }, { x: 80, y: 360, text: '样例', role: 'value' });
  return d;
}

function ticketHeader(invoice: SampleInvoice, title: string): Draw[] {
  const [year, month, day] = invoice.issuedAt.slice(0, 10).split('-');
  return [
    { x: 20, y: 20, text: SAMPLE_LABEL, size: 7, role: 'label' },
    { x: 200, y: 42, text: title, size: 16, role: 'label' },
    { x: 40, y: 70, text: '发票号码:', role: 'label' },
    { x: 90, y: 70, text: invoice.number, role: 'value' },
    { x: 330, y: 70, text: '开票日期:', role: 'label' },
    { x: 380, y: 70, text: `${year}年${month}月${day}日`, role: 'value' },
  ];
}

function railDraws(invoice: SampleInvoice): Draw[] {
  return [
    ...ticketHeader(invoice, '电子发票（铁路电子客票）'),
    { x: 40, y: 100, text: '样例东站', role: 'value' },
    { x: 160, y: 100, text: 'G7512', role: 'value' },
    { x: 280, y: 100, text: '样例南站', role: 'value' },
    { x: 40, y: 130, text: '票价:', role: 'label' },
    { x: 70, y: 130, text: `¥${yuan(invoice.railFareFen ?? 0)}`, role: 'value' },
    { x: 40, y: 160, text: '购买方名称:', role: 'label', box: 'buyer' },
    { x: 100, y: 160, text: invoice.buyer.name, role: 'value', box: 'buyer' },
    { x: 300, y: 160, text: '统一社会信用代码:', role: 'label', box: 'buyer' },
    { x: 390, y: 160, text: invoice.buyer.creditCode, role: 'value', box: 'buyer' },
  ];
}

function airDraws(invoice: SampleInvoice): Draw[] {
  const air = invoice.air!;
  const row = (y: number, label: string, value: string): Draw[] => [
    { x: 40, y, text: label, role: 'label' },
    { x: 130, y, text: value, role: 'value' },
  ];
  return [
    ...ticketHeader(invoice, '电子发票（航空运输电子客票行程单）'),
    { x: 40, y: 95, text: '购买方名称:', role: 'label', box: 'buyer' },
    { x: 100, y: 95, text: invoice.buyer.name, role: 'value', box: 'buyer' },
    { x: 300, y: 95, text: '统一社会信用代码:', role: 'label', box: 'buyer' },
    { x: 390, y: 95, text: invoice.buyer.creditCode, role: 'value', box: 'buyer' },
    { x: 40, y: 115, text: '销售方名称:', role: 'label', box: 'seller' },
    { x: 100, y: 115, text: invoice.seller.name, role: 'value', box: 'seller' },
    { x: 300, y: 115, text: '统一社会信用代码:', role: 'label', box: 'seller' },
    { x: 390, y: 115, text: invoice.seller.creditCode, role: 'value', box: 'seller' },
    ...row(150, '票价', yuan(air.fareFen)),
    ...row(168, '燃油附加费', yuan(air.fuelFen)),
    ...row(186, '增值税税率', '9%'),
    ...row(204, '增值税税额', yuan(air.taxFen)),
    ...row(222, '民航发展基金', yuan(air.fundFen)),
    ...row(240, '合计', yuan(air.fareFen + air.fuelFen + air.taxFen + air.fundFen)),
  ];
}
