/** Money is kept as integer fen (1 yuan = 100 fen); amounts travel as decimal strings in yuan. */
export type Fen = number;

export const MONEY_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;

/** Parses a decimal yuan string ("716.98") into fen without floating-point arithmetic. */
export function yuanToFen(yuan: string): Fen {
  if (!MONEY_PATTERN.test(yuan)) throw new RangeError(`not a money amount: ${yuan}`);
  const [whole, fraction = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Formats fen as a decimal yuan string with two places. */
export function fenToYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `part` as a percentage of `whole`, to two decimals; 0 when there is no whole. */
export function percentOf(part: Fen, whole: Fen): number {
  return whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0;
}
