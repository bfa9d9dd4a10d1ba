import { buildInvoice } from '../../test/factories/claim.factory';
import { defaultWorld, loadRules, World } from '../../test/support/rules-harness';
import type { RulesService } from '../rules/rules.service';
import type { TripInput } from './standards-facts';

const TODAY = '2026-11-23';
const LODGING_INVOICE = buildInvoice({ number: '26332000000000000107', kind: 'lodging' });

function trip(overrides: Partial<TripInput> = {}): TripInput {
  return {
    destination: '杭州',
    start: '2026-10-13',
    end: '2026-10-15',
    legs: [
      { mode: 'train', class: '二等座', from: '义乌', to: '杭州', date: '2026-10-13', fare: '47.50' },
      { mode: 'train', class: '二等座', from: '杭州', to: '义乌', date: '2026-10-15', fare: '47.50' },
    ],
    lodging: [{ city: '杭州', nights: 2, amount: '760.00', invoice: LODGING_INVOICE.number }],
    allowances: { mealDays: 3, meal: '300.00', transportDays: 3, transport: '240.00' },
    ...overrides,
  };
}

describe('rules/standards.json', () => {
  let world: World;
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => world)));
  beforeEach(() => (world = defaultWorld()));

  const screen = async (t: TripInput, invoices = [LODGING_INVOICE]) =>
    (await rules.evaluate(rules.inForce('standards', TODAY), { trip: t, invoices, traveller: { id: 'u1', username: 'zhangsan', tier: world.standards.tier }, submittedOn: TODAY })).findings;
  const fired = async (t: TripInput, invoices?: typeof LODGING_INVOICE[]) => (await screen(t, invoices)).map((f) => f.ruleId).sort();

  it('finds nothing on a trip within every standard', async () => expect(await fired(trip())).toEqual([]));

  describe('STD-LODGING', () => {
    it('cuts lodging above the cap to the cap, keeping the cap and tier', async () => {
      const [finding] = await screen(trip({ lodging: [{ city: '杭州', nights: 2, amount: '1000.00', invoice: LODGING_INVOICE.number }] }));
      expect(finding).toMatchObject({ ruleId: 'STD-LODGING', severity: 'adjust', adjustFen: 20000 });
      expect(finding.facts.lodgingCheck).toMatchObject({ tier: 'other', allowedFen: 80000, entries: [{ capPerNightFen: [40000, 40000] }] });
    });
    it('does not fire exactly at the cap', async () => {
      expect(await fired(trip({ lodging: [{ city: '杭州', nights: 2, amount: '800.00', invoice: LODGING_INVOICE.number }] }))).toEqual([]);
    });
    it('raises the cap by the peak uplift in peak months', async () => {
      world.standards.lodging['杭州'] = { ...world.standards.lodging['杭州']!, peakMonths: [7, 8], peakUpliftPct: 30 };
      const july = { start: '2026-07-13', end: '2026-07-15', legs: [] };
      expect(await fired(trip({ ...july, lodging: [{ city: '杭州', nights: 2, amount: '1040.00', invoice: LODGING_INVOICE.number }] }))).toEqual([]);
      const [finding] = await screen(trip({ ...july, lodging: [{ city: '杭州', nights: 2, amount: '1040.01', invoice: LODGING_INVOICE.number }] }));
      expect(finding).toMatchObject({ ruleId: 'STD-LODGING', adjustFen: 1 });
    });
  });

  describe('STD-NO-LODGING-INVOICE', () => {
    it('cuts nights claimed without an invoice', async () => {
      const [finding] = await screen(trip({ lodging: [{ city: '杭州', nights: 2, amount: '700.00' }] }), []);
      expect(finding).toMatchObject({ ruleId: 'STD-NO-LODGING-INVOICE', severity: 'adjust', adjustFen: 70000 });
    });
    it('cuts nights whose invoice is not a lodging invoice', async () => {
      const general = { ...LODGING_INVOICE, kind: 'general' as const };
      expect(await fired(trip(), [general])).toEqual(['STD-NO-LODGING-INVOICE']);
    });
  });

  describe('STD-TRANSPORT-CLASS', () => {
    it('blocks a first-class rail seat for a tier entitled to second class', async () => {
      const [finding] = await screen(trip({ legs: [{ mode: 'train', class: '一等座', from: '义乌', to: '杭州', date: '2026-10-13', fare: '76.00' }] }));
      expect(finding).toMatchObject({ ruleId: 'STD-TRANSPORT-CLASS', severity: 'block' });
      expect(finding.facts.seatClassCheck).toMatchObject({ tier: 'other', violations: [{ class: '一等座', allowed: ['硬座', '硬卧', '无座', '二等座'] }] });
    });
    it('allows first class for the 司局级 tier', async () => {
      world.standards = { ...world.standards, tier: 'bureau', seatClasses: { train: ['硬座', '硬卧', '无座', '二等座', '软座', '软卧', '一等座'], air: ['经济舱'] } };
      expect(await fired(trip({ legs: [{ mode: 'train', class: '一等座', from: '义乌', to: '杭州', date: '2026-10-13', fare: '76.00' }] }))).toEqual([]);
    });
    it('leaves a mode without a list unrestricted', async () => {
      expect(await fired(trip({ legs: [{ mode: 'bus', class: '大巴', from: '义乌', to: '杭州', date: '2026-10-13', fare: '40.00' }] }))).toEqual([]);
    });
  });

  describe('STD-FULL-FARE', () => {
    const air = (bookedOn: string, extra: object = {}) => ({ mode: 'air', class: '经济舱', from: '义乌', to: '北京', date: '2026-10-13', fare: '1240.00', fullFare: '1240.00', bookedOn, ...extra });
    it('warns on a full-fare ticket booked two days ahead', async () => {
      const [finding] = await screen(trip({ legs: [air('2026-10-11')] }));
      expect(finding).toMatchObject({ ruleId: 'STD-FULL-FARE', severity: 'warn' });
      expect(finding.facts.fullFareCheck).toMatchObject({ legs: [{ daysAhead: 2 }] });
    });
    it('does not warn three days ahead', async () => expect(await fired(trip({ legs: [air('2026-10-10')] }))).toEqual([]));
    it('does not warn when a reason is given', async () => expect(await fired(trip({ legs: [air('2026-10-12', { reason: '临时紧急任务' })] }))).toEqual([]));
    it('does not warn on a discounted fare', async () => expect(await fired(trip({ legs: [air('2026-10-12', { fare: '800.00' })] }))).toEqual([]));
  });

  describe('STD-ALLOWANCE', () => {
    it('does not fire at exactly days × standard', async () => expect(await fired(trip())).toEqual([]));
    it('cuts a meal allowance above days × standard', async () => {
      const [finding] = await screen(trip({ allowances: { mealDays: 3, meal: '330.00', transportDays: 3, transport: '240.00' } }));
      expect(finding).toMatchObject({ ruleId: 'STD-ALLOWANCE', severity: 'adjust', adjustFen: 3000 });
    });
    it('caps claimed days at the trip’s calendar days', async () => {
      const [finding] = await screen(trip({ allowances: { mealDays: 4, meal: '400.00', transportDays: 4, transport: '320.00' } }));
      expect(finding).toMatchObject({ ruleId: 'STD-ALLOWANCE', adjustFen: 10000 + 8000 });
    });
    it('applies the regional meal standard', async () => {
      world.standards.mealPerDayFen = 12000;
      expect(await fired(trip({ allowances: { mealDays: 3, meal: '360.00', transportDays: 3, transport: '240.00' } }))).toEqual([]);
    });
  });
});
