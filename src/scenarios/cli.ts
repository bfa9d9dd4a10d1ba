import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Scenario, ScenarioRunner } from './scenario-runner';

/**
 * `npm run scenarios -- <file.json>`: replays a scenario file against the running product
 * (SCENARIO_BASE_URL, default http://127.0.0.1:$PORT or :3000) and exits 1 when a scenario fails.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run scenarios -- <scenarios.json>\n');
    process.exit(2);
  }
  const scenarios = JSON.parse(readFileSync(resolve(file), 'utf8')) as Scenario[];
  const baseUrl = process.env.SCENARIO_BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const runner = new ScenarioRunner({ baseUrl, demoPassword: process.env.DEMO_PASSWORD ?? 'demo', log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`replaying ${scenarios.length} scenarios from ${file} against ${baseUrl}\n`);
  const { failed } = await runner.runAll(scenarios);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
