import fontkit from '@pdf-lib/fontkit';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { existsSync, readFileSync } from 'node:fs';
import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';
import qrcode from 'qrcode-generator';
import { LabelLayout, labelOrigin, labelsPerPage, PT_PER_MM, wrapText } from './label-layout';

/** What one label shows: the QR code of the number, the number, the name and the unit. */
export interface LabelContent {
  number: string;
  name: string;
  unit: string;
}

/**
 * The Chinese font labels are drawn in, embedded (subset) in every PDF so a label printer's driver
 * prints the names as they are, whatever fonts its computer has. LABEL_FONT names a TrueType or
 * OpenType file (or collection); otherwise the first of the usual Debian CJK fonts found
 * (`fonts-wqy-microhei`, which the Docker image and CI install).
 */
@Injectable()
export class LabelFont {
  private readonly logger = new Logger(LabelFont.name);
  private cached: Uint8Array | null | undefined;

  constructor(private readonly config: AppConfig) {}

  static readonly CANDIDATES = [
    '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  ];

  bytes(): Uint8Array | null {
    if (this.cached !== undefined) return this.cached;
    const path = [this.config.LABEL_FONT, ...LabelFont.CANDIDATES].find((p): p is string => !!p && existsSync(p));
    if (!path) this.logger.warn('no CJK font found (set LABEL_FONT or install fonts-wqy-microhei): labels name assets in Latin letters only');
    this.cached = path ? new Uint8Array(readFileSync(path)) : null;
    return this.cached;
  }
}

/** fontkit as pdf-lib calls it, taking the first face of a font collection (.ttc). */
const firstFace = {
  create: (data: Uint8Array, postscriptName?: string) => {
    const font = fontkit.create(data as Buffer, postscriptName) as unknown as { fonts?: unknown[] };
    return font.fonts ? font.fonts[0] : font;
  },
} as unknown as typeof fontkit;

const mm = (value: number) => value * PT_PER_MM;

/** A PDF of labels in `layout`, in the order given; an empty list gives one empty page. */
export async function labelsPdf(labels: LabelContent[], layout: LabelLayout, fontBytes: Uint8Array | null, title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('智慧警保');
  pdf.registerFontkit(firstFace);
  const font = fontBytes ? await pdf.embedFont(fontBytes, { subset: true }) : await pdf.embedFont('Helvetica');
  const printable = fontBytes ? (s: string) => s : (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
  let page: PDFPage | null = null;
  labels.forEach((label, index) => {
    if (index % labelsPerPage(layout) === 0) page = pdf.addPage([mm(layout.pageWidth), mm(layout.pageHeight)]);
    drawLabel(page!, font, layout, labelOrigin(layout, index), { number: label.number, name: printable(label.name), unit: printable(label.unit) });
  });
  if (labels.length === 0) pdf.addPage([mm(layout.pageWidth), mm(layout.pageHeight)]);
  return pdf.save();
}

function drawLabel(page: PDFPage, font: PDFFont, layout: LabelLayout, origin: { x: number; y: number }, label: LabelContent): void {
  const x = mm(origin.x);
  const y = mm(origin.y);
  const width = mm(layout.labelWidth);
  const height = mm(layout.labelHeight);
  const pad = mm(layout.padding);
  if (layout.cutLines) page.drawRectangle({ x, y, width, height, borderColor: rgb(0.8, 0.8, 0.8), borderWidth: 0.3 });

  // The QR code fills the label's height on the left; its quiet zone is the padding around it.
  const side = height - 2 * pad;
  drawQr(page, label.number, x + pad, y + pad, side);

  const textX = x + pad + side + pad * 0.8;
  const textWidth = x + width - pad - textX;
  const { number: numberSize, name: nameSize, unit: unitSize } = layout.fontSizes;
  const measure = (size: number) => (s: string) => font.widthOfTextAtSize(s, size);
  let baseline = y + height - pad - numberSize;
  for (const line of wrapText(label.number, textWidth, 2, measure(numberSize))) {
    page.drawText(line, { x: textX, y: baseline, size: numberSize, font });
    baseline -= numberSize * 1.25;
  }
  baseline -= nameSize * 0.2;
  const unitLines = wrapText(label.unit, textWidth, 2, measure(unitSize));
  // The name takes what the number and the unit leave.
  const roomForName = Math.max(1, Math.floor((baseline - (y + pad + unitLines.length * unitSize * 1.25)) / (nameSize * 1.25)) + 1);
  for (const line of wrapText(label.name, textWidth, Math.min(3, roomForName), measure(nameSize))) {
    page.drawText(line, { x: textX, y: baseline, size: nameSize, font });
    baseline -= nameSize * 1.25;
  }
  let unitBaseline = y + pad + (unitLines.length - 1) * unitSize * 1.25;
  for (const line of unitLines) {
    page.drawText(line, { x: textX, y: unitBaseline, size: unitSize, font, color: rgb(0.25, 0.25, 0.25) });
    unitBaseline -= unitSize * 1.25;
  }
}

/** The QR code of `text` as filled squares, one rectangle per run of dark modules in a row. */
function drawQr(page: PDFPage, text: string, x: number, y: number, side: number): void {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const cell = side / count;
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && qr.isDark(row, col)) col++;
      // A hair of overlap so no white seam shows between rows when printed.
      page.drawRectangle({ x: x + start * cell, y: y + side - (row + 1) * cell - 0.05, width: (col - start) * cell, height: cell + 0.1, color: rgb(0, 0, 0) });
    }
  }
}
