/** XML originals in the published layouts: 数电票 `EInvoice`, the older `fp:` e-invoice, XBRL 电子凭证. */
import { fenToChineseAmount } from '../money-text';
import { SAMPLE_LABEL, SampleInvoice, totals, yuan } from './sample-invoices';

export interface XmlOptions {
  /** How line tax rates are written: `0.06` or `6%` (issuers do both). */
  rateStyle?: 'fraction' | 'percent';
  /** IssueTime as a day only, or with the time of day. */
  issueTimeWithClock?: boolean;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function fullyDigitalXml(invoice: SampleInvoice, options: XmlOptions = {}): string {
  const { amountFen, taxFen, totalFen } = totals(invoice);
  const rate = (percent: number) => (options.rateStyle === 'percent' ? `${percent}%` : (percent / 100).toFixed(2));
  const typeLabel = invoice.ticket === 'rail' ? '电子发票（铁路电子客票）' : invoice.ticket === 'air' ? '电子发票（航空运输电子客票行程单）' : '电子发票';
  const vat = invoice.typeCode === '31' ? ['01', '增值税专用发票'] : ['02', '普通发票'];
  const lines = invoice.air
    ? [
        { name: '*运输服务*客票', amountFen: invoice.air.fareFen, ratePercent: 9, taxFen: invoice.air.taxFen },
        { name: '*运输服务*燃油附加费', amountFen: invoice.air.fuelFen, ratePercent: 9, taxFen: 0 },
      ]
    : invoice.lines;
  const items = lines
    .map(
      (line) => `    <IssuItemInformation>
      <ItemName>${escape(line.name)}</ItemName>${'spec' in line && line.spec ? `\n      <SpecMod>${escape(line.spec)}</SpecMod>` : ''}${'unit' in line && line.unit ? `\n      <MeaUnits>${line.unit}</MeaUnits>` : ''}${'quantity' in line && line.quantity ? `\n      <Quantity>${line.quantity}</Quantity>` : ''}${'unitPrice' in line && line.unitPrice ? `\n      <UnPrice>${line.unitPrice}</UnPrice>` : ''}
      <Amount>${yuan(line.amountFen)}</Amount>
      <TaxRate>${rate(line.ratePercent)}</TaxRate>
      <ComTaxAm>${yuan(line.taxFen)}</ComTaxAm>
      <TotaltaxIncludedAmount>${yuan(line.amountFen + line.taxFen)}</TotaltaxIncludedAmount>
    </IssuItemInformation>`,
    )
    .join('\n');
  const issueTime = options.issueTimeWithClock ? invoice.issuedAt : invoice.issuedAt.slice(0, 10);
  return `<?xml version="1.0" encoding="UTF-8"?>
<EInvoice>
  <Header>
    <EIid>${invoice.number}</EIid>
    <EInvoiceTag>SWEI3200</EInvoiceTag>
    <Version>0.1</Version>
    <InherentLabel>
      <EInvoiceType><LabelCode>81</LabelCode><LabelName>${typeLabel}</LabelName></EInvoiceType>
      <GeneralOrSpecialVAT><LabelCode>${vat[0]}</LabelCode><LabelName>${vat[1]}</LabelName></GeneralOrSpecialVAT>
    </InherentLabel>
  </Header>
  <EInvoiceData>
    <SellerInformation>
      <SellerIdNum>${invoice.seller.creditCode}</SellerIdNum>
      <SellerName>${escape(invoice.seller.name)}</SellerName>
    </SellerInformation>
    <BuyerInformation>
      <BuyerIdNum>${invoice.buyer.creditCode}</BuyerIdNum>
      <BuyerName>${escape(invoice.buyer.name)}</BuyerName>
    </BuyerInformation>
    <BasicInformation>
      <TotalAmWithoutTax>${yuan(amountFen)}</TotalAmWithoutTax>
      <TotalTaxAm>${yuan(taxFen)}</TotalTaxAm>
      <TotalTax-includedAmount>${yuan(totalFen)}</TotalTax-includedAmount>
      <TotalTax-includedAmountInChinese>${fenToChineseAmount(totalFen)}</TotalTax-includedAmountInChinese>
      <RequestTime>${invoice.issuedAt}</RequestTime>
    </BasicInformation>
${items}${invoice.air ? `\n    <SpecificInformation><AirTicket><CivilAviationDevelopmentFund>${yuan(invoice.air.fundFen)}</CivilAviationDevelopmentFund></AirTicket></SpecificInformation>` : ''}
    <AdditionalInformation><Remark>${SAMPLE_LABEL}</Remark></AdditionalInformation>
  </EInvoiceData>
  <SensitiveInformation/>
  <TaxSupervisionInfo>
    <InvoiceNumber>${invoice.number}</InvoiceNumber>
    <IssueTime>${issueTime}</IssueTime>
    <TaxBureauCode>13300000000</TaxBureauCode>
    <TaxBureauName>样例税务局</TaxBureauName>
  </TaxSupervisionInfo>
</EInvoice>
`;
}

/** The older e-invoice original (`fp:` elements), as older OFDs carry it in `Doc_0/Attachs/original_invoice.xml`. */
export function legacyFpXml(invoice: SampleInvoice, code = '033002000111', number = '21010038'): string {
  const { amountFen, taxFen, totalFen } = totals(invoice);
  const [year, month, day] = invoice.issuedAt.slice(0, 10).split('-');
  const goods = invoice.lines
    .map(
      (line) => `    <fp:GoodsInfo>
      <fp:Item>${escape(line.name)}</fp:Item>
      <fp:Specification>${escape(line.spec ?? '')}</fp:Specification>
      <fp:MeasurementDimension>${line.unit ?? ''}</fp:MeasurementDimension>
      <fp:Price>${line.unitPrice ?? ''}</fp:Price>
      <fp:Quantity>${line.quantity ?? ''}</fp:Quantity>
      <fp:Amount>${yuan(line.amountFen)}</fp:Amount>
      <fp:TaxScheme>${line.ratePercent}%</fp:TaxScheme>
      <fp:TaxAmount>${yuan(line.taxFen)}</fp:TaxAmount>
    </fp:GoodsInfo>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<eInvoice xmlns:fp="http://www.edrm.org.cn/schema/e-invoice/2019" Version="1.0">
  <fp:DocID>01</fp:DocID>
  <fp:InvoiceCode>${code}</fp:InvoiceCode>
  <fp:InvoiceNo>${number}</fp:InvoiceNo>
  <fp:TypeCode>0</fp:TypeCode>
  <fp:IssueDate>${year}年${month}月${day}日</fp:IssueDate>
  <fp:InvoiceCheckCode>01731581649436515692</fp:InvoiceCheckCode>
  <fp:Buyer>
    <fp:BuyerName>${escape(invoice.buyer.name)}</fp:BuyerName>
    <fp:BuyerTaxID>${invoice.buyer.creditCode}</fp:BuyerTaxID>
  </fp:Buyer>
  <fp:Seller>
    <fp:SellerName>${escape(invoice.seller.name)}</fp:SellerName>
    <fp:SellerTaxID>${invoice.seller.creditCode}</fp:SellerTaxID>
  </fp:Seller>
  <fp:TaxInclusiveTotalAmount>${yuan(totalFen)}</fp:TaxInclusiveTotalAmount>
  <fp:Note>${SAMPLE_LABEL}</fp:Note>
  <fp:TaxTotalAmount>${yuan(taxFen)}</fp:TaxTotalAmount>
  <fp:TaxExclusiveTotalAmount>${yuan(amountFen)}</fp:TaxExclusiveTotalAmount>
  <fp:GraphCode>01,10,${code},${number},${yuan(amountFen)},${invoice.issuedAt.slice(0, 10).replace(/-/g, '')},01731581649436515692,53F1,</fp:GraphCode>
  <fp:GoodsInfos>
${goods}
  </fp:GoodsInfos>
</eInvoice>
`;
}

/** An XBRL 电子凭证 of a VAT e-invoice (`inv:` elements of the 财政部 taxonomy). */
export function xbrlVoucher(invoice: SampleInvoice, code = '033002000222', number = '31020049'): string {
  const { amountFen, taxFen, totalFen } = totals(invoice);
  const facts = invoice.lines
    .map(
      (line) =>
        `  <inv:NameOfGoodsOrServices contextRef="c1">${escape(line.name)}</inv:NameOfGoodsOrServices>\n  <inv:AmountExcludingTax contextRef="c1" unitRef="CNY" decimals="2">${yuan(line.amountFen)}</inv:AmountExcludingTax>\n  <inv:TaxRate contextRef="c1">${(line.ratePercent / 100).toFixed(2)}</inv:TaxRate>\n  <inv:TaxAmount contextRef="c1" unitRef="CNY" decimals="2">${yuan(line.taxFen)}</inv:TaxAmount>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:inv="http://xbrl.mof.gov.cn/taxonomy/voucher/inv">
  <xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="http://www.mof.gov.cn">${invoice.seller.creditCode}</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:instant>${invoice.issuedAt.slice(0, 10)}</xbrli:instant></xbrli:period></xbrli:context>
  <xbrli:unit id="CNY"><xbrli:measure>iso4217:CNY</xbrli:measure></xbrli:unit>
  <inv:TypeOfInvoice contextRef="c1">增值税电子普通发票</inv:TypeOfInvoice>
  <inv:CodeOfInvoice contextRef="c1">${code}</inv:CodeOfInvoice>
  <inv:NumberOfInvoice contextRef="c1">${number}</inv:NumberOfInvoice>
  <inv:DateOfIssue contextRef="c1">${invoice.issuedAt.slice(0, 10)}</inv:DateOfIssue>
  <inv:NameOfPurchaser contextRef="c1">${escape(invoice.buyer.name)}</inv:NameOfPurchaser>
  <inv:TaxpayerIdentificationNumberUnifiedSocialCreditCodeOfPurchaser contextRef="c1">${invoice.buyer.creditCode}</inv:TaxpayerIdentificationNumberUnifiedSocialCreditCodeOfPurchaser>
  <inv:NameOfSeller contextRef="c1">${escape(invoice.seller.name)}</inv:NameOfSeller>
  <inv:TotalAmountExcludingTax contextRef="c1" unitRef="CNY" decimals="2">${yuan(amountFen)}</inv:TotalAmountExcludingTax>
  <inv:TotalTaxAmount contextRef="c1" unitRef="CNY" decimals="2">${yuan(taxFen)}</inv:TotalTaxAmount>
  <inv:TaxIncludedAmountInFigures contextRef="c1" unitRef="CNY" decimals="2">${yuan(totalFen)}</inv:TaxIncludedAmountInFigures>
  <inv:TaxIncludedAmountInWords contextRef="c1">${fenToChineseAmount(totalFen)}</inv:TaxIncludedAmountInWords>
  <inv:Remarks contextRef="c1">${SAMPLE_LABEL}</inv:Remarks>
${facts}
</xbrli:xbrl>
`;
}

/** A rail e-ticket as an XBRL voucher (`rai:` elements): the fare is its total, no seller. */
export function railXbrl(invoice: SampleInvoice): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:rai="http://xbrl.mof.gov.cn/taxonomy/voucher/rai">
  <rai:TypeOfVoucher>铁路电子客票</rai:TypeOfVoucher>
  <rai:ElectronicInvoiceRailwayETicketNumber>${invoice.number}</rai:ElectronicInvoiceRailwayETicketNumber>
  <rai:DateOfIssue>${invoice.issuedAt.slice(0, 10)}</rai:DateOfIssue>
  <rai:TravelDate>${invoice.issuedAt.slice(0, 10)}</rai:TravelDate>
  <rai:TrainNumber>G7512</rai:TrainNumber>
  <rai:DepartureStation>样例东</rai:DepartureStation>
  <rai:DestinationStation>样例南</rai:DestinationStation>
  <rai:Fare>${yuan(invoice.railFareFen ?? 0)}</rai:Fare>
  <rai:NameOfPurchaser>${escape(invoice.buyer.name)}</rai:NameOfPurchaser>
  <rai:UnifiedSocialCreditCodeOfPurchaser>${invoice.buyer.creditCode}</rai:UnifiedSocialCreditCodeOfPurchaser>
  <rai:Name>样例乘客</rai:Name>
  <rai:Remarks>${SAMPLE_LABEL}</rai:Remarks>
</xbrli:xbrl>
`;
}
