/**
 * OFD invoices in the three layouts bureaus receive (GB/T 33190 containers):
 * - `tags`: a 数电票 with no invoice XML — `Doc_0/Tags/CustomTags.xml` → `CustomTag.xml`, whose elements
 *   hold `ObjectRef`s to the page's `TextObject`s; the total is drawn as two objects (`¥`, `1007.00`);
 *   `OFD.xml`'s CustomDatas repeat a few fields, with 合计金额 the amount before tax;
 * - `fp`: an older e-invoice carrying `Doc_0/Attachs/original_invoice.xml` (`fp:` elements);
 * - `xbrl`: an e-invoice carrying an XBRL 电子凭证 under `Doc_0/Attachs/`.
 */
import { SAMPLE_LABEL, SampleInvoice, totals, yuan } from './sample-invoices';
import { legacyFpXml, xbrlVoucher } from './make-xml';
import { writeZip } from './zip-writer';

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export type OfdLayout = 'tags' | 'fp' | 'xbrl';

export function invoiceOfd(invoice: SampleInvoice, layout: OfdLayout): Buffer {
  const { amountFen, taxFen, totalFen } = totals(invoice);
  const [year, month, day] = invoice.issuedAt.slice(0, 10).split('-');
  const objects: Array<{ id: number; text: string; x: number; y: number }> = [];
  let nextId = 100;
  const place = (text: string, x: number, y: number) => {
    const id = nextId++;
    objects.push({ id, text, x, y });
    return id;
  };
  place(SAMPLE_LABEL, 5, 5);
  place(invoice.typeCode === '31' ? '电子发票（增值税专用发票）' : '电子发票（普通发票）', 70, 12);
  const tags: string[] = [];
  const tag = (name: string, ...ids: number[]) => tags.push(`<ofd:${name}>${ids.map((id) => `<ofd:ObjectRef PageRef="1">${id}</ofd:ObjectRef>`).join('')}</ofd:${name}>`);
  tag('InvoiceNo', place(invoice.number, 160, 15));
  tag('IssueDate', place(`${year}年${month}月${day}日`, 160, 20));
  tags.push(`<ofd:Buyer>`);
  tag('BuyerName', place(invoice.buyer.name, 20, 30));
  tag('BuyerTaxID', place(invoice.buyer.creditCode, 50, 37));
  tags.push(`</ofd:Buyer><ofd:Seller>`);
  tag('SellerName', place(invoice.seller.name, 120, 30));
  tag('SellerTaxID', place(invoice.seller.creditCode, 150, 37));
  tags.push(`</ofd:Seller>`);
  tag('TaxExclusiveTotalAmount', place('¥', 118, 90), place(yuan(amountFen), 121, 90));
  tag('TaxTotalAmount', place('¥', 168, 90), place(yuan(taxFen), 171, 90));
  tag('TaxInclusiveTotalAmount', place('¥', 150, 98), place(yuan(totalFen), 153, 98));
  invoice.lines.forEach((line, row) => {
    const y = 55 + row * 6;
    tag('Item', place(line.name, 10, y));
    tags.push(line.spec ? `<ofd:Specification><ofd:ObjectRef PageRef="1">${place(line.spec, 50, y)}</ofd:ObjectRef></ofd:Specification>` : '<ofd:Specification/>');
    tags.push(line.unit ? `<ofd:MeasurementDimension><ofd:ObjectRef PageRef="1">${place(line.unit, 75, y)}</ofd:ObjectRef></ofd:MeasurementDimension>` : '<ofd:MeasurementDimension/>');
    tags.push(line.quantity ? `<ofd:Quantity><ofd:ObjectRef PageRef="1">${place(line.quantity, 85, y)}</ofd:ObjectRef></ofd:Quantity>` : '<ofd:Quantity/>');
    tags.push(line.unitPrice ? `<ofd:Price><ofd:ObjectRef PageRef="1">${place(line.unitPrice, 95, y)}</ofd:ObjectRef></ofd:Price>` : '<ofd:Price/>');
    tag('Amount', place(yuan(line.amountFen), 121, y));
    tag('TaxScheme', place(`${line.ratePercent}%`, 150, y));
    tag('TaxAmount', place(yuan(line.taxFen), 171, y));
  });
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page ${NS}><ofd:Content><ofd:Layer ID="2" Type="Body">
${objects.map((o) => `<ofd:TextObject ID="${o.id}" Boundary="${o.x} ${o.y} ${Math.max(4, o.text.length * 3)} 4" Font="3" Size="3.175"><ofd:TextCode X="0" Y="3">${escape(o.text)}</ofd:TextCode></ofd:TextObject>`).join('\n')}
</ofd:Layer></ofd:Content></ofd:Page>
`;
  const customDatas =
    layout === 'tags'
      ? `<ofd:CustomDatas>
        <ofd:CustomData Name="native-producer">jingbao-sample</ofd:CustomData>
        <ofd:CustomData Name="发票号码">${invoice.number}</ofd:CustomData>
        <ofd:CustomData Name="合计税额">${yuan(taxFen)}</ofd:CustomData>
        <ofd:CustomData Name="合计金额">${yuan(amountFen)}</ofd:CustomData>
        <ofd:CustomData Name="开票日期">${year}年${month}月${day}日</ofd:CustomData>
        <ofd:CustomData Name="购买方纳税人识别号">${invoice.buyer.creditCode}</ofd:CustomData>
        <ofd:CustomData Name="销售方纳税人识别号">${invoice.seller.creditCode}</ofd:CustomData>
      </ofd:CustomDatas>`
      : '';
  const entries: Array<{ name: string; data: string }> = [
    {
      name: 'OFD.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD ${NS} DocType="OFD" Version="1.0">
  <ofd:DocBody>
    <ofd:DocInfo>
      <ofd:DocID>${invoice.number}</ofd:DocID>
      <ofd:Title>${SAMPLE_LABEL}</ofd:Title>
      <ofd:CreationDate>${invoice.issuedAt.slice(0, 10)}</ofd:CreationDate>
      ${customDatas}
    </ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
  </ofd:DocBody>
</ofd:OFD>
`,
    },
    {
      name: 'Doc_0/Document.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document ${NS}>
  <ofd:CommonData><ofd:MaxUnitID>${nextId}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 140</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>
  <ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>
  ${layout === 'tags' ? '<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>' : '<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>'}
</ofd:Document>
`,
    },
    { name: 'Doc_0/Pages/Page_0/Content.xml', data: content },
  ];
  if (layout === 'tags') {
    entries.push(
      {
        name: 'Doc_0/Tags/CustomTags.xml',
        data: `<?xml version="1.0" encoding="UTF-8"?>
<ofd:CustomTags ${NS}><ofd:CustomTag TypeID="eInvoice" NameSpace="http://www.edrm.org.cn/schema/e-invoice/2019"><ofd:FileLoc>CustomTag.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>
`,
      },
      { name: 'Doc_0/Tags/CustomTag.xml', data: `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:eInvoice ${NS}>\n${tags.join('\n')}\n</ofd:eInvoice>\n` },
    );
  } else {
    const file = layout === 'fp' ? 'original_invoice.xml' : 'voucher.xbrl.xml';
    entries.push(
      { name: 'Doc_0/Attachs/Attachments.xml', data: `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Attachments ${NS}><ofd:Attachment ID="1" Name="${file}" Format="xml" Visible="false"><ofd:FileLoc>${file}</ofd:FileLoc></ofd:Attachment></ofd:Attachments>\n` },
      { name: `Doc_0/Attachs/${file}`, data: layout === 'fp' ? legacyFpXml(invoice) : xbrlVoucher(invoice) },
    );
  }
  return writeZip(entries);
}
