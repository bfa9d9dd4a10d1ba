import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChainScenario } from '../src/scenarios/chain-scenarios';
import { Scenario, ScenarioRunner } from '../src/scenarios/scenario-runner';
import { readStack } from './setup/stack';

/** The shared chain cases this part of the chain answers for: contracts and contract payments. */
const SHARED_FILE = resolve(__dirname, '..', '..', 'shared', 'acceptance', 'chain.json');
/** The shared file when this checkout sits beside it, else the copy kept with the tests (CI clones alone). */
const SHARED = existsSync(SHARED_FILE) ? SHARED_FILE : resolve(__dirname, 'fixtures', 'acceptance-chain.json');
const CONTRACT_SUBMITS = ['contract', 'contract-payment'];
/** The project's own boundary cases: exactly at a threshold, one fen or one day over, supplements, payments beyond. */
const OWN = resolve(__dirname, 'fixtures', 'chain-contracts.json');

describe('chain scenarios of contracts and contract payments', () => {
  const shared = existsSync(SHARED) ? (JSON.parse(readFileSync(SHARED, 'utf8')) as ChainScenario[]).filter((s) => CONTRACT_SUBMITS.includes(s.submit?.type)) : [];
  const own = JSON.parse(readFileSync(OWN, 'utf8')) as ChainScenario[];
  const runner = new ScenarioRunner({ baseUrl: readStack().baseUrl, demoPassword: process.env.DEMO_PASSWORD ?? 'demo' });

  it.each([...shared, ...own].map((scenario) => [`${scenario.id} ${scenario.title}`, scenario] as const))('%s', async (_name, scenario) => {
    const result = await runner.run(scenario as unknown as Scenario);
    expect(result.differences).toEqual([]);
  });
});
