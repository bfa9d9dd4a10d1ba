// The package ships no type declarations; these cover what the worker host uses.
declare module 'camunda-external-task-client-js' {
  import { EventEmitter } from 'node:events';

  export class Variables {
    get(name: string): unknown;
    getAll(): Record<string, unknown>;
    set(name: string, value: unknown): this;
    setAll(values: Record<string, unknown>): this;
  }

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    processInstanceId: string;
    processDefinitionKey: string;
    activityId: string;
    businessKey: string | null;
    retries: number | null;
    variables: Variables;
  }

  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(
      task: Task,
      options: { errorMessage: string; errorDetails?: string; retries: number; retryTimeout: number },
    ): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
  }

  export type Handler = (args: { task: Task; taskService: TaskService }) => Promise<void>;

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    interceptors?: unknown[];
    usePriority?: boolean;
    maxParallelExecutions?: number;
    sorting?: { sortBy: 'createTime'; sortOrder: 'asc' | 'desc' }[];
  }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    /** The options in use; the client reads `interval` again before every fetch. */
    options: ClientOptions & { interval: number };
    subscribe(topic: string, options: { lockDuration?: number; variables?: string[] }, handler: Handler): { unsubscribe(): void };
    start(): void;
    stop(): void;
  }

  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }
}
