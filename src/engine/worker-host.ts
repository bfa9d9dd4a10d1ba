import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { Client, Task, TaskService, Variables } from 'camunda-external-task-client-js';
import { auditContext } from '../audit/audit-context';
import { DomainError, DomainErrorKind } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { EngineClient, engineCredentials } from './engine-client';
import {
  BpmnErrorOutcome,
  EXTERNAL_TASK_WORKER,
  ExternalTaskHandler,
  ExternalTaskWorkerOptions,
  WorkerTask,
} from './external-task-worker.decorator';

/** Creates the external-task client; a seam so unit specs can stand in for the real (ESM) package. */
@Injectable()
export class ExternalTaskClientFactory {
  /** Requests the clients made (fetch-and-lock, complete, failures), for the benchmarks' calls per claim. */
  calls = 0;

  /** A client that sends `headers` (the API's engine credentials) with every request. */
  create(options: ConstructorParameters<typeof Client>[0], headers: Record<string, string>): Client {
    // The package is ESM-only; Node >= 20.19 loads it through require() from this CommonJS build.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('camunda-external-task-client-js') as typeof import('camunda-external-task-client-js');
    const withCredentials = (config: { headers?: Record<string, string> }) => {
      this.calls += 1;
      return { ...config, headers: { ...(config.headers ?? {}), ...headers } };
    };
    return new lib.Client({ ...options, interceptors: [withCredentials] });
  }

  variables(values: Record<string, unknown>): Variables {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('camunda-external-task-client-js') as typeof import('camunda-external-task-client-js');
    return new lib.Variables().setAll(values);
  }
}

/**
 * How the client fetches: oldest tasks first so that none starves under load, as many as configured
 * per fetch, again at once after a fetch unless a pause is configured (an idle worker waits in the
 * engine's long poll, not in a timer).
 */
export function pollingOptions(config: AppConfig, baseUrl = config.engineUrls[0]): ConstructorParameters<typeof Client>[0] {
  return {
    baseUrl,
    workerId: config.WORKER_ID,
    maxTasks: config.WORKER_MAX_TASKS,
    asyncResponseTimeout: config.WORKER_LONG_POLL_MS,
    // With a cap on parallel handlers the client re-checks capacity every `interval`: never spin on 0.
    interval: config.WORKER_MAX_PARALLEL > 0 ? Math.max(config.WORKER_POLL_INTERVAL_MS, 20) : config.WORKER_POLL_INTERVAL_MS,
    ...(config.WORKER_MAX_PARALLEL > 0 ? { maxParallelExecutions: config.WORKER_MAX_PARALLEL } : {}),
    ...(config.WORKER_FETCH_ORDER === 'oldest-first' ? { usePriority: false, sorting: [{ sortBy: 'createTime', sortOrder: 'asc' }] } : { usePriority: true }),
    autoPoll: false,
  };
}

export interface WorkerStatus {
  running: boolean;
  workerId: string;
  topics: string[];
  /** REST calls of the external-task clients since start. */
  engineCalls: number;
  lastPollAt: string | null;
  /** Set while no engine node answers; one node down of several is shown in `nodes` only. */
  lastError: string | null;
  /** Each engine node this worker polls (one client each), with its last poll and error. */
  nodes: { url: string; lastPollAt: string | null; lastError: string | null }[];
}

/**
 * Subscribes every @ExternalTaskWorker provider to its topic and turns each handler's result into
 * the engine call it means: complete, handleBpmnError, or handleFailure with retries and back-off.
 */
@Injectable()
export class WorkerHost implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly clients: Client[] = [];
  private readonly status: WorkerStatus;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly clientFactory: ExternalTaskClientFactory,
    private readonly engine: EngineClient,
  ) {
    this.status = { running: false, workerId: config.WORKER_ID, topics: [], engineCalls: 0, lastPollAt: null, lastError: null, nodes: [] };
  }

  handlers(): { options: ExternalTaskWorkerOptions; handler: ExternalTaskHandler }[] {
    return this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance)
      .map((wrapper) => ({
        options: this.reflector.get<ExternalTaskWorkerOptions>(EXTERNAL_TASK_WORKER, wrapper.metatype!),
        handler: wrapper.instance as ExternalTaskHandler,
      }))
      .filter((entry) => entry.options !== undefined);
  }

  /**
   * Polls every engine node of ENGINE_URL with a client of its own: the nodes share one database,
   * so a task is fetched and locked once whichever node hands it out, and work goes on while a node
   * is down.
   */
  start(): void {
    const config = this.config;
    const handlers = this.handlers();
    this.status.topics = handlers.map(({ options }) => options.topic);
    for (const url of config.engineUrls) this.clients.push(this.startClient(url, handlers));
    this.status.running = true;
    this.logger.log(`worker ${config.WORKER_ID} polling topics ${this.status.topics.join(', ')} on ${config.engineUrls.join(', ')}`);
  }

  private startClient(url: string, handlers: ReturnType<WorkerHost['handlers']>): Client {
    const config = this.config;
    const node = { url, lastPollAt: null as string | null, lastError: null as string | null };
    this.status.nodes.push(node);
    const client = this.clientFactory.create(pollingOptions(config, url), engineCredentials(config));
    const interval = client.options?.interval ?? config.WORKER_POLL_INTERVAL_MS;
    client.on('poll:success', () => {
      node.lastPollAt = this.status.lastPollAt = new Date().toISOString();
      node.lastError = this.status.lastError = null;
      if (client.options) client.options.interval = interval;
    });
    client.on('poll:error', (error: Error) => {
      node.lastError = error.message;
      if (this.status.nodes.every((n) => n.lastError)) this.status.lastError = error.message;
      this.logger.warn(`fetch-and-lock at ${url} failed: ${error.message}`);
      // The client reads its interval before every fetch: back off while the node does not answer.
      if (client.options) client.options.interval = Math.min(10_000, Math.max(500, client.options.interval * 2));
    });
    for (const { options, handler } of handlers) {
      client.subscribe(options.topic, { lockDuration: options.lockDurationMs ?? config.WORKER_LOCK_MS, variables: options.variables }, ({ task, taskService }) =>
        this.track(this.execute(options, handler, task, taskService)),
      );
    }
    client.start();
    return client;
  }

  getStatus(): WorkerStatus {
    return { ...this.status, topics: [...this.status.topics], nodes: this.status.nodes.map((node) => ({ ...node })), engineCalls: this.clientFactory.calls };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.clients.length === 0) return;
    for (const client of this.clients) client.stop();
    this.status.running = false;
    // Let handlers that already hold a task finish, so none is left half-done until its lock expires.
    await Promise.allSettled([...this.inFlight]);
  }

  /** Whether the handler found that the record named by the instance's business key does not exist. */
  private recordGone(error: unknown, task: Task): boolean {
    return error instanceof DomainError && error.kind === DomainErrorKind.NOT_FOUND && !!task.businessKey && error.details?.recordId === task.businessKey;
  }

  /** Runs one task; exported for the unit spec, called by the client for every fetched task. */
  async execute(options: ExternalTaskWorkerOptions, handler: ExternalTaskHandler, task: Task, taskService: TaskService): Promise<void> {
    const maxRetries = this.config.WORKER_RETRIES;
    const attempt = task.retries === null || task.retries === undefined ? 1 : maxRetries - task.retries + 1;
    const workerTask: WorkerTask = {
      id: task.id,
      topic: task.topicName,
      processInstanceId: task.processInstanceId,
      businessKey: task.businessKey,
      attempt,
      variable: <T>(name: string) => task.variables.get(name) as T | undefined,
      required: <T>(name: string) => {
        const value = task.variables.get(name) as T | undefined | null;
        if (value === undefined || value === null || value === '') throw new Error(`process variable ${name} is missing`);
        return value;
      },
    };
    let variables: Record<string, unknown>;
    // The lock is short, so that a dead worker's tasks come back soon; a live one keeps extending it.
    const lock = options.lockDurationMs ?? this.config.WORKER_LOCK_MS;
    const keeper = setInterval(() => {
      void Promise.resolve(taskService.extendLock(task, lock)).catch((error: Error) => this.logger.warn(`${options.topic} ${task.id}: extending the lock failed: ${error.message}`));
    }, lock / 2);
    try {
      // What the handler changes is audited as this worker's doing.
      variables = await auditContext.run({ actor: `worker:${options.topic}` }, () => handler.handle(workerTask));
    } catch (error) {
      clearInterval(keeper);
      if (error instanceof BpmnErrorOutcome) {
        this.logger.log(`${options.topic} ${task.id}: BPMN error ${error.errorCode}`);
        await this.report(() =>
          taskService.handleBpmnError(task, error.errorCode, error.message, this.clientFactory.variables(error.variables)),
        );
        return;
      }
      if (this.recordGone(error, task)) {
        // The record the instance was started for does not exist: its submission was undone after
        // the engine had started the instance (the answer was lost). Nothing is left to screen.
        this.logger.warn(`${options.topic} ${task.id}: ${task.businessKey} does not exist; ending instance ${task.processInstanceId}`);
        await this.report(() => this.engine.deleteProcessInstance(task.processInstanceId, `the record ${task.businessKey} does not exist: its submission was undone`));
        return;
      }
      const retries = Math.max(0, maxRetries - attempt);
      const retryTimeout = this.config.WORKER_RETRY_BACKOFF_MS * 2 ** (attempt - 1);
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`${options.topic} ${task.id} attempt ${attempt} failed (${retries} retries left): ${message}`);
      await this.report(() =>
        taskService.handleFailure(task, {
          errorMessage: message.slice(0, 600),
          errorDetails: error instanceof Error ? error.stack : undefined,
          retries,
          retryTimeout,
        }),
      );
      return;
    }
    clearInterval(keeper);
    await this.report(() => taskService.complete(task, this.clientFactory.variables(variables)));
  }

  private async report(call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      // The engine did not hear back (lock lost, engine down): the task is delivered again after its
      // lock expires, which the handlers are written to survive.
      this.logger.warn(`reporting to the engine failed: ${(error as Error).message}`);
    }
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }
}
