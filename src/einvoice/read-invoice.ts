import { IntakeDraft, IntakeResult, IntakeSource, InvoiceUnreadable, OriginalType } from './intake-result';
import { readInvoiceXml } from './einvoice-xml';
import { readInvoiceOfd } from './ofd';
import { readInvoicePdf } from './pdf';
import { readInvoiceImage } from './qr-image';

const SOURCE: Record<OriginalType, IntakeSource> = { xml: 'xml', pdf: 'pdf', ofd: 'ofd', png: 'qr', jpeg: 'qr' };

/**
 * Reads an e-invoice original into the invoice row it proves. `type` is what the bytes are (decided
 * by the caller from the bytes, not the name). Answers what was found, with the source of each field,
 * the fields it could not read, and the problems seen (sums that disagree, a check character that
 * fails); throws InvoiceUnreadable when nothing could be read and UnsafeOriginal for a refused file.
 */
export async function readInvoiceOriginal(bytes: Buffer, type: OriginalType): Promise<IntakeResult> {
  const draft = new IntakeDraft(SOURCE[type]);
  switch (type) {
    case 'xml':
      readInvoiceXml(bytes, draft);
      break;
    case 'ofd':
      readInvoiceOfd(bytes, draft);
      break;
    case 'pdf':
      await readInvoicePdf(bytes, draft);
      break;
    case 'png':
    case 'jpeg':
      readInvoiceImage(bytes, type, draft);
      break;
    default:
      throw new InvoiceUnreadable(`不支持的原件类型 ${String(type)}`, `Unsupported original type ${String(type)}`, 'UNSUPPORTED_TYPE');
  }
  const result = draft.finish();
  const read = Object.keys(result.fields).filter((field) => field !== 'kind');
  if (read.length === 0) {
    throw new InvoiceUnreadable('文件中没有读到任何发票信息', 'No invoice field could be read from the file', 'NOTHING_READ');
  }
  return result;
}
