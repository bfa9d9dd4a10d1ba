import { fillIn } from './rules.service';

describe('fillIn', () => {
  it('puts explained facts into a message and shows fen amounts as yuan when asked', () => {
    const facts = { paymentOverContract: { thisFen: 1_000_001, ceilingFen: 100 }, autoApproval: { limit: 2000 } };
    expect(fillIn('本次 {paymentOverContract.thisFen|yuan} 元，上限 {paymentOverContract.ceilingFen|yuan} 元；{autoApproval.limit}', facts)).toBe('本次 10000.01 元，上限 1.00 元；2000');
  });

  it('leaves unknown names and non-integer amounts as written', () => {
    expect(fillIn('{nothing.here} {x.amountFen|yuan}', { x: { amountFen: '12.5' } })).toBe('{nothing.here} {x.amountFen|yuan}');
  });
});
