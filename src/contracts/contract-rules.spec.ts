import { defaultWorld, loadRules } from '../../test/support/rules-harness';
import { yuanToFen } from '../common/money';
import type { RulesService } from '../rules/rules.service';
import type { ContractInput, OtherPaymentsInput, PaymentContractInput, PaymentInput, PaymentMilestoneInput, PaymentSupplierInput, SupplementsInput } from './contract-facts';
import { milestoneGap, smeDue } from './contract-facts';

const TODAY = '2026-12-05';

describe('rules/contract.json', () => {
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => defaultWorld())));

  const contract = (over: Partial<ContractInput> = {}): ContractInput => ({ amountFen: yuanToFen('100000.00'), awardAmountFen: yuanToFen('100000.00'), bondFen: 0, awardedOn: '2026-11-15', signedOn: '2026-11-30', ...over });
  const screen = async (c: ContractInput, supplements: SupplementsInput | null = null) => (await rules.evaluate(rules.inForce('contract', TODAY), { contract: c, supplements, submittedOn: TODAY })).findings;
  const fired = async (c: ContractInput, supplements: SupplementsInput | null = null) => (await screen(c, supplements)).map((f) => `${f.ruleId}:${f.severity}`).sort();

  it('passes a contract at the awarded amount, signed in time, with a 10 % bond', async () => {
    expect(await fired(contract({ bondFen: yuanToFen('10000.00') }))).toEqual([]);
  });

  describe('CTR-OVER-AWARD', () => {
    it('blocks one fen above the award and says by how much', async () => {
      const [finding] = await screen(contract({ amountFen: yuanToFen('100000.01') }));
      expect(finding).toMatchObject({ ruleId: 'CTR-OVER-AWARD', severity: 'block', facts: { contractOverAward: { overFen: 1, awardAmountFen: 10_000_000 } } });
    });
    it('passes a contract below the award', async () => {
      expect(await fired(contract({ amountFen: yuanToFen('99999.99') }))).toEqual([]);
    });
  });

  describe('CTR-BOND', () => {
    it('allows exactly 10 % of the contract amount', async () => {
      expect(await fired(contract({ bondFen: yuanToFen('10000.00') }))).toEqual([]);
    });
    it('blocks one fen over 10 %, naming the limit and its source', async () => {
      const [finding] = await screen(contract({ bondFen: yuanToFen('10000.01') }));
      expect(finding).toMatchObject({ ruleId: 'CTR-BOND', severity: 'block', facts: { contractBond: { limitFen: 1_000_000, maxPct: 10, bondFen: 1_000_001 } } });
      expect(rules.inForce('contract', TODAY).data.sources).toHaveProperty('bondMaxPct');
    });
    it('rounds the limit down on an amount with no exact 10 %', async () => {
      expect(await fired(contract({ amountFen: 1005, awardAmountFen: 1005, bondFen: 100 }))).toEqual([]);
      expect(await fired(contract({ amountFen: 1005, awardAmountFen: 1005, bondFen: 101 }))).toEqual(['CTR-BOND:block']);
    });
  });

  describe('CTR-SUPPLEMENT', () => {
    const original = (others: number[] = []): SupplementsInput => ({ originalNumber: 'HT-1', originalFen: yuanToFen('100000.00'), others: others.map((amountFen, i) => ({ number: `HT-1-${i + 1}`, amountFen })) });
    it('allows supplements adding up to exactly 10 % of the original', async () => {
      expect(await fired(contract({ amountFen: yuanToFen('4000.00'), awardAmountFen: yuanToFen('4000.00') }), original([yuanToFen('6000.00')]))).toEqual([]);
    });
    it('blocks when this one takes them one fen over 10 %, adding the earlier ones up', async () => {
      const [finding] = await screen(contract({ amountFen: yuanToFen('4000.01'), awardAmountFen: yuanToFen('5000.00') }), original([yuanToFen('6000.00')]));
      expect(finding).toMatchObject({ ruleId: 'CTR-SUPPLEMENT', facts: { contractSupplements: { totalFen: 1_000_001, limitFen: 1_000_000, others: [{ number: 'HT-1-1', amountFen: 600_000 }] } } });
    });
    it('never fires for a contract that supplements nothing', async () => {
      expect(await fired(contract({ amountFen: yuanToFen('100000.00') }), null)).toEqual([]);
    });
  });

  describe('CTR-LATE-SIGN', () => {
    it('allows signing on day 30 after the award notice', async () => {
      expect(await fired(contract({ awardedOn: '2026-11-01', signedOn: '2026-12-01' }))).toEqual([]);
    });
    it('warns on day 31', async () => {
      const [finding] = await screen(contract({ awardedOn: '2026-11-01', signedOn: '2026-12-02' }));
      expect(finding).toMatchObject({ ruleId: 'CTR-LATE-SIGN', severity: 'warn', facts: { contractSigning: { days: 31, limitDays: 30 } } });
    });
    it('takes the screening day when no signing day is given', async () => {
      expect(await fired(contract({ awardedOn: '2026-11-01', signedOn: null }))).toEqual(['CTR-LATE-SIGN:warn']);
    });
  });
});

describe('rules/contract-payment.json', () => {
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => defaultWorld())));

  const base = () => ({
    payment: { amountFen: yuanToFen('100000.00'), payeeAccount: '6222 0000 0000 0000 0', requestedOn: TODAY } as PaymentInput,
    contract: { number: 'HT-1', amountFen: yuanToFen('100000.00'), supplementsFen: 0, signedOn: '2026-10-01', deliveredOn: '2026-11-01', acceptedOn: '2026-11-05', warrantyEndsOn: null, paymentTermDays: 30 } as PaymentContractInput,
    milestone: { name: '验收后付清', condition: 'acceptance', amountFen: yuanToFen('100000.00') } as PaymentMilestoneInput,
    supplier: { name: '华信', creditCode: '91330782MA00000XYY', sme: false, account: '62220000000000000' } as PaymentSupplierInput,
    otherPayments: { paidFen: 0, askedFen: 0 } as OtherPaymentsInput,
  });
  const screen = async (inputs: ReturnType<typeof base>, day = TODAY) => (await rules.evaluate(rules.inForce('contract-payment', day), { ...inputs, submittedOn: day })).findings;
  const fired = async (inputs: ReturnType<typeof base>, day = TODAY) => (await screen(inputs, day)).map((f) => `${f.ruleId}:${f.severity}`).sort();

  it('passes a payment of an accepted milestone to the registered account (spaces aside)', async () => {
    expect(await fired(base())).toEqual([]);
  });

  describe('PAY-OVER-CONTRACT', () => {
    it('allows paying up to the contract amount with approved supplements', async () => {
      const inputs = base();
      inputs.contract.supplementsFen = 500;
      inputs.otherPayments.paidFen = 500;
      expect(await fired(inputs)).toEqual([]);
    });
    it('blocks one fen over, adding paid and asked-for payments up', async () => {
      const inputs = base();
      inputs.otherPayments = { paidFen: 300, askedFen: 200 };
      inputs.contract.supplementsFen = 499;
      const [finding] = await screen(inputs);
      expect(finding).toMatchObject({ ruleId: 'PAY-OVER-CONTRACT', facts: { paymentOverContract: { totalFen: 10_000_500, ceilingFen: 10_000_499, overFen: 1 } } });
    });
  });

  describe('PAY-CONDITION', () => {
    it('blocks the acceptance payment before acceptance', async () => {
      const inputs = base();
      inputs.contract.acceptedOn = null;
      expect(await fired(inputs)).toEqual(['PAY-CONDITION:block']);
    });
    it('blocks a warranty payment on the warranty’s last day and allows it the day after', async () => {
      const inputs = base();
      inputs.milestone.condition = 'warranty';
      inputs.contract.warrantyEndsOn = TODAY;
      expect(await fired(inputs)).toEqual(['PAY-CONDITION:block']);
      inputs.contract.warrantyEndsOn = '2026-12-04';
      expect(await fired(inputs)).toEqual([]);
    });
    it('counts an acceptance day still in the future as not accepted', async () => {
      const inputs = base();
      inputs.contract.acceptedOn = '2026-12-06';
      expect(await fired(inputs)).toEqual(['PAY-CONDITION:block']);
    });
  });

  describe('PAY-PAYEE', () => {
    it('blocks an account that differs from the supplier’s registered one', async () => {
      const inputs = base();
      inputs.payment.payeeAccount = '62220000000000001';
      const [finding] = await screen(inputs);
      expect(finding).toMatchObject({ ruleId: 'PAY-PAYEE', facts: { paymentPayee: { registered: '62220000000000000', given: '62220000000000001' } } });
    });
  });

  describe('PAY-SME-LATE', () => {
    const sme = (acceptedOn: string) => {
      const inputs = base();
      inputs.supplier.sme = true;
      inputs.contract.acceptedOn = acceptedOn;
      return inputs;
    };
    it('is quiet on day 30 after acceptance', async () => {
      expect(await fired(sme('2026-11-05'))).toEqual([]);
    });
    it('warns on day 31, with the due day and days late', async () => {
      const [finding] = await screen(sme('2026-11-04'));
      expect(finding).toMatchObject({ ruleId: 'PAY-SME-LATE', severity: 'warn', facts: { paymentSmeDue: { dueOn: '2026-12-04', daysLate: 1, termDays: 30 } } });
    });
    it('is quiet for a supplier that is no SME', async () => {
      const inputs = sme('2026-10-01');
      inputs.supplier.sme = false;
      expect(await fired(inputs)).toEqual([]);
    });
    it('counts a contract term of 60 days, never more', () => {
      const inputs = sme('2026-10-01');
      inputs.contract.paymentTermDays = 90;
      expect(smeDue(inputs.milestone, inputs.contract, inputs.supplier, TODAY, { defaultTermDays: 30, maxTermDays: 60 })).toMatchObject({ termDays: 60, dueOn: '2026-11-30', daysLate: 5 });
    });
    it('counts from delivery for a delivery milestone', async () => {
      const inputs = sme('2026-12-01');
      inputs.milestone.condition = 'delivery';
      inputs.contract.deliveredOn = '2026-11-04';
      expect(await fired(inputs)).toEqual(['PAY-SME-LATE:warn']);
    });
  });
});

describe('milestoneGap', () => {
  it('is zero when the milestones add up to the amount and names the fen missing otherwise', () => {
    expect(milestoneGap(10_000, [{ amountFen: 3_000 }, { amountFen: 7_000 }])).toBe(0);
    expect(milestoneGap(10_000, [{ amountFen: 3_000 }, { amountFen: 6_999 }])).toBe(1);
  });
});
