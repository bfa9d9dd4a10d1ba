import { buildInvoice } from '../../test/factories/claim.factory';
import { RulesService, RuleSetError, RuleSetFile } from './rules.service';

const TODAY = '2026-11-23';

describe('RulesService with rules/invoice.json', () => {
  const rules = new RulesService();
  beforeAll(() => rules.loadAll());

  const fired = async (overrides: Parameters<typeof buildInvoice>[0]) =>
    (await rules.evaluate('invoice', { invoice: buildInvoice(overrides), submittedOn: TODAY })).map((f) => f.ruleId);

  it('finds nothing on a clean invoice', async () => {
    expect(await fired({})).toEqual([]);
  });

  describe('INV-MATH', () => {
    it('fires when the tax is not amount × rate', async () => {
      expect(await fired({ amount: '1000.00', tax: '50.00', total: '1050.00', taxRate: 6 })).toEqual(['INV-MATH']);
    });

    it('fires when the total is not amount + tax', async () => {
      expect(await fired({ total: '760.02' })).toEqual(['INV-MATH']);
    });

    it('allows a difference of exactly 0.01', async () => {
      expect(await fired({ total: '760.01' })).toEqual([]);
      expect(await fired({ amount: '1000.00', taxRate: 6, tax: '60.01', total: '1060.01' })).toEqual([]);
    });

    it('fires at a rate that is not a legal one', async () => {
      expect(await fired({ amount: '1000.00', taxRate: 7, tax: '70.00', total: '1070.00' })).toEqual(['INV-MATH']);
    });

    it('keeps the computed tax among the deciding facts', async () => {
      const [finding] = await rules.evaluate('invoice', {
        invoice: buildInvoice({ amount: '1000.00', tax: '50.00', total: '1050.00', taxRate: 6 }),
        submittedOn: TODAY,
      });
      expect(finding).toMatchObject({
        ruleId: 'INV-MATH',
        severity: 'block',
        facts: { 'invoiceMath.taxDifferenceFen': { value: 1000, operator: 'greaterThan', against: 1 } },
      });
      expect(finding.message.zh).toContain('发票');
      expect(finding.message.en).toContain('tax');
    });
  });

  describe('INV-TAXID', () => {
    it('fires on a buyer code with a wrong check character', async () => {
      expect(await fired({ buyerTaxId: '11330782002580471X' })).toEqual(['INV-TAXID']);
    });

    it('fires on a seller code with a wrong check character', async () => {
      expect(await fired({ sellerTaxId: '91330100MA27Y8K3P4' })).toEqual(['INV-TAXID']);
    });
  });

  describe('INV-FORMAT', () => {
    it('fires on a 19-digit number', async () => {
      expect(await fired({ number: '2633200000000000010' })).toEqual(['INV-FORMAT']);
    });

    it('fires on an unknown province code', async () => {
      expect(await fired({ number: '26992000000000000101' })).toEqual(['INV-FORMAT']);
    });

    it('fires on a year after the submission year and accepts the submission year itself', async () => {
      expect(await fired({ number: '27332000000000000101' })).toEqual(['INV-FORMAT']);
      expect(await fired({ number: '26332000000000000101' })).toEqual([]);
    });

    it('accepts an old-style code and number', async () => {
      expect(await fired({ code: '3300201130', number: '12345678' })).toEqual([]);
      expect(await fired({ code: '3300201130', number: '123456789' })).toEqual(['INV-FORMAT']);
    });
  });
});

describe('RulesService.load', () => {
  const valid = (): RuleSetFile => ({
    set: 'sample',
    version: 1,
    effectiveFrom: '2026-01-01',
    inputs: ['invoice'],
    data: { limit: 10 },
    rules: [
      {
        name: 'X-LIMIT',
        conditions: { all: [{ fact: 'invoice', path: '$.n', operator: 'greaterThan', value: { fact: 'policy', path: '$.limit' } }] },
        event: { type: 'finding', params: { ruleId: 'X-LIMIT', severity: 'warn', message: { zh: '超限', en: 'over the limit' } } },
      },
    ],
  });

  it('evaluates a valid set against its policy data', async () => {
    const rules = new RulesService();
    rules.load(valid());
    expect(await rules.evaluate('sample', { invoice: { n: 11 }, submittedOn: TODAY })).toHaveLength(1);
    expect(await rules.evaluate('sample', { invoice: { n: 10 }, submittedOn: TODAY })).toHaveLength(0);
  });

  it.each([
    ['an unknown fact', (f: RuleSetFile) => { (f.rules[0].conditions as any).all[0].fact = 'nosuch'; }, 'unknown fact "nosuch"'],
    ['an unknown operator', (f: RuleSetFile) => { (f.rules[0].conditions as any).all[0].operator = 'approximately'; }, 'unknown operator'],
    ['a missing English message', (f: RuleSetFile) => { (f.rules[0].event.params as any).message = { zh: '超限' }; }, 'needs zh and en'],
    ['a bad severity', (f: RuleSetFile) => { (f.rules[0].event.params as any).severity = 'fatal'; }, 'severity'],
    ['a bad effective date', (f: RuleSetFile) => { f.effectiveFrom = 'soon'; }, 'effectiveFrom'],
  ])('refuses a set with %s and says so', (_label, spoil, expected) => {
    const file = valid();
    spoil(file);
    expect(() => new RulesService().load(file, 'rules/sample.json')).toThrow(RuleSetError);
    expect(() => new RulesService().load(file, 'rules/sample.json')).toThrow(expected);
  });
});
