import { buildInvoice, Invoice } from '../../test/factories/claim.factory';
import { defaultWorld, loadRules, World } from '../../test/support/rules-harness';
import type { TripWindow } from './invoice-facts';
import type { RulesService } from '../rules/rules.service';
import type { InvoiceOriginal } from './original-facts';

const TODAY = '2026-11-23';
const UNIT = { invoiceTitle: '义乌市公安局', creditCode: '11330782002580471H' };
const TRIP: TripWindow = { start: '2026-10-13', end: '2026-10-15', destination: '杭州' };

describe('rules/invoice.json', () => {
  let world: World;
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => world)));
  beforeEach(() => (world = defaultWorld()));

  /** By default the row carries an original that agrees with it, so the other rules are seen alone. */
  const screen = async (overrides: Partial<Invoice>, options: { trip?: TripWindow | null; today?: string; original?: InvoiceOriginal | null } = {}) =>
    (
      await rules.evaluate(rules.inForce('invoice', options.today ?? TODAY), {
        invoice: buildInvoice(overrides),
        unit: UNIT,
        tripWindow: options.trip === undefined ? TRIP : options.trip,
        original: options.original === undefined ? { present: true, fields: null } : options.original,
        claimId: 'claim-1',
        submittedOn: options.today ?? TODAY,
      })
    ).findings;
  const fired = async (overrides: Partial<Invoice>, options?: { trip?: TripWindow | null; today?: string; original?: InvoiceOriginal | null }) => (await screen(overrides, options)).map((f) => f.ruleId).sort();

  it('finds nothing on a clean invoice', async () => {
    expect(await fired({})).toEqual([]);
  });

  describe('INV-FORMAT', () => {
    it('fires on a 19-digit number', async () => expect(await fired({ number: '2633200000000000010' })).toEqual(['INV-FORMAT']));
    it('fires on an unknown province code', async () => expect(await fired({ number: '26992000000000000101' })).toEqual(['INV-FORMAT']));
    it('fires on a year after the submission year and accepts the submission year itself', async () => {
      expect(await fired({ number: '27332000000000000101' })).toEqual(['INV-FORMAT']);
      expect(await fired({ number: '26332000000000000101' })).toEqual([]);
    });
    it('accepts a 10- or 12-digit code with an 8-digit number and refuses a 9-digit number', async () => {
      expect(await fired({ code: '3300201130', number: '12345678' })).toEqual([]);
      expect(await fired({ code: '033002011300', number: '12345678' })).toEqual([]);
      expect(await fired({ code: '3300201130', number: '123456789' })).toEqual(['INV-FORMAT']);
    });
  });

  describe('INV-MATH', () => {
    it('fires when the tax is not amount × rate', async () => expect(await fired({ amount: '1000.00', tax: '50.00', total: '1050.00', taxRate: 6 })).toEqual(['INV-MATH']));
    it('fires when the total is not amount + tax', async () => expect(await fired({ total: '760.02' })).toEqual(['INV-MATH']));
    it('allows a difference of exactly 0.01', async () => {
      expect(await fired({ total: '760.01' })).toEqual([]);
      expect(await fired({ amount: '1000.00', taxRate: 6, tax: '60.01', total: '1060.01' })).toEqual([]);
    });
    it('fires at a rate that is not a legal one', async () => expect(await fired({ amount: '1000.00', taxRate: 7, tax: '70.00', total: '1070.00' })).toEqual(['INV-MATH']));
    it('keeps the computed tax among the deciding facts', async () => {
      const [finding] = await screen({ amount: '1000.00', tax: '50.00', total: '1050.00', taxRate: 6 });
      expect(finding).toMatchObject({ ruleId: 'INV-MATH', severity: 'block', facts: { 'invoiceMath.taxDifferenceFen': { value: 1000, operator: 'greaterThan', against: 1 } } });
      expect(finding.message.zh).toContain('发票');
      expect(finding.message.en).toContain('tax');
    });
  });

  describe('INV-TAXID', () => {
    it('fires on a seller code with a wrong check character', async () => expect(await fired({ sellerTaxId: '91330100MA27Y8K3P4' })).toEqual(['INV-TAXID']));
    it('fires with INV-BUYER on a buyer code with a wrong check character', async () =>
      expect(await fired({ buyerTaxId: '11330782002580471X' })).toEqual(['INV-BUYER', 'INV-TAXID']));
  });

  describe('INV-BUYER', () => {
    it('fires when the buyer name is not the unit’s registered title', async () => {
      const [finding] = await screen({ buyerName: '义乌市交通局' });
      expect(finding.ruleId).toBe('INV-BUYER');
      expect(finding.facts.buyerCheck).toMatchObject({ nameMatches: false, registeredName: '义乌市公安局' });
    });
    it('fires on a valid credit code of another organisation', async () => expect(await fired({ buyerTaxId: '91330100MA27Y8K3P3' })).toEqual(['INV-BUYER']));
    it('ignores spaces around the title', async () => expect(await fired({ buyerName: ' 义乌市公安局 ' })).toEqual([]));
  });

  describe('INV-DUPLICATE', () => {
    it('fires when another live claim holds the invoice, naming that claim', async () => {
      world.registry = { invoiceKey: 'k', heldElsewhere: true, otherClaim: { claimId: 'claim-0', claimant: 'lisi', status: 'IN_APPROVAL', submittedOn: '2026-11-01' } };
      const [finding] = await screen({});
      expect(finding).toMatchObject({ ruleId: 'INV-DUPLICATE', severity: 'block' });
      expect(finding.facts.invoiceRegistry).toMatchObject({ otherClaim: { claimId: 'claim-0', claimant: 'lisi' } });
    });
    it('does not fire when no other live claim holds it', async () => expect(await fired({})).toEqual([]));
  });

  describe('INV-DATE', () => {
    it('fires on an invoice dated after the submission day and accepts the day itself', async () => {
      expect(await fired({ date: '2026-11-24' }, { trip: null })).toEqual(['INV-DATE']);
      expect(await fired({ date: TODAY, kind: 'general' }, { trip: null })).toEqual([]);
    });
    it('accepts an invoice exactly 365 days old and fires at 366', async () => {
      expect(await fired({ date: '2025-11-23', kind: 'general' }, { trip: null })).toEqual([]);
      expect(await fired({ date: '2025-11-22', kind: 'general' }, { trip: null })).toEqual(['INV-DATE']);
    });
    it('accepts a lodging invoice one day before the trip and fires two days before', async () => {
      expect(await fired({ date: '2026-10-12' })).toEqual([]);
      expect(await fired({ date: '2026-10-11' })).toEqual(['INV-DATE']);
    });
    it('accepts a transport invoice one day after the trip and fires two days after', async () => {
      expect(await fired({ date: '2026-10-16', kind: 'transport' })).toEqual([]);
      expect(await fired({ date: '2026-10-17', kind: 'transport' })).toEqual(['INV-DATE']);
    });
    it('does not bind a general invoice to the trip dates', async () => expect(await fired({ date: '2026-09-01', kind: 'general' })).toEqual([]));
  });

  describe('INV-CITY', () => {
    it('warns when a lodging invoice is from another city than the destination', async () => {
      const [finding] = await screen({ city: '宁波' });
      expect(finding).toMatchObject({ ruleId: 'INV-CITY', severity: 'warn' });
      expect(finding.facts.lodgingCity).toMatchObject({ invoiceCity: '宁波', destination: '杭州' });
    });
    it('treats 杭州市 and 杭州 as one city', async () => expect(await fired({ city: '杭州市' })).toEqual([]));
    it('does not look at transport invoices', async () => expect(await fired({ city: '宁波', kind: 'transport' })).toEqual([]));
  });

  describe('INV-ORIGINAL-MISMATCH', () => {
    const typed = buildInvoice({});
    const readAs = (fields: Record<string, string>): InvoiceOriginal => ({ present: true, fields: { number: typed.number, issuedOn: typed.date, amount: typed.amount, tax: typed.tax, total: typed.total, buyerName: typed.buyerName, buyerCreditCode: typed.buyerTaxId, ...fields } });

    it('finds nothing when the original agrees with the row', async () => expect(await fired(typed, { original: readAs({}) })).toEqual([]));
    it.each([
      ['number', { number: '26332000000000009999' }],
      ['date', { issuedOn: '2026-10-12' }],
      ['amount', { amount: '1.00' }],
      ['tax', { tax: '0.01' }],
      ['buyer', { buyerName: '另一个单位' }],
    ])('fires when the %s differs, with both values among its facts', async (_field, differs) => {
      const [finding] = await screen(typed, { original: readAs(differs) });
      expect(finding).toMatchObject({ ruleId: 'INV-ORIGINAL-MISMATCH', severity: 'block' });
      const check = finding.facts.originalCheck as { mismatches: { typed: string; original: string }[] };
      expect(check.mismatches).toEqual([expect.objectContaining({ original: Object.values(differs)[0] })]);
    });
    it('does not fire on an amount that differs by format only', async () => expect(await fired(typed, { original: readAs({ amount: String(Number(typed.amount)) }) })).toEqual([]));
  });

  describe('INV-NO-ORIGINAL', () => {
    it('warns on an electronic invoice issued since originals are required, and not on one issued before', async () => {
      expect(await fired({ date: '2026-11-30' }, { original: null, trip: null, today: '2026-12-06' })).toEqual([]);
      const [finding] = await screen({ date: '2026-12-01' }, { original: null, trip: null, today: '2026-12-06' });
      expect(finding).toMatchObject({ ruleId: 'INV-NO-ORIGINAL', severity: 'warn' });
    });
    it('says nothing of an old-style paper invoice', async () => expect(await fired({ code: '3300201130', number: '12345678' }, { original: null })).toEqual([]));
  });
});
