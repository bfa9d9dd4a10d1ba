import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IntakeDraft, InvoiceUnreadable } from './intake-result';
import { PlacedText, readInvoiceText } from './text-layout';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** Pages read at most: an invoice is one page, a long itinerary two or three. */
const MAX_PAGES = 5;

let loading: Promise<PdfJs> | null = null;

/**
 * pdf.js (legacy build, for Node), loaded once. Its worker module is loaded up front and handed over
 * through `globalThis.pdfjsWorker`, so pdf.js runs it in this thread instead of importing a file.
 */
function pdfjs(): Promise<PdfJs> {
  loading ??= (async () => {
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return loading;
}

const packageRoot = dirname(require.resolve('pdfjs-dist/package.json'));
// Issuers often print with the non-embedded Adobe CJK fonts (STSong-Light, UniGB-UCS2-H): their text needs pdf.js's CMaps.
const CMAP_URL = `${pathToFileURL(join(packageRoot, 'cmaps')).pathname}/`;
const STANDARD_FONTS_URL = `${pathToFileURL(join(packageRoot, 'standard_fonts')).pathname}/`;

/** Reads a PDF invoice from its text layer. */
export async function readInvoicePdf(bytes: Uint8Array, draft: IntakeDraft): Promise<void> {
  const lib = await pdfjs();
  let document;
  try {
    document = await lib.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: CMAP_URL,
      cMapPacked: true,
      standardFontDataUrl: STANDARD_FONTS_URL,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const reason = (error as Error).name === 'PasswordException' ? ['PDF 有密码保护', 'the PDF is password-protected'] : ['文件不是可读的 PDF', 'the file is not a readable PDF'];
    throw new InvoiceUnreadable(`无法打开：${reason[0]}`, `Could not open it: ${reason[1]}`, 'PDF_UNREADABLE');
  }
  try {
    const items: PlacedText[] = [];
    for (let number = 1; number <= Math.min(document.numPages, MAX_PAGES); number++) {
      const page = await document.getPage(number);
      const [, , , top] = page.view;
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [, , , scaleY, x, baseline] = item.transform as number[];
        const height = item.height || Math.abs(scaleY);
        items.push({ text: item.str, x, y: top - baseline - height, width: item.width, height, page: number });
      }
      page.cleanup();
    }
    if (!items.some((item) => item.text.trim())) {
      throw new InvoiceUnreadable('PDF 没有文字层（可能是扫描件）：请拍摄发票二维码，或上传 XML/OFD 原件', 'The PDF has no text layer (a scan?): photograph its QR code or upload the XML/OFD original', 'PDF_NO_TEXT');
    }
    readInvoiceText(items, draft);
  } finally {
    await document.destroy();
  }
}
