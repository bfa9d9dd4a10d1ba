/**
 * Structured invoice originals in XML: the 数电票 XML (root `EInvoice`), the older e-invoice schema
 * with `fp:` elements (root `eInvoice`, inside older OFDs as `Doc_0/Attachs/original_invoice.xml`)
 * and the XBRL 电子凭证 of the 财政部 taxonomy (`inv:` / `rai:` elements, root `xbrl`).
 */
import { chineseAmountToFen, amountTextToFen, fenToYuanText } from './money-text';
import { IntakeDraft, InvoiceLine, InvoiceUnreadable, dayFromText, taxRateFromText } from './intake-result';
import { decodeXml, findAll, findFirst, findText, parseXml, textOf, XmlValue } from './safe-xml';
import { QR_INVOICE_TYPES } from './qr-payload';

/** Rail tickets carry VAT at 9 % inside the fare (财税〔2019〕39号); the amount before tax is derived from it. */
const RAIL_VAT_PERCENT = 9;

/** Reads an XML original into `draft`; throws InvoiceUnreadable when it is not an invoice schema this knows. */
export function readInvoiceXml(bytes: Uint8Array, draft: IntakeDraft, what = 'XML'): void {
  const document = parseXml(decodeXml(bytes), what);
  const rootName = Object.keys(document).find((key) => !key.startsWith('?') && !key.startsWith('@_') && key !== '#text');
  const root = rootName ? document[rootName] : undefined;
  if (rootName === 'EInvoice' && root) readFullyDigital(root, draft);
  else if (rootName === 'eInvoice' && root) readLegacyFp(root, draft);
  else if (rootName === 'xbrl' && root) readXbrl(root, draft);
  else {
    throw new InvoiceUnreadable(
      `${what} 不是可识别的电子发票（根元素 ${rootName ?? '无'}；应为 EInvoice、eInvoice 或 xbrl）`,
      `${what} is not an e-invoice this reader knows (root element ${rootName ?? 'none'}; expected EInvoice, eInvoice or xbrl)`,
    );
  }
}

/** 数电票 XML. */
function readFullyDigital(root: XmlValue, draft: IntakeDraft): void {
  const supervision = findFirst(root, 'TaxSupervisionInfo');
  const basic = findFirst(root, 'BasicInformation');
  const seller = findFirst(root, 'SellerInformation');
  const buyer = findFirst(root, 'BuyerInformation');
  draft.set('number', findText(supervision, 'InvoiceNumber') ?? findText(findFirst(root, 'Header'), 'EIid'));
  const issued = findText(supervision, 'IssueTime') ?? findText(basic, 'RequestTime');
  const day = dayFromText(issued);
  if (issued && !day) draft.problem('issuedOn', `开票时间「${issued}」无法识别`, `issue time "${issued}" is not a date`);
  draft.set('issuedOn', day);
  draft.setAmount('amount', findText(basic, 'TotalAmWithoutTax'));
  draft.setAmount('tax', findText(basic, 'TotalTaxAm'));
  draft.setAmount('total', findText(basic, 'TotalTax-includedAmount', 'TotalTaxIncludedAmount'));
  confirmWords(draft, findText(basic, 'TotalTax-includedAmountInChinese'));
  draft.set('sellerName', findText(seller, 'SellerName'));
  draft.set('sellerCreditCode', findText(seller, 'SellerIdNum'));
  draft.set('buyerName', findText(buyer, 'BuyerName'));
  draft.set('buyerCreditCode', findText(buyer, 'BuyerIdNum'));

  const label = findFirst(root, 'InherentLabel');
  const typeName = findText(findFirst(label, 'EInvoiceType'), 'LabelName') ?? '';
  const vatCode = findText(findFirst(label, 'GeneralOrSpecialVAT'), 'LabelCode');
  if (/铁路/.test(typeName)) draft.set('invoiceType', '铁路电子客票');
  else if (/航空/.test(typeName)) draft.set('invoiceType', '航空运输电子客票行程单');
  else if (vatCode === '01') draft.set('invoiceType', '数电专票');
  else if (vatCode === '02') draft.set('invoiceType', '数电普票');

  const lines: InvoiceLine[] = [];
  findAll(root, 'IssuItemInformation').forEach((item, index) => {
    const line = lineFrom(draft, index, {
      name: findText(item, 'ItemName'),
      spec: findText(item, 'SpecMod'),
      unit: findText(item, 'MeaUnits'),
      quantity: findText(item, 'Quantity'),
      unitPrice: findText(item, 'UnPrice'),
      amount: findText(item, 'Amount'),
      taxRate: findText(item, 'TaxRate'),
      tax: findText(item, 'ComTaxAm'),
    });
    if (!line) return;
    // The line's own 价税合计 must agree with its amount and tax; it is never the invoice's total.
    const lineTotal = amountTextToFen(findText(item, 'TotaltaxIncludedAmount', 'TotalTaxIncludedAmount'));
    if (lineTotal !== null && lineTotal !== amountTextToFen(line.amount)! + amountTextToFen(line.tax)!) {
      draft.problem('lines', `第 ${index + 1} 行：金额 + 税额 ≠ 行价税合计 ${fenToYuanText(lineTotal)}`, `line ${index + 1}: amount + tax ≠ the line's total ${fenToYuanText(lineTotal)}`);
    }
    lines.push(line);
  });
  draft.set('lines', lines);

  const fund = findText(findFirst(root, 'SpecificInformation'), 'CivilAviationDevelopmentFund');
  if (fund && amountTextToFen(fund) !== null) draft.set('nonVatCharges', [{ name: '民航发展基金', amount: fenToYuanText(amountTextToFen(fund)!) }]);
  if (draft.fields.invoiceType === '铁路电子客票') draft.notApplicable.add('sellerName').add('sellerCreditCode');
}

/** The older e-invoice schema (`fp:` elements, dates as `2020年07月23日`). */
function readLegacyFp(root: XmlValue, draft: IntakeDraft): void {
  draft.set('code', findText(root, 'InvoiceCode'));
  draft.set('number', findText(root, 'InvoiceNo'));
  const issued = findText(root, 'IssueDate');
  draft.set('issuedOn', dayFromText(issued));
  if (issued && !draft.has('issuedOn')) draft.problem('issuedOn', `开票日期「${issued}」无法识别`, `issue date "${issued}" is not a date`);
  draft.setAmount('amount', findText(root, 'TaxExclusiveTotalAmount'));
  draft.setAmount('tax', findText(root, 'TaxTotalAmount'));
  draft.setAmount('total', findText(root, 'TaxInclusiveTotalAmount'));
  draft.set('buyerName', findText(findFirst(root, 'Buyer'), 'BuyerName'));
  draft.set('buyerCreditCode', findText(findFirst(root, 'Buyer'), 'BuyerTaxID'));
  draft.set('sellerName', findText(findFirst(root, 'Seller'), 'SellerName'));
  draft.set('sellerCreditCode', findText(findFirst(root, 'Seller'), 'SellerTaxID'));
  const typeCode = findText(root, 'GraphCode')?.split(',')[1];
  draft.set('invoiceType', (typeCode && QR_INVOICE_TYPES[typeCode]?.name) ?? '增值税电子普通发票');
  const lines: InvoiceLine[] = [];
  findAll(root, 'GoodsInfo').forEach((item, index) => {
    const line = lineFrom(draft, index, {
      name: findText(item, 'Item'),
      spec: findText(item, 'Specification'),
      unit: findText(item, 'MeasurementDimension'),
      quantity: findText(item, 'Quantity'),
      unitPrice: findText(item, 'Price'),
      amount: findText(item, 'Amount'),
      taxRate: findText(item, 'TaxScheme'),
      tax: findText(item, 'TaxAmount'),
    });
    if (line) lines.push(line);
  });
  draft.set('lines', lines);
}

/** XBRL 电子凭证 (`inv:` for VAT invoices, `rai:` for the rail e-ticket). */
function readXbrl(root: XmlValue, draft: IntakeDraft): void {
  const type = findText(root, 'TypeOfInvoice', 'TypeOfVoucher') ?? '';
  const rail = /铁路|客票/.test(type) || findFirst(root, 'ElectronicInvoiceRailwayETicketNumber') !== undefined;
  draft.set('code', findText(root, 'CodeOfInvoice'));
  draft.set('number', findText(root, 'NumberOfInvoice', 'ElectronicInvoiceRailwayETicketNumber'));
  draft.set('issuedOn', dayFromText(findText(root, 'DateOfIssue')));
  draft.set('buyerName', findText(root, 'NameOfPurchaser'));
  draft.set('buyerCreditCode', findText(root, 'TaxpayerIdentificationNumberUnifiedSocialCreditCodeOfPurchaser', 'UnifiedSocialCreditCodeOfPurchaser'));
  if (rail) {
    draft.set('invoiceType', '铁路电子客票');
    draft.notApplicable.add('sellerName').add('sellerCreditCode');
    const fare = findText(root, 'Fare', 'TotalAmount', 'TaxIncludedAmountInFigures');
    draft.setAmount('total', fare);
    const before = findText(root, 'TotalAmountExcludingTax');
    const tax = findText(root, 'TaxAmount', 'TotalTaxAmount');
    if (before && tax) {
      draft.setAmount('amount', before);
      draft.setAmount('tax', tax);
    } else deriveRailTax(draft);
    const name = ['车票', findText(root, 'TrainNumber'), findText(root, 'DepartureStation'), findText(root, 'DestinationStation')].filter(Boolean).join(' ');
    if (draft.has('amount')) draft.set('lines', [{ name: `*运输服务*铁路旅客运输 ${name}`.trim(), amount: draft.fields.amount!, taxRate: RAIL_VAT_PERCENT, tax: draft.fields.tax! }]);
    return;
  }
  draft.set('invoiceType', /专用/.test(type) ? '增值税电子专用发票' : type || '增值税电子普通发票');
  draft.setAmount('amount', findText(root, 'TotalAmountExcludingTax'));
  draft.setAmount('tax', findText(root, 'TotalTaxAmount'));
  draft.setAmount('total', findText(root, 'TaxIncludedAmountInFigures', 'TotalAmount'));
  confirmWords(draft, findText(root, 'TaxIncludedAmountInWords'));
  draft.set('sellerName', findText(root, 'NameOfSeller'));
  draft.set('sellerCreditCode', findText(root, 'TaxpayerIdentificationNumberUnifiedSocialCreditCodeOfSeller') ?? findText(findFirst(root, 'entity'), 'identifier'));
  // Items of an XBRL voucher are tuples of the same element names, one per line.
  const names = findAll(root, 'NameOfGoodsOrServices').map((value) => textOf(value) ?? '');
  const amounts = findAll(root, 'AmountExcludingTax').map((value) => textOf(value) ?? '');
  const rates = findAll(root, 'TaxRate').map((value) => textOf(value) ?? '');
  const taxes = findAll(root, 'TaxAmount').map((value) => textOf(value) ?? '');
  if (names.length && names.length === amounts.length && amounts.length === taxes.length) {
    const lines = names.map((name, index) => lineFrom(draft, index, { name, amount: amounts[index], taxRate: rates[index], tax: taxes[index] })).filter((line): line is InvoiceLine => line !== null);
    draft.set('lines', lines);
  }
}

/** A rail ticket prints only the fare: the amount before tax and the tax at 9 % are derived, and said so. */
export function deriveRailTax(draft: IntakeDraft): void {
  const total = draft.fields.total === undefined ? null : amountTextToFen(draft.fields.total);
  if (total === null) return;
  const amount = Math.round((total * 100) / (100 + RAIL_VAT_PERCENT));
  draft.set('amount', fenToYuanText(amount));
  draft.set('tax', fenToYuanText(total - amount));
  draft.problem('tax', `铁路电子客票只印票价；金额与税额按 9% 由票价 ${draft.fields.total} 计算`, `a rail e-ticket prints only its fare; amount and tax computed from the fare ${draft.fields.total} at 9 %`);
}

/** The amount in words (大写) must agree with the figures. */
export function confirmWords(draft: IntakeDraft, words: string | undefined): void {
  if (!words) return;
  const fen = chineseAmountToFen(words);
  if (fen === null) {
    draft.problem('total', `价税合计大写「${words}」无法识别`, `the total in words "${words}" could not be read`);
    return;
  }
  if (!draft.has('total')) draft.set('total', fenToYuanText(fen));
  else if (amountTextToFen(draft.fields.total) !== fen) {
    draft.problem('total', `价税合计大写 ${words}（${fenToYuanText(fen)}）与小写 ${draft.fields.total} 不符`, `the total in words (${fenToYuanText(fen)}) differs from the figures ${draft.fields.total}`);
  }
}

interface RawLine {
  name?: string;
  spec?: string;
  unit?: string;
  quantity?: string;
  unitPrice?: string;
  amount?: string;
  taxRate?: string;
  tax?: string;
}

/** One invoice line from its printed parts; a line without a name or amount is a problem, not a line. */
export function lineFrom(draft: IntakeDraft, index: number, raw: RawLine): InvoiceLine | null {
  const amount = amountTextToFen(raw.amount);
  const tax = raw.tax && /^\*+$|^$/.test(raw.tax.trim()) ? 0 : amountTextToFen(raw.tax ?? '0');
  if (!raw.name || amount === null || tax === null) {
    draft.problem('lines', `第 ${index + 1} 行明细缺少名称或金额`, `line ${index + 1} lacks a name or an amount`);
    return null;
  }
  const line: InvoiceLine = { name: raw.name.trim(), amount: fenToYuanText(amount), tax: fenToYuanText(tax) };
  if (raw.spec?.trim()) line.spec = raw.spec.trim();
  if (raw.unit?.trim()) line.unit = raw.unit.trim();
  if (raw.quantity?.trim()) line.quantity = raw.quantity.trim();
  if (raw.unitPrice?.trim()) line.unitPrice = raw.unitPrice.trim();
  const rate = taxRateFromText(raw.taxRate);
  if (rate !== undefined) line.taxRate = rate;
  return line;
}

