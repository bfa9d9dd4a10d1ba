import { fenToYuan, yuanToFen, percentOf } from './money';

describe('money', () => {
  it('parses yuan strings into exact fen', () => {
    expect(yuanToFen('716.98')).toBe(71698);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('5000')).toBe(500000);
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
  });

  it('rejects what is not an amount', () => {
    expect(() => yuanToFen('1.234')).toThrow(RangeError);
    expect(() => yuanToFen('-1')).toThrow(RangeError);
    expect(() => yuanToFen('abc')).toThrow(RangeError);
  });

  it('formats fen with two decimals', () => {
    expect(fenToYuan(71698)).toBe('716.98');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-150)).toBe('-1.50');
  });
});

describe('percentOf', () => {
  it('gives a percentage to two decimals, and 0 of nothing', () => {
    expect(percentOf(143500, 100000000)).toBe(0.14);
    expect(percentOf(60000, 50000)).toBe(120);
    expect(percentOf(100, 0)).toBe(0);
  });
});
