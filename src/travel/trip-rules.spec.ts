import { defaultWorld, loadRules, World } from '../../test/support/rules-harness';
import type { RulesService } from '../rules/rules.service';
import type { EarlierTrip } from './trip-facts';

const TODAY = '2026-11-23';
const TRIP = { traveller: 'zhangsan', destination: '杭州', start: '2026-10-13', end: '2026-10-15', position: 0, legs: [], lodging: [] };
const otherTrip = (destination: string, start: string, end: string): EarlierTrip => ({ claimId: 'claim-0', position: 0, destination, start, end, claimStatus: 'APPROVED' });
const request = (id: string, destination: string, start: string, end: string) => ({ id, destination, start, end });

describe('rules/trip.json', () => {
  let world: World;
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => world)));
  beforeEach(() => (world = defaultWorld()));

  const screen = async (trip: Partial<typeof TRIP> = {}) =>
    (await rules.evaluate(rules.inForce('trip', TODAY), { trip: { ...TRIP, ...trip }, traveller: { id: 'u1', username: 'zhangsan', tier: 'other' }, claimId: 'claim-1', submittedOn: TODAY })).findings;
  const fired = async (trip: Partial<typeof TRIP> = {}) => (await screen(trip)).map((f) => f.ruleId).sort();

  it('finds nothing on a trip with its own approved request and no other trips', async () => expect(await fired()).toEqual([]));

  describe('TRIP-OVERLAP', () => {
    it('fires on a live claim’s trip elsewhere on overlapping days, naming it', async () => {
      world.earlier.trips = [otherTrip('宁波', '2026-10-14', '2026-10-16')];
      const [finding] = await screen();
      expect(finding).toMatchObject({ ruleId: 'TRIP-OVERLAP', severity: 'block' });
      expect(finding.facts.tripConflicts).toMatchObject({ overlaps: [{ kind: 'claim-trip', destination: '宁波', claimId: 'claim-0' }] });
    });
    it('allows trips that share only an end day', async () => {
      world.earlier.trips = [otherTrip('宁波', '2026-10-15', '2026-10-17'), otherTrip('金华', '2026-10-11', '2026-10-13')];
      expect(await fired()).toEqual([]);
    });
    it('fires on an approved request elsewhere that is not the trip’s own', async () => {
      world.earlier.requests.push(request('request-2', '宁波', '2026-10-14', '2026-10-16'));
      expect(await fired()).toEqual(['TRIP-OVERLAP']);
    });
    it('does not count a trip to the same place as an overlap', async () => {
      world.earlier.requests.push(request('request-2', '杭州', '2026-10-14', '2026-10-16'));
      expect(await fired()).toEqual([]);
    });
  });

  describe('TRIP-DUPLICATE', () => {
    it('fires on the same destination on overlapping days in a live claim', async () => {
      world.earlier.trips = [otherTrip('杭州', '2026-10-14', '2026-10-15')];
      expect(await fired()).toEqual(['TRIP-DUPLICATE']);
    });
    it('fires on an identical one-day trip', async () => {
      world.earlier.requests = [request('request-1', '杭州', '2026-10-13', '2026-10-13')];
      world.earlier.trips = [otherTrip('杭州', '2026-10-13', '2026-10-13')];
      expect(await fired({ end: '2026-10-13' })).toEqual(['TRIP-DUPLICATE']);
    });
    it('allows a second trip to the same city starting the day the first ends', async () => {
      world.earlier.trips = [otherTrip('杭州', '2026-10-10', '2026-10-13')];
      expect(await fired()).toEqual([]);
    });
  });

  describe('TRIP-NO-REQUEST', () => {
    it('fires when the traveller has no approved request on those days', async () => {
      world.earlier.requests = [];
      expect(await fired()).toEqual(['TRIP-NO-REQUEST']);
    });
    it('fires when the only request shares just an end day', async () => {
      world.earlier.requests = [request('request-1', '杭州', '2026-10-15', '2026-10-18')];
      expect(await fired()).toEqual(['TRIP-NO-REQUEST']);
    });
  });

  describe('TRIP-MISMATCH', () => {
    it('warns when the own request ends on another day', async () => {
      world.earlier.requests = [request('request-1', '杭州', '2026-10-13', '2026-10-14')];
      const [finding] = await screen();
      expect(finding).toMatchObject({ ruleId: 'TRIP-MISMATCH', severity: 'warn' });
      expect(finding.facts.tripConflicts).toMatchObject({ mismatchFields: ['end'], ownRequest: { id: 'request-1' } });
    });
    it('warns when the only overlapping request is for another destination, and takes it as the own one', async () => {
      world.earlier.requests = [request('request-1', '宁波', '2026-10-13', '2026-10-15')];
      expect(await fired()).toEqual(['TRIP-MISMATCH']);
    });
    it('takes the same-destination request as the own one even when another overlaps more', async () => {
      world.earlier.requests = [request('request-9', '宁波', '2026-10-12', '2026-10-16'), request('request-1', '杭州', '2026-10-14', '2026-10-15')];
      const findings = await screen();
      expect(findings.map((f) => f.ruleId).sort()).toEqual(['TRIP-MISMATCH', 'TRIP-OVERLAP']);
      expect(findings.find((f) => f.ruleId === 'TRIP-MISMATCH')!.facts.tripConflicts).toMatchObject({ ownRequest: { id: 'request-1' }, mismatchFields: ['start'] });
    });
  });
});
