import type { Task, TaskService, Variables } from 'camunda-external-task-client-js';
import { ClaimNotFoundError } from '../claims/claim.errors';
import { loadConfig } from '../config/app-config';
import { BpmnErrorOutcome, ExternalTaskHandler } from './external-task-worker.decorator';
import { ExternalTaskClientFactory, pollingOptions, WorkerHost } from './worker-host';

class PlainVariables {
  constructor(readonly values: Record<string, unknown>) {}
}

function setup(retries: number | null) {
  const config = loadConfig({ WORKER_RETRIES: '3', WORKER_RETRY_BACKOFF_MS: '1000' });
  const factory = { variables: (values: Record<string, unknown>) => new PlainVariables(values) as unknown as Variables };
  const engine = { deleteProcessInstance: jest.fn().mockResolvedValue(undefined) };
  const host = new WorkerHost(config, {} as never, {} as never, factory as unknown as ExternalTaskClientFactory, engine as never);
  const taskService = {
    complete: jest.fn().mockResolvedValue(undefined),
    handleFailure: jest.fn().mockResolvedValue(undefined),
    handleBpmnError: jest.fn().mockResolvedValue(undefined),
    extendLock: jest.fn().mockResolvedValue(undefined),
  };
  const task = {
    id: 't1',
    topicName: 'invoice-check',
    processInstanceId: 'p1',
    businessKey: 'c1',
    retries,
    variables: { get: (name: string) => (name === 'claimId' ? 'c1' : undefined) },
  } as unknown as Task;
  const run = (handler: ExternalTaskHandler) =>
    host.execute({ topic: 'invoice-check', lockDurationMs: 1000 }, handler, task, taskService as unknown as TaskService);
  return { taskService, run, engine };
}

describe('WorkerHost.execute', () => {
  it('ends the instance when the record it was started for does not exist, instead of failing the task', async () => {
    const { taskService, run, engine } = setup(null);
    await run({ handle: async () => { throw new ClaimNotFoundError('c1'); } });
    expect(engine.deleteProcessInstance).toHaveBeenCalledWith('p1', expect.stringContaining('c1'));
    expect(taskService.handleFailure).not.toHaveBeenCalled();
  });

  it('fails the task as usual when another record is missing', async () => {
    const { taskService, run, engine } = setup(null);
    await run({ handle: async () => { throw new ClaimNotFoundError('some-other-claim'); } });
    expect(engine.deleteProcessInstance).not.toHaveBeenCalled();
    expect(taskService.handleFailure).toHaveBeenCalled();
  });


  it('extends the lock while a handler runs longer than half of it, and stops once the task is completed', async () => {
    const { taskService, run } = setup(null);
    await run({ handle: () => new Promise((resolve) => setTimeout(() => resolve({}), 1200)) });
    expect(taskService.extendLock.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(taskService.extendLock).toHaveBeenCalledWith(expect.objectContaining({ id: 't1' }), 1000);
    const extensions = taskService.extendLock.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(taskService.extendLock.mock.calls.length).toBe(extensions);
    expect(taskService.complete).toHaveBeenCalledTimes(1);
  });


  it('completes the task with the variables the handler returns', async () => {
    const { taskService, run } = setup(null);
    await run({ handle: async (task) => ({ blocking: task.variable('claimId') === 'c1' }) });
    expect(taskService.complete).toHaveBeenCalledTimes(1);
    expect(taskService.complete.mock.calls[0][1]).toEqual(new PlainVariables({ blocking: true }));
    expect(taskService.handleFailure).not.toHaveBeenCalled();
  });

  it('fails the task, naming the variable, when a required process variable is missing', async () => {
    const { taskService, run } = setup(null);
    await run({ handle: async (task) => ({ claim: task.required('claimId'), outcome: task.required('outcome') }) });
    expect(taskService.handleFailure).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ errorMessage: 'process variable outcome is missing' }));
    expect(taskService.complete).not.toHaveBeenCalled();
  });

  it('turns a business outcome into a BPMN error the model branches on', async () => {
    const { taskService, run } = setup(null);
    await run({ handle: async () => { throw new BpmnErrorOutcome('CLAIM_GONE', 'claim withdrawn', { reason: 'x' }); } });
    expect(taskService.handleBpmnError).toHaveBeenCalledWith(expect.anything(), 'CLAIM_GONE', 'claim withdrawn', new PlainVariables({ reason: 'x' }));
    expect(taskService.complete).not.toHaveBeenCalled();
  });

  it('reports a thrown error as a failure with one retry fewer and a growing back-off', async () => {
    const first = setup(null);
    await first.run({ handle: async () => { throw new Error('database down'); } });
    expect(first.taskService.handleFailure).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({
      errorMessage: 'database down', retries: 2, retryTimeout: 1000,
    }));

    const second = setup(2);
    await second.run({ handle: async () => { throw new Error('database down'); } });
    expect(second.taskService.handleFailure).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ retries: 1, retryTimeout: 2000 }));
  });

  it('leaves no retries on the last attempt, so the engine raises an incident', async () => {
    const { taskService, run } = setup(1);
    await run({ handle: async () => { throw new Error('still down'); } });
    expect(taskService.handleFailure).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ retries: 0, retryTimeout: 4000 }));
  });

  it('does not throw when the engine cannot be told, leaving the task to be delivered again', async () => {
    const { taskService, run } = setup(null);
    taskService.complete.mockRejectedValueOnce(new Error('lock lost'));
    await expect(run({ handle: async () => ({}) })).resolves.toBeUndefined();
  });
});

describe('pollingOptions', () => {
  it('fetches the oldest tasks first, many at a time, and again at once by default', () => {
    const options = pollingOptions(loadConfig({ ENGINE_URL: 'http://engine/engine-rest' }));
    expect(options).toMatchObject({ maxTasks: 50, interval: 0, usePriority: false, sorting: [{ sortBy: 'createTime', sortOrder: 'asc' }], autoPoll: false });
    expect(options).not.toHaveProperty('maxParallelExecutions');
  });

  it('caps parallel handlers when asked, without checking capacity in a tight loop', () => {
    const options = pollingOptions(loadConfig({ ENGINE_URL: 'http://engine/engine-rest', WORKER_MAX_PARALLEL: '8', WORKER_FETCH_ORDER: 'priority' }));
    expect(options).toMatchObject({ maxParallelExecutions: 8, interval: 20, usePriority: true });
    expect(options).not.toHaveProperty('sorting');
  });
});
