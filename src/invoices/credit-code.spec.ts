import { creditCodeCheckCharacter, isValidCreditCode } from './credit-code';

describe('统一社会信用代码 check character', () => {
  it('accepts the demo bureau code', () => {
    expect(isValidCreditCode('11330782002580471H')).toBe(true);
  });

  it('computes the check character from the first 17 characters', () => {
    expect(creditCodeCheckCharacter('11330782002580471')).toBe('H');
    expect(creditCodeCheckCharacter('91330100MA27Y8K3P')).toBe('3');
  });

  it('rejects a wrong check character', () => {
    expect(isValidCreditCode('11330782002580471X')).toBe(false);
  });

  it('rejects letters outside the alphabet, wrong lengths and non-strings', () => {
    expect(isValidCreditCode('I1330782002580471H')).toBe(false); // I is not used
    expect(isValidCreditCode('11330782002580471')).toBe(false);
    expect(isValidCreditCode(undefined)).toBe(false);
  });
});
