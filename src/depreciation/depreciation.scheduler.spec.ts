import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { DepreciationPeriodClosedError } from './depreciation.errors';
import { DepreciationScheduler } from './depreciation.scheduler';
import type { DepreciationService } from './depreciation.service';

class FixedClock extends Clock {
  constructor(private readonly day: string) {
    super();
  }
  override today(): string {
    return this.day;
  }
}

/** A stand-in for the run: remembers the months run, or fails as told. */
function fakeRuns(done: string[], fail?: Error) {
  const ran: (string | null)[] = [];
  const service = {
    has: async (period: string) => done.includes(period),
    run: async (period: string, by: unknown) => {
      if (fail) throw fail;
      ran.push(by === null ? period : null);
      done.push(period);
    },
  } as unknown as DepreciationService;
  return { service, ran };
}

describe('the scheduled depreciation run', () => {
  const config = { WORKERS_ENABLED: true, DEPRECIATION_ENABLED: true, DEPRECIATION_CHECK_MS: 3600000 } as AppConfig;

  it('runs the last finished month as the system, once however often it checks', async () => {
    const { service, ran } = fakeRuns([]);
    const scheduler = new DepreciationScheduler(config, service, new FixedClock('2027-01-03'));
    await scheduler.check();
    await scheduler.check();
    expect(ran).toEqual(['2026-12']);
  });

  it('leaves a month run by hand alone', async () => {
    const { service, ran } = fakeRuns(['2026-11']);
    await new DepreciationScheduler(config, service, new FixedClock('2026-12-06')).check();
    expect(ran).toEqual([]);
  });

  it('leaves a closed period to the accountant instead of failing the check', async () => {
    const { service } = fakeRuns([], new DepreciationPeriodClosedError('2026-11'));
    await expect(new DepreciationScheduler(config, service, new FixedClock('2026-12-06')).check()).resolves.toBeUndefined();
    const broken = fakeRuns([], new Error('database gone'));
    await expect(new DepreciationScheduler(config, broken.service, new FixedClock('2026-12-06')).check()).rejects.toThrow('database gone');
  });
});
