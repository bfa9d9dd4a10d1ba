/* Where labels go on a page: the A4 sheet of 3 × 8 labels and the 50 × 30 mm roll of a label printer. Plain data, shared with the web app. */

export type LabelLayoutName = 'a4' | 'roll';
export const LABEL_LAYOUTS: readonly LabelLayoutName[] = ['a4', 'roll'];

/** PDF points per millimetre. */
export const PT_PER_MM = 72 / 25.4;

export interface LabelLayout {
  name: LabelLayoutName;
  /** Page size in millimetres. */
  pageWidth: number;
  pageHeight: number;
  columns: number;
  rows: number;
  /** Label size and the page margins around the grid, in millimetres. */
  labelWidth: number;
  labelHeight: number;
  marginLeft: number;
  marginTop: number;
  /** Space inside a label, in millimetres; the QR code takes the label's height less twice this. */
  padding: number;
  /** Text sizes in points: number, name, unit. */
  fontSizes: { number: number; name: number; unit: number };
  /** Whether each label has a thin border, so a sheet can be cut by hand. */
  cutLines: boolean;
}

export const LAYOUTS: Record<LabelLayoutName, LabelLayout> = {
  // The common 3 × 8 A4 label sheet (70 × 37 mm, no gaps); a 0.5 mm top margin absorbs rounding.
  a4: { name: 'a4', pageWidth: 210, pageHeight: 297, columns: 3, rows: 8, labelWidth: 70, labelHeight: 37, marginLeft: 0, marginTop: 0.5, padding: 3, fontSizes: { number: 9, name: 9, unit: 7.5 }, cutLines: true },
  // One 50 × 30 mm label per page, as thermal label printers take them.
  roll: { name: 'roll', pageWidth: 50, pageHeight: 30, columns: 1, rows: 1, labelWidth: 50, labelHeight: 30, marginLeft: 0, marginTop: 0, padding: 2, fontSizes: { number: 6.5, name: 6.5, unit: 5.5 }, cutLines: false },
};

export const labelsPerPage = (layout: LabelLayout) => layout.columns * layout.rows;

/** The lower-left corner (in mm, PDF coordinates: y up) of label `index` on its page. */
export function labelOrigin(layout: LabelLayout, index: number): { x: number; y: number } {
  const slot = index % labelsPerPage(layout);
  const column = slot % layout.columns;
  const row = Math.floor(slot / layout.columns);
  return { x: layout.marginLeft + column * layout.labelWidth, y: layout.pageHeight - layout.marginTop - (row + 1) * layout.labelHeight };
}

/**
 * Breaks a text into at most `maxLines` lines no wider than `width`, measured by `measure`; the last
 * line ends with an ellipsis when the text does not fit.
 */
export function wrapText(text: string, width: number, maxLines: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  const chars = Array.from(text.trim());
  for (let i = 0; i < chars.length; i++) {
    const next = line + chars[i];
    if (measure(next) <= width || line === '') {
      line = next;
      continue;
    }
    if (lines.length === maxLines - 1) {
      while (line && measure(`${line}…`) > width) line = line.slice(0, -1);
      lines.push(`${line}…`);
      return lines;
    }
    lines.push(line);
    line = chars[i];
  }
  if (line) lines.push(line);
  return lines;
}
