/**
 * OFD (GB/T 33190): a zip of XML parts. `OFD.xml` names the document root (`Doc_0/Document.xml`),
 * which lists the pages and the custom-tag index. Three layouts are read, the structured ones first:
 * - an older e-invoice with its original under `Doc_N/Attachs/` (`original_invoice.xml` with `fp:`
 *   elements, or an XBRL 电子凭证);
 * - a 数电票 with no invoice XML: `Tags/CustomTags.xml` points at a tag file whose elements
 *   (`InvoiceNo`, `TaxInclusiveTotalAmount` …) hold `ObjectRef`s to the page's `TextObject`s, one value
 *   possibly spread over several objects (`¥` and `4449.00`);
 * - failing both, the page text read like a PDF's.
 * `OFD.xml`'s `CustomDatas` fill what the tags lack and are cross-checked; there `合计金额` is the amount
 * before tax, not the total.
 */
import { posix } from 'node:path';
import { amountTextToFen } from './money-text';
import { IntakeDraft, InvoiceLine, InvoiceUnreadable, dayFromText } from './intake-result';
import { readInvoiceXml, lineFrom } from './einvoice-xml';
import { findAll, findFirst, findText, parseXml, textOf, XmlValue, decodeXml } from './safe-xml';
import { readZip } from './safe-zip';
import { PlacedText, readInvoiceText, cleanText } from './text-layout';

export function readInvoiceOfd(bytes: Buffer, draft: IntakeDraft): void {
  const entries = readZip(bytes);
  const part = (path: string) => entries.get(path.replace(/^\//, ''));
  const ofdXml = part('OFD.xml');
  if (!ofdXml) throw notOfd();
  const ofd = parseXml(decodeXml(ofdXml), 'OFD.xml');
  const docRoot = findText(ofd, 'DocRoot')?.replace(/^\//, '') ?? 'Doc_0/Document.xml';
  const docDir = posix.dirname(docRoot);
  const customData = new Map<string, string>();
  for (const item of findAll(ofd, 'CustomData')) {
    if (typeof item === 'object' && !Array.isArray(item) && typeof item['@_Name'] === 'string') customData.set(item['@_Name'], textOf(item)?.trim() ?? '');
  }

  // 1. A structured original attached to the document.
  const attached = [...entries.keys()].filter((name) => name.startsWith(`${docDir}/Attachs/`) && name.toLowerCase().endsWith('.xml') && !/Attachments\.xml$/i.test(name));
  attached.sort((a, b) => Number(/original_invoice/i.test(b)) - Number(/original_invoice/i.test(a)));
  for (const name of attached) {
    const text = decodeXml(entries.get(name)!);
    if (/<(\w+:)?(EInvoice|eInvoice|xbrl)[\s>]/.test(text)) {
      readInvoiceXml(entries.get(name)!, draft, name);
      break;
    }
  }

  // 2. Custom tags pointing at the page's text objects.
  const documentXml = part(docRoot);
  const document = documentXml ? parseXml(decodeXml(documentXml), docRoot) : undefined;
  const pages = document ? findAll(findFirst(document, 'Pages'), 'Page') : [];
  const texts = new Map<string, string>();
  const placed: PlacedText[] = [];
  pages.forEach((page, index) => {
    const baseLoc = typeof page === 'object' && !Array.isArray(page) ? page['@_BaseLoc'] : undefined;
    if (typeof baseLoc !== 'string') return;
    const content = part(resolve(docDir, baseLoc));
    if (content) collectTextObjects(parseXml(decodeXml(content), baseLoc), index + 1, texts, placed);
  });
  if (!draft.has('number')) {
    const tagsIndex = findText(document, 'CustomTags');
    const tagsXml = tagsIndex ? part(resolve(docDir, tagsIndex)) : undefined;
    if (tagsXml && tagsIndex) {
      const tagsDir = posix.dirname(resolve(docDir, tagsIndex));
      for (const tag of findAll(parseXml(decodeXml(tagsXml), tagsIndex), 'CustomTag')) {
        const fileLoc = findText(tag, 'FileLoc');
        const tagFile = fileLoc ? part(fileLoc.startsWith('/') ? fileLoc : posix.join(tagsDir, fileLoc)) : undefined;
        if (tagFile) readTagFile(parseXml(decodeXml(tagFile), fileLoc), texts, draft);
      }
    }
  }

  // 3. CustomDatas: fill gaps and cross-check.
  applyCustomData(customData, draft);

  // 4. Nothing structured: the page text.
  if (!draft.has('number') && placed.length) readInvoiceText(placed, draft);
  else if (!draft.has('invoiceType') && placed.length) {
    const title = placed.map((item) => cleanText(item.text)).join('').replace(/\s/g, '');
    if (/电子发票\(增值税专用发票\)/.test(title)) draft.set('invoiceType', '数电专票');
    else if (/电子发票\(普通发票\)/.test(title)) draft.set('invoiceType', '数电普票');
  }
}

function notOfd() {
  return new InvoiceUnreadable('文件不是 OFD（缺少 OFD.xml）', 'The file is not an OFD (no OFD.xml)', 'OFD_NO_ROOT');
}

function resolve(dir: string, location: string): string {
  return location.startsWith('/') ? location.slice(1) : posix.normalize(posix.join(dir, location));
}

function collectTextObjects(node: XmlValue, page: number, texts: Map<string, string>, placed: PlacedText[]): void {
  for (const object of findAll(node, 'TextObject')) {
    if (typeof object !== 'object' || Array.isArray(object)) continue;
    const codes = findAll(object, 'TextCode').map((code) => textOf(code) ?? '').join('');
    const id = object['@_ID'];
    if (typeof id === 'string') texts.set(id, codes);
    const [x, y, width, height] = String(object['@_Boundary'] ?? '0 0 0 0').split(/\s+/).map(Number);
    placed.push({ text: codes, x, y, width, height, page });
  }
}

/** Tag names seen in 数电票 OFDs, by the field they hold; a name may repeat, one element per line. */
const TAG_FIELDS: Record<string, 'number' | 'issuedOn' | 'amount' | 'tax' | 'total' | 'buyerName' | 'buyerCreditCode' | 'sellerName' | 'sellerCreditCode' | 'code'> = {
  InvoiceNo: 'number',
  InvoiceNumber: 'number',
  InvoiceCode: 'code',
  IssueDate: 'issuedOn',
  TaxExclusiveTotalAmount: 'amount',
  TaxTotalAmount: 'tax',
  TaxInclusiveTotalAmount: 'total',
  BuyerName: 'buyerName',
  BuyerTaxID: 'buyerCreditCode',
  SellerName: 'sellerName',
  SellerTaxID: 'sellerCreditCode',
};

function readTagFile(tags: XmlValue, texts: Map<string, string>, draft: IntakeDraft): void {
  const valueOf = (element: XmlValue) =>
    findAll(element, 'ObjectRef')
      .map((ref) => texts.get((textOf(ref) ?? '').trim()) ?? '')
      .join('')
      .trim();
  for (const [tag, field] of Object.entries(TAG_FIELDS)) {
    const element = findFirst(tags, tag);
    if (element === undefined) continue;
    const value = valueOf(element);
    if (field === 'amount' || field === 'tax' || field === 'total') draft.setAmount(field, value);
    else if (field === 'issuedOn') draft.set(field, dayFromText(value.replace(/^开票日期[:：]?/, '')));
    else draft.set(field, value.replace(/^[^:：]*[:：]/, ''));
  }
  const column = (...names: string[]) => {
    for (const name of names) {
      const found = findAll(tags, name);
      if (found.length) return found.map(valueOf);
    }
    return [];
  };
  const names = column('Item', 'ItemName');
  const amounts = column('Amount');
  const taxes = column('TaxAmount');
  if (names.length && names.length === amounts.length && amounts.length === taxes.length) {
    const specs = column('Specification');
    const units = column('MeasurementDimension');
    const quantities = column('Quantity');
    const prices = column('Price');
    const rates = column('TaxScheme', 'TaxRate').slice(-names.length);
    const lines = names
      .map((name, i) => lineFrom(draft, i, { name, spec: specs[i], unit: units[i], quantity: quantities[i], unitPrice: prices[i], amount: amounts[i], taxRate: rates[i], tax: taxes[i] }))
      .filter((line): line is InvoiceLine => line !== null);
    draft.set('lines', lines);
  } else if (names.length) {
    draft.problem('lines', `OFD 标签中的明细列数不一致（名称 ${names.length}、金额 ${amounts.length}、税额 ${taxes.length}）`, `the OFD tags' item columns differ in length (names ${names.length}, amounts ${amounts.length}, taxes ${taxes.length})`);
  }
}

/** CustomDatas names → fields. 合计金额 is the amount BEFORE tax; 价税合计 is the total. */
const CUSTOM_DATA: Record<string, 'number' | 'code' | 'issuedOn' | 'amount' | 'tax' | 'total' | 'buyerName' | 'buyerCreditCode' | 'sellerName' | 'sellerCreditCode'> = {
  发票号码: 'number',
  发票代码: 'code',
  开票日期: 'issuedOn',
  合计金额: 'amount',
  合计税额: 'tax',
  价税合计: 'total',
  购买方名称: 'buyerName',
  购买方纳税人识别号: 'buyerCreditCode',
  销售方名称: 'sellerName',
  销售方纳税人识别号: 'sellerCreditCode',
};

function applyCustomData(data: Map<string, string>, draft: IntakeDraft): void {
  for (const [name, field] of Object.entries(CUSTOM_DATA)) {
    const raw = data.get(name);
    if (!raw) continue;
    const value = field === 'issuedOn' ? dayFromText(raw) : field === 'amount' || field === 'tax' || field === 'total' ? raw : raw.trim();
    if (!value) continue;
    const known = draft.fields[field];
    if (known === undefined) {
      if (field === 'amount' || field === 'tax' || field === 'total') draft.setAmount(field, value);
      else draft.set(field, value);
      continue;
    }
    const same = field === 'amount' || field === 'tax' || field === 'total' ? amountTextToFen(known as string) === amountTextToFen(value) : known === value;
    if (!same) draft.problem(field, `OFD 文档属性「${name}」为 ${raw}，与正文 ${String(known)} 不符`, `the OFD's document data "${name}" reads ${raw}, the page ${String(known)}`);
  }
}
