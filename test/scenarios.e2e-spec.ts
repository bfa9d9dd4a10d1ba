import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Scenario, ScenarioRunner } from '../src/scenarios/scenario-runner';
import { readStack } from './setup/stack';

/** The shared acceptance file when this checkout sits beside it; else the copy taken with the code. */
const SHARED = resolve(__dirname, '..', '..', 'shared', 'acceptance', 'scenarios.json');
const OWN = resolve(__dirname, 'fixtures', 'acceptance-scenarios.json');
const FILE = existsSync(SHARED) ? SHARED : OWN;

/** The project's own scenarios in the extended format: claims that carry originals and documents. */
const DOCUMENTS = resolve(__dirname, 'fixtures', 'document-scenarios.json');

describe('the scenarios of claims with their papers (test/fixtures/document-scenarios.json)', () => {
  const scenarios = JSON.parse(readFileSync(DOCUMENTS, 'utf8')) as Scenario[];
  const runner = new ScenarioRunner({ baseUrl: readStack().baseUrl, demoPassword: process.env.DEMO_PASSWORD ?? 'demo' });

  it.each(scenarios.map((scenario) => [`${scenario.id} ${scenario.title}`, scenario] as const))('%s', async (_name, scenario) => {
    const result = await runner.run(scenario);
    expect(result.differences).toEqual([]);
  });
});

describe(`the acceptance scenarios (${FILE.includes('fixtures') ? 'test/fixtures copy' : 'shared/acceptance'})`, () => {
  const shared = JSON.parse(readFileSync(FILE, 'utf8')) as Scenario[];
  // The project's own cases (auto-approval …) run beside the shared ones.
  const own = (JSON.parse(readFileSync(OWN, 'utf8')) as Scenario[]).filter((scenario) => !shared.some((s) => s.id === scenario.id));
  const scenarios = [...shared, ...own];
  const runner = new ScenarioRunner({ baseUrl: readStack().baseUrl, demoPassword: process.env.DEMO_PASSWORD ?? 'demo' });

  it.each(scenarios.map((scenario) => [`${scenario.id} ${scenario.title}`, scenario] as const))('%s', async (_name, scenario) => {
    const result = await runner.run(scenario);
    expect(result.differences).toEqual([]);
  });
});
