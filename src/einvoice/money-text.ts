/**
 * Amounts as printed on invoices, read into integer fen without floating point. Pure (no Node
 * imports): the browser reads QR payloads with the same code.
 */

/** `1,060.00`, `¥4449.00`, `￥ -12.5`, `1060` → fen; null when the text is not one amount. */
export function amountTextToFen(text: string | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  const clean = toHalfWidth(String(text)).replace(/[¥￥,\s]/g, '').replace(/^(-?)0+(?=\d)/, '$1');
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,2})\d*)?$/.exec(clean);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  // More than two decimals (unit prices) are not amounts; refuse rather than round.
  if (/\.\d{3,}$/.test(clean) && !/\.\d{2}0+$/.test(clean)) return null;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -fen : fen;
}

/** Fen as the decimal yuan string the claim carries (`1060.00`, `-12.50`). */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Normalises an amount text to `1060.00`; null when it is not an amount. */
export function normaliseAmount(text: string | undefined | null): string | null {
  const fen = amountTextToFen(text);
  return fen === null ? null : fenToYuanText(fen);
}

/** Full-width digits, letters and punctuation (`０-９`, `：`, `．`) to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const DIGITS: Record<string, number> = { 零: 0, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9 };
const SMALL_UNITS: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };

/**
 * An amount in words (大写, `壹仟零陆拾圆整`, `负壹佰圆伍角`) → fen; null when it does not read as one.
 * Accepts 元 for 圆 and 亿/万 sections.
 */
export function chineseAmountToFen(words: string): number | null {
  let text = words.replace(/\s/g, '').replace(/元/g, '圆').replace(/[（(]?大写[）)]?[:：]?/g, '');
  let sign = 1;
  if (text.startsWith('负')) {
    sign = -1;
    text = text.slice(1);
  }
  text = text.replace(/[整正]$/, '');
  if (!text) return null;
  let yuanPart = text;
  let fractionPart = '';
  const yuanAt = text.indexOf('圆');
  if (yuanAt >= 0) {
    yuanPart = text.slice(0, yuanAt);
    fractionPart = text.slice(yuanAt + 1);
  } else if (/[角分]/.test(text)) {
    yuanPart = '';
    fractionPart = text;
  } else {
    return null;
  }
  const yuan = yuanPart ? readInteger(yuanPart) : 0;
  if (yuan === null) return null;
  let fen = 0;
  const fraction = /^零?(?:([零壹贰叁肆伍陆柒捌玖])角)?零?(?:([零壹贰叁肆伍陆柒捌玖])分)?$/.exec(fractionPart);
  if (!fraction) return null;
  if (fraction[1]) fen += DIGITS[fraction[1]] * 10;
  if (fraction[2]) fen += DIGITS[fraction[2]];
  return sign * (yuan * 100 + fen);
}

function readInteger(text: string): number | null {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const char of text) {
    if (char in DIGITS) {
      digit = DIGITS[char];
    } else if (char in SMALL_UNITS) {
      section += (digit || (section === 0 && char === '拾' ? 1 : 0)) * SMALL_UNITS[char];
      digit = 0;
    } else if (char === '万' || char === '亿') {
      section += digit;
      total += section * (char === '万' ? 10_000 : 100_000_000);
      section = 0;
      digit = 0;
    } else {
      return null;
    }
  }
  return total + section + digit;
}

/** Fen → 大写 words, as an issuing system prints them (`壹仟零陆拾圆整`). */
export function fenToChineseAmount(fen: number): string {
  const names = '零壹贰叁肆伍陆柒捌玖';
  const sign = fen < 0 ? '负' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const cents = abs % 10;
  const integer = (n: number): string => {
    const digits = String(n).split('').map(Number);
    let out = '';
    let zero = false;
    digits.forEach((d, i) => {
      const position = digits.length - 1 - i;
      if (d === 0) zero = true;
      else {
        if (zero && out) out += '零';
        out += names[d] + ['', '拾', '佰', '仟'][position % 4];
        zero = false;
      }
      if (position > 0 && position % 4 === 0 && digits.slice(Math.max(0, i - 3), i + 1).some((x) => x > 0)) {
        out += position === 4 ? '万' : '亿';
      }
    });
    return out;
  };
  const yuanText = yuan > 0 ? `${integer(yuan)}圆` : '';
  if (jiao === 0 && cents === 0) return `${sign}${yuanText || '零圆'}整`;
  // 零 after 圆 when the yuan end in a zero or the 角 is skipped (壹拾万圆零伍角, 壹圆零伍分).
  const jiaoText = jiao > 0 ? `${yuan > 0 && yuan % 10 === 0 ? '零' : ''}${names[jiao]}角` : yuan > 0 ? '零' : '';
  const centText = cents > 0 ? `${names[cents]}分` : '';
  return `${sign}${yuanText}${jiaoText}${centText}`;
}
