import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXTERNAL_TASK_WORKER, ExternalTaskWorkerOptions } from '../engine/external-task-worker.decorator';
import type { WorkerHost } from '../engine/worker-host';
import type { FormsService } from '../forms/forms.service';
import { ProcessLintService } from './process-lint.service';

const ROOT = resolve(__dirname, '..', '..');

/** Every file under src/ that holds external-task workers, found by name so a new one needs no edit here. */
function workerFiles(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : workerFiles(path);
    return /\.workers?\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The topics the product's workers serve, read off their @ExternalTaskWorker classes as the WorkerHost reads them. */
function servedTopics(): string[] {
  const topics = new Set<string>();
  for (const file of workerFiles()) {
    for (const exported of Object.values(require(file) as Record<string, unknown>)) {
      if (typeof exported !== 'function') continue;
      const options = Reflect.getMetadata(EXTERNAL_TASK_WORKER, exported) as ExternalTaskWorkerOptions | undefined;
      if (options) topics.add(options.topic);
    }
  }
  return [...topics];
}

const shipped = readdirSync(join(ROOT, 'processes')).filter((name) => name.endsWith('.bpmn')).sort();

describe('the shipped flows under the product lint', () => {
  let lint: ProcessLintService;

  beforeAll(() => {
    const topics = servedTopics();
    const forms = readdirSync(join(ROOT, 'forms')).filter((name) => name.endsWith('.json')).map((name) => ({ name: name.replace(/\.json$/, ''), version: 1, title: name }));
    const workers = { handlers: () => topics.map((topic) => ({ options: { topic }, handler: {} })) } as unknown as WorkerHost;
    lint = new ProcessLintService(workers, { list: async () => forms } as unknown as FormsService);
  });

  it('finds the flows and the topics it lints against', () => {
    expect(shipped.length).toBeGreaterThan(0);
    expect(lint.topics()).toEqual(expect.arrayContaining(['invoice-check', 'route', 'budget-adjust']));
  });

  it.each(shipped)('%s has no lint errors and no warnings', async (name) => {
    const { problems, parseError } = await lint.lint(readFileSync(join(ROOT, 'processes', name), 'utf8'));
    expect(parseError).toBeNull();
    expect(problems).toEqual([]);
  });
});
