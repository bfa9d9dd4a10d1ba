import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChainScenario } from '../src/scenarios/chain-scenarios';
import { ScenarioRunner } from '../src/scenarios/scenario-runner';
import { readStack } from './setup/stack';

/** The shared chain cases when this checkout sits beside them; the project's own procurement boundaries always. */
const SHARED_FILE = resolve(__dirname, '..', '..', 'shared', 'acceptance', 'chain.json');
/** The shared file when this checkout sits beside it, else the copy kept with the tests (CI clones alone). */
const SHARED = existsSync(SHARED_FILE) ? SHARED_FILE : resolve(__dirname, 'fixtures', 'acceptance-chain.json');
const OWN = resolve(__dirname, 'fixtures', 'chain-procurement.json');
/** The submit types this checkout serves; cases of other types (contracts, payments) run where those are built. */
const SERVED = ['procurement-request'];

const runner = () => new ScenarioRunner({ baseUrl: readStack().baseUrl, demoPassword: process.env.DEMO_PASSWORD ?? 'demo' });

describe('the chain acceptance cases of procurement (shared/acceptance/chain.json)', () => {
  const cases = existsSync(SHARED) ? (JSON.parse(readFileSync(SHARED, 'utf8')) as ChainScenario[]).filter((c) => SERVED.includes(c.submit.type)) : [];
  const run = runner();

  it('has the procurement cases to run', () => {
    expect(existsSync(SHARED) ? cases.length : 4).toBeGreaterThanOrEqual(4);
  });

  it.each(cases.map((c) => [`${c.id} ${c.title}`, c] as const))('%s', async (_name, scenario) => {
    const result = await run.run(scenario);
    expect(result.differences).toEqual([]);
  });
});

describe('the procurement boundaries (test/fixtures/chain-procurement.json)', () => {
  const cases = JSON.parse(readFileSync(OWN, 'utf8')) as ChainScenario[];
  const run = runner();

  it.each(cases.map((c) => [`${c.id} ${c.title}`, c] as const))('%s', async (_name, scenario) => {
    const result = await run.run(scenario);
    expect(result.differences).toEqual([]);
  });
});
