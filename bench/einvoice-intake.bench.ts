/**
 * E-invoice intake time per kind of original: `readInvoiceOriginal` over 200 distinct synthetic files
 * each (XML, PDF, OFD, QR photo), p50/p95/max. Baselines in the same run: the bare parse each reader
 * starts with (the XML parser, the unzip, pdf.js's text layer, jsQR on the raw pixels), so the cost of
 * the reading logic shows beside the cost of the format.
 */
import { XMLParser } from 'fast-xml-parser';
import jsQR from 'jsqr';
import * as jpeg from 'jpeg-js';
import { readInvoiceOriginal } from '../src/einvoice';
import type { OriginalType } from '../src/einvoice';
import { readZip } from '../src/einvoice/safe-zip';
import { fullyDigitalXml } from '../src/einvoice/samples/make-xml';
import { invoicePdf } from '../src/einvoice/samples/make-pdf';
import { invoiceOfd } from '../src/einvoice/samples/make-ofd';
import { phonePhotoJpeg } from '../src/einvoice/samples/make-qr';
import { formatInvoiceQr } from '../src/einvoice/qr-payload';
import { lodgingInvoice, totals, yuan } from '../src/einvoice/samples/sample-invoices';

const FILES = Number(process.env.INTAKE_FILES ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(files: Buffer[], run: (file: Buffer) => Promise<unknown> | unknown): Promise<{ p50: number; p95: number; max: number }> {
  await run(files[0]); // warm-up (module loading, pdf.js CMaps) is not counted
  const times: number[] = [];
  for (const file of files) {
    const start = process.hrtime.bigint();
    await run(file);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
}

async function main(): Promise<void> {
  const invoices = Array.from({ length: FILES }, (_, i) => lodgingInvoice(i));
  console.log(`generating ${FILES} files of each kind…`);
  const kinds: Array<{ kind: string; type: OriginalType; files: Buffer[]; baseline: [string, (file: Buffer) => unknown] }> = [
    { kind: 'XML', type: 'xml', files: invoices.map((inv) => Buffer.from(fullyDigitalXml(inv))), baseline: ['fast-xml-parser parse', (file) => new XMLParser().parse(file.toString('utf8'))] },
    { kind: 'OFD', type: 'ofd', files: invoices.map((inv) => invoiceOfd(inv, 'tags')), baseline: ['unzip only', (file) => readZip(file)] },
    { kind: 'PDF', type: 'pdf', files: await Promise.all(invoices.map((inv) => invoicePdf(inv))), baseline: ['pdf.js text layer only', pdfTextOnly] },
    {
      kind: 'QR photo (1280×960 JPEG)',
      type: 'jpeg',
      files: invoices.map((inv, i) =>
        phonePhotoJpeg(formatInvoiceQr({ typeCode: inv.typeCode, number: inv.number, amount: yuan(totals(inv).totalFen), issuedOn: inv.issuedAt.slice(0, 10), hash: '7C1F' }), { degrees: 3 + (i % 5), seed: i + 1 }),
      ),
      baseline: ['JPEG decode + one jsQR pass', jsqrOnly],
    },
  ];
  const rows: string[] = [];
  for (const { kind, type, files, baseline } of kinds) {
    let failures = 0;
    const intake = await time(files, async (file) => {
      const result = await readInvoiceOriginal(file, type).catch(() => null);
      if (!result?.fields.number) failures++;
    });
    const bare = await time(files, baseline[1]);
    rows.push(`| ${kind} | ${files.length} | ${intake.p50.toFixed(1)} | ${intake.p95.toFixed(1)} | ${intake.max.toFixed(1)} | ${failures} | ${baseline[0]}: ${bare.p50.toFixed(1)} / ${bare.p95.toFixed(1)} |`);
    console.log(rows[rows.length - 1]);
  }
  console.log('\n| kind | files | intake p50 ms | p95 ms | max ms | not read | baseline p50 / p95 ms |\n|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
  console.log(`\nresident memory ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MiB, Node ${process.version}`);
}

let pdfLib: typeof import('pdfjs-dist/legacy/build/pdf.mjs') | null = null;
async function pdfTextOnly(file: Buffer): Promise<void> {
  pdfLib ??= await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { join, dirname } = await import('node:path');
  const cMapUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'cmaps')}/`;
  const document = await pdfLib.getDocument({ data: new Uint8Array(file), cMapUrl, cMapPacked: true, isEvalSupported: false, verbosity: 0 }).promise;
  await (await document.getPage(1)).getTextContent();
  await document.destroy();
}

function jsqrOnly(file: Buffer): void {
  const image = jpeg.decode(file, { useTArray: true, formatAsRGBA: true });
  jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height, { inversionAttempts: 'dontInvert' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
