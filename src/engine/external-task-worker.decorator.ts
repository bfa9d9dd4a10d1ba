import { SetMetadata } from '@nestjs/common';

export const EXTERNAL_TASK_WORKER = Symbol('external-task-worker');

export interface ExternalTaskWorkerOptions {
  /** The external-task topic of the BPMN service task. */
  topic: string;
  /** How long a fetched task stays locked to this worker, in milliseconds (WORKER_LOCK_MS by default; extended while the handler runs). */
  lockDurationMs?: number;
  /** Process variables to fetch with the task (all when omitted). */
  variables?: string[];
}

/** Marks a provider as the handler of one external-task topic; the WorkerHost subscribes it. */
export const ExternalTaskWorker = (options: ExternalTaskWorkerOptions) => SetMetadata(EXTERNAL_TASK_WORKER, options);

/** What a handler sees of a fetched task. */
export interface WorkerTask {
  id: string;
  topic: string;
  processInstanceId: string;
  businessKey: string | null;
  /** Attempt number of this delivery: 1 on the first, growing with every failure. */
  attempt: number;
  variable<T = unknown>(name: string): T | undefined;
  /** A variable the handler cannot do without: throws (a technical fault, retried) when it is missing. */
  required<T = unknown>(name: string): T;
}

/** A business outcome the process branches on (a BPMN error boundary event), not a fault. */
export class BpmnErrorOutcome extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ExternalTaskHandler {
  /**
   * Does the work of one task. Returns the process variables to complete it with; throws
   * BpmnErrorOutcome for a business outcome, anything else for a technical fault (retried).
   */
  handle(task: WorkerTask): Promise<Record<string, unknown>>;
}
