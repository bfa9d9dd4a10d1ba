import { toEngineVariables } from './engine-variables';

describe('toEngineVariables', () => {
  it('types each value for the engine', () => {
    expect(
      toEngineVariables({ claimId: 'c1', blocking: false, amountFen: 12345, big: 2 ** 40, skipped: undefined }),
    ).toEqual({
      claimId: { value: 'c1', type: 'String' },
      blocking: { value: false, type: 'Boolean' },
      amountFen: { value: 12345, type: 'Integer' },
      big: { value: 2 ** 40, type: 'Long' },
    });
  });
});
