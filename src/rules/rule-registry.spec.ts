import { OPERATORS } from './rule-registry';

describe('custom operators', () => {
  it('intersects is true when two lists share an element', () => {
    expect(OPERATORS.intersects(['30201', '30217'], ['30212', '30217', '30231'])).toBe(true);
    expect(OPERATORS.intersects(['30201'], ['30212', '30217', '30231'])).toBe(false);
  });

  it('intersects is false when either side is not a list', () => {
    expect(OPERATORS.intersects(undefined, ['warn'])).toBe(false);
    expect(OPERATORS.intersects(['warn'], 'warn')).toBe(false);
  });

  it('isValidCreditCode compares validity with the expected value', () => {
    expect(OPERATORS.isValidCreditCode('11330782002580471H', true)).toBe(true);
    expect(OPERATORS.isValidCreditCode('11330782002580471X', false)).toBe(true);
  });
});
