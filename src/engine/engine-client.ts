import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError, DomainErrorKind } from '../common/domain-error';
import { EngineVariables, toEngineVariables } from './engine-variables';
import { ENGINE_TOKEN_HEADER } from './engine-token';

export class EngineUnavailableError extends DomainError {
  readonly kind = DomainErrorKind.UNAVAILABLE;
  constructor(cause: string) {
    super('ENGINE_UNAVAILABLE', '流程引擎暂时不可用，请稍后再试', 'The process engine is unavailable; try again later', { cause });
  }
}

/** The engine answered with an error status; `status` and `type` are the engine's own. */
export class EngineRequestError extends Error {
  constructor(readonly status: number, readonly type: string | undefined, message: string) {
    super(`engine ${status} ${type ?? ''}: ${message}`);
  }
}

export interface EngineTask {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  due: string | null;
  followUp: string | null;
  taskDefinitionKey: string;
  processInstanceId: string;
  processDefinitionId: string;
  description: string | null;
  /** The delegator while a task is delegated (委派). */
  owner?: string | null;
  delegationState?: 'PENDING' | 'RESOLVED' | null;
}

export interface HistoricTask {
  id: string;
  processInstanceId: string;
  taskDefinitionKey: string;
  assignee: string | null;
  startTime: string;
  endTime: string | null;
  /** Milliseconds from creation to completion. */
  duration: number | null;
}

export interface EngineIdentityLink {
  userId: string | null;
  groupId: string | null;
  type: 'candidate' | 'assignee' | 'owner' | string;
}

/** An entry of the engine's identity-link log: a link added to or removed from a task. */
export interface EngineIdentityLinkLogEntry extends EngineIdentityLink {
  taskId: string | null;
  operationType: 'add' | 'delete' | string;
  time: string;
}

/** An open task as the engine holds it now, with what 待办 filters and sorts on (the bundled engine's /jingbao-rest). */
export interface EngineTaskSnapshot {
  id: string;
  name: string | null;
  assignee: string | null;
  owner: string | null;
  delegationState: 'PENDING' | 'RESOLVED' | null;
  /** ISO instants. */
  created: string;
  due: string | null;
  taskDefinitionKey: string;
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string | null;
  businessKey: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  /** The instance's variables the engine's outbox watches (amountFen, unitCode, submittedOn, approvalIndex). */
  variables: Record<string, string | number | boolean | null>;
}

/** An entry of the engine's outbox: the open tasks of this instance changed. */
export interface EngineTaskChange {
  seq: number;
  processInstanceId: string;
}

export interface EngineDeployment {
  id: string;
  name: string;
  deployedProcessDefinitions: Record<string, { id: string; key: string; version: number }> | null;
}

export interface HistoricProcessInstance {
  id: string;
  businessKey: string | null;
  state: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED';
  endActivityId: string | null;
  startTime: string;
  endTime: string | null;
}

/** One activity the instance entered, from the engine's history. */
export interface HistoricActivityInstance {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  taskId: string | null;
  assignee: string | null;
  startTime: string;
  endTime: string | null;
  canceled: boolean;
}

export interface EngineComment {
  id: string;
  taskId: string;
  userId: string | null;
  time: string;
  message: string;
}

/** A variable update recorded in history (`decision` set when an approver completes a task). */
export interface HistoricVariableUpdate {
  variableName: string;
  value: unknown;
  time: string;
  activityInstanceId: string | null;
  taskId: string | null;
}

export interface EngineExternalTask {
  id: string;
  topicName: string;
  retries: number | null;
  errorMessage: string | null;
  workerId: string | null;
  activityId: string;
}

export interface EngineIncident {
  id: string;
  incidentType: string;
  incidentMessage: string | null;
  activityId: string;
}

interface ActivityInstanceTree {
  activityId: string;
  activityType: string;
  childActivityInstances: ActivityInstanceTree[];
  childTransitionInstances: { activityId: string }[];
}

export interface TaskQuery {
  processInstanceId?: string;
  processInstanceIds?: string[];
  taskDefinitionKey?: string;
  /** Tasks assigned to the user, or offered to the user or to one of these groups; with `owner`, also the ones they delegated. */
  workableBy?: { userId: string; groups: string[]; owner?: boolean };
  processDefinitionKeys?: string[];
  businessKey?: string;
  /** Unassigned tasks offered to one of these groups. */
  unassignedInGroups?: string[];
  createdAfter?: string;
  dueBefore?: string;
  /** Process-variable filters: `{ name, operator: 'eq' | 'gteq' | 'lteq' …, value }`. */
  processVariables?: { name: string; operator: 'eq' | 'neq' | 'gt' | 'gteq' | 'lt' | 'lteq'; value: string | number }[];
  sorting?: { sortBy: 'created' | 'dueDate' | 'processVariable'; sortOrder: 'asc' | 'desc'; parameters?: { variable: string; type: string } }[];
}

function taskQueryBody(query: TaskQuery): Record<string, unknown> {
  const body: Record<string, unknown> = { sorting: query.sorting ?? [{ sortBy: 'created', sortOrder: 'asc' }] };
  if (query.processInstanceId) body.processInstanceId = query.processInstanceId;
  if (query.processInstanceIds) body.processInstanceIdIn = query.processInstanceIds;
  if (query.taskDefinitionKey) body.taskDefinitionKey = query.taskDefinitionKey;
  if (query.processDefinitionKeys) body.processDefinitionKeyIn = query.processDefinitionKeys;
  if (query.businessKey) body.processInstanceBusinessKey = query.businessKey;
  if (query.unassignedInGroups) Object.assign(body, { candidateGroups: query.unassignedInGroups, unassigned: true });
  if (query.createdAfter) body.createdAfter = query.createdAfter;
  if (query.dueBefore) body.dueBefore = query.dueBefore;
  if (query.processVariables?.length) body.processVariables = query.processVariables;
  if (query.workableBy) {
    const { userId, groups, owner } = query.workableBy;
    const either: Record<string, unknown> = { assignee: userId, candidateUser: userId };
    if (groups.length > 0) either.candidateGroups = groups;
    if (owner) either.owner = userId;
    body.orQueries = [either];
  }
  return body;
}

/** The engine's own REST API (/engine-rest), or what the bundled engine adds for the product beside it (/jingbao-rest). */
type EngineApi = 'engine' | 'product';

/** How the API proves itself to the engine: its token, else a user's basic credentials, else nothing. */
export function engineCredentials(config: Pick<AppConfig, 'ENGINE_API_TOKEN' | 'ENGINE_USER' | 'ENGINE_PASSWORD'>): Record<string, string> {
  if (config.ENGINE_API_TOKEN) return { [ENGINE_TOKEN_HEADER]: config.ENGINE_API_TOKEN };
  if (config.ENGINE_PASSWORD !== undefined) return { Authorization: 'Basic ' + Buffer.from(`${config.ENGINE_USER}:${config.ENGINE_PASSWORD}`).toString('base64') };
  return {};
}

/** Typed client of the Camunda-7 REST API; the only place that speaks HTTP to the engine. */
@Injectable()
export class EngineClient {
  private readonly logger = new Logger(EngineClient.name);
  private readonly baseUrls: string[];
  /** The node the last call reached; calls go there first. */
  private current = 0;
  private readonly credentials: Record<string, string>;
  /** REST calls made since start, for the benchmarks' calls per claim (health shows it to administrators). */
  calls = 0;

  constructor(config: AppConfig) {
    this.baseUrls = config.engineUrls;
    this.credentials = engineCredentials(config);
  }

  get url(): string {
    return this.baseUrls[this.current];
  }

  async version(): Promise<string> {
    return (await this.request<{ version: string }>('GET', '/version')).version;
  }

  async deploy(name: string, files: { name: string; content: string }[]): Promise<EngineDeployment> {
    const form = new FormData();
    form.append('deployment-name', name);
    form.append('deployment-source', 'jingbao');
    form.append('enable-duplicate-filtering', 'true');
    form.append('deploy-changed-only', 'true');
    for (const file of files) form.append(file.name, new Blob([file.content], { type: 'application/xml' }), file.name);
    return this.request<EngineDeployment>('POST', '/deployment/create', form);
  }

  async latestProcessDefinitions(): Promise<{ id: string; key: string; version: number; deploymentId: string }[]> {
    return this.request('GET', '/process-definition?latestVersion=true');
  }

  /** Every version of every process definition. */
  async processDefinitions(): Promise<{ id: string; key: string; name: string | null; version: number; deploymentId: string; versionTag: string | null }[]> {
    return this.request('GET', '/process-definition?sortBy=version&sortOrder=desc&maxResults=2000');
  }

  async deployment(id: string): Promise<{ id: string; name: string | null; source: string | null; deploymentTime: string } | null> {
    return this.requestOrNull('GET', `/deployment/${encodeURIComponent(id)}`);
  }

  async runningInstanceCount(processDefinitionId: string): Promise<number> {
    return (await this.request<{ count: number }>('GET', `/process-instance/count?processDefinitionId=${encodeURIComponent(processDefinitionId)}`)).count;
  }

  async startProcess(key: string, businessKey: string, variables: Record<string, unknown>): Promise<{ id: string }> {
    return this.request('POST', `/process-definition/key/${encodeURIComponent(key)}/start`, {
      businessKey,
      variables: toEngineVariables(variables),
    });
  }

  /**
   * Starts the process for a business key that is new to the engine (a claim's or request's id). When
   * the call fails, the engine may still have started it and only the answer was lost (a restart, a
   * timeout): the instance found under the key is returned then, so the caller keeps the record that
   * goes with it instead of leaving an instance without one.
   */
  async startProcessOnce(key: string, businessKey: string, variables: Record<string, unknown>): Promise<{ id: string }> {
    try {
      return await this.startProcess(key, businessKey, variables);
    } catch (error) {
      const found = await this.request<{ id: string }[]>('GET', `/process-instance?processDefinitionKey=${encodeURIComponent(key)}&businessKey=${encodeURIComponent(businessKey)}`).catch(() => []);
      if (found.length === 0) throw error;
      this.logger.warn(`starting ${key} for ${businessKey}: the answer was lost, but instance ${found[0].id} runs`);
      return found[0];
    }
  }

  async deleteProcessInstance(id: string, reason: string): Promise<void> {
    await this.request('DELETE', `/process-instance/${encodeURIComponent(id)}?skipCustomListeners=true&failIfNotExists=false&deleteReason=${encodeURIComponent(reason)}`);
  }

  /** Ids of the activities the instance currently waits in; empty once it has ended. */
  async currentActivityIds(processInstanceId: string): Promise<string[]> {
    const tree = await this.requestOrNull<ActivityInstanceTree>('GET', `/process-instance/${encodeURIComponent(processInstanceId)}/activity-instances`);
    if (!tree) return [];
    const ids = new Set<string>();
    const walk = (node: ActivityInstanceTree) => {
      if (node.childActivityInstances.length === 0 && node.childTransitionInstances.length === 0 && node.activityType !== 'processDefinition') {
        ids.add(node.activityId);
      }
      node.childActivityInstances.forEach(walk);
      node.childTransitionInstances.forEach((t) => ids.add(t.activityId));
    };
    walk(tree);
    return [...ids];
  }

  async historicProcessInstance(id: string): Promise<HistoricProcessInstance | null> {
    return this.requestOrNull('GET', `/history/process-instance/${encodeURIComponent(id)}`);
  }

  async historicProcessInstanceDefinition(id: string): Promise<{ processDefinitionId: string; processDefinitionKey: string; processDefinitionVersion: number | null; startTime: string } | null> {
    return this.requestOrNull('GET', `/history/process-instance/${encodeURIComponent(id)}`);
  }

  async processDefinitionXml(processDefinitionId: string): Promise<string> {
    return (await this.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(processDefinitionId)}/xml`)).bpmn20Xml;
  }

  /** Every activity the instance entered, in the order it entered them. */
  async historicActivities(processInstanceId: string): Promise<HistoricActivityInstance[]> {
    return this.request('GET', `/history/activity-instance?processInstanceId=${encodeURIComponent(processInstanceId)}&sortBy=startTime&sortOrder=asc`);
  }

  async taskComments(taskId: string): Promise<EngineComment[]> {
    return this.request('GET', `/task/${encodeURIComponent(taskId)}/comment`);
  }

  /** History of the named variables' updates in an instance, oldest first. */
  async variableUpdates(processInstanceId: string, names: string[]): Promise<HistoricVariableUpdate[]> {
    const updates = await this.request<HistoricVariableUpdate[]>(
      'GET',
      `/history/detail?processInstanceId=${encodeURIComponent(processInstanceId)}&variableUpdates=true&deserializeValues=false&sortBy=time&sortOrder=asc`,
    );
    return updates.filter((update) => names.includes(update.variableName));
  }

  async queryTasks(query: TaskQuery): Promise<EngineTask[]> {
    return this.request('POST', '/task', taskQueryBody(query));
  }

  /** One page of a task query (engine paging: first result and count). */
  async queryTaskPage(query: TaskQuery, firstResult: number, maxResults: number): Promise<EngineTask[]> {
    return this.request('POST', `/task?firstResult=${firstResult}&maxResults=${maxResults}`, taskQueryBody(query));
  }

  async countTasks(query: TaskQuery): Promise<number> {
    const body = taskQueryBody(query);
    delete body.sorting;
    return (await this.request<{ count: number }>('POST', '/task/count', body)).count;
  }

  /** Hands the task to a delegate; the current assignee becomes its owner and gets it back on resolve. */
  async delegateTask(taskId: string, userId: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/delegate`, { userId });
  }

  /** The delegate's answer: the task returns to its owner. */
  async resolveTask(taskId: string, variables: Record<string, unknown>): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/resolve`, { variables: toEngineVariables(variables) });
  }

  /**
   * Removes the task's owner. The engine keeps the delegator as owner after resolveTask, and the
   * task lists show a step to its owner: once a delegation is answered, ownership has done its work.
   */
  async clearOwner(taskId: string, owner: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/identity-links/delete`, { userId: owner, type: 'owner' });
  }

  async setVariables(processInstanceId: string, variables: Record<string, unknown>): Promise<void> {
    await this.request('POST', `/process-instance/${encodeURIComponent(processInstanceId)}/variables`, { modifications: toEngineVariables(variables) });
  }

  /** One variable of many instances at once, by instance id. */
  async variableOfInstances<T>(name: string, processInstanceIds: string[]): Promise<Map<string, T>> {
    if (processInstanceIds.length === 0) return new Map();
    const found = await this.request<{ processInstanceId: string; value: T }[]>('POST', '/variable-instance?deserializeValues=false', { variableName: name, processInstanceIdIn: processInstanceIds });
    return new Map(found.map((v) => [v.processInstanceId, v.value]));
  }

  async variable<T>(processInstanceId: string, name: string): Promise<T | null> {
    const found = await this.requestOrNull<{ value: T }>('GET', `/process-instance/${encodeURIComponent(processInstanceId)}/variables/${encodeURIComponent(name)}?deserializeValue=false`);
    return found ? found.value : null;
  }

  /** Historic task instances, newest first: for cycle times. */
  async historicTasks(query: { taskDefinitionKey?: string; finished?: boolean; taskDeleteReason?: string; startedAfter?: string; startedBefore?: string }, maxResults: number): Promise<HistoricTask[]> {
    return this.request('POST', `/history/task?maxResults=${maxResults}`, { ...query, sorting: [{ sortBy: 'startTime', sortOrder: 'desc' }] });
  }

  /** How many tasks of an activity in the instance have been completed. */
  async finishedTaskCount(processInstanceId: string, taskDefinitionKey: string): Promise<number> {
    const { count } = await this.request<{ count: number }>('GET', `/history/task/count?processInstanceId=${encodeURIComponent(processInstanceId)}&taskDefinitionKey=${encodeURIComponent(taskDefinitionKey)}&finished=true`);
    return count;
  }

  async getTask(id: string): Promise<EngineTask | null> {
    return this.requestOrNull('GET', `/task/${encodeURIComponent(id)}`);
  }

  async taskIdentityLinks(taskId: string): Promise<EngineIdentityLink[]> {
    return this.request('GET', `/task/${encodeURIComponent(taskId)}/identity-links`);
  }

  /** Identity links added to or removed from any task after `after` (engine date format), oldest first. */
  async identityLinkLog(after: string, maxResults: number): Promise<EngineIdentityLinkLogEntry[]> {
    return this.request('GET', `/history/identity-link-log?dateAfter=${encodeURIComponent(after)}&sortBy=time&sortOrder=asc&maxResults=${maxResults}`);
  }

  // --- the bundled engine's outbox of task changes (/jingbao-rest), for 待办's projection ---------

  /** The oldest task changes, left in place until acknowledged. */
  async takeTaskChanges(limit: number): Promise<EngineTaskChange[]> {
    return (await this.request<{ changes: EngineTaskChange[] }>('POST', '/task-changes/take', { limit }, 'product')).changes;
  }

  async acknowledgeTaskChanges(seqs: number[]): Promise<void> {
    if (seqs.length > 0) await this.request('POST', '/task-changes/ack', { seqs }, 'product');
  }

  /** The open tasks of these instances now, read in one consistent snapshot. */
  async taskSnapshots(processInstanceIds: string[]): Promise<EngineTaskSnapshot[]> {
    if (processInstanceIds.length === 0) return [];
    return (await this.request<{ tasks: EngineTaskSnapshot[] }>('POST', '/task-snapshots', { processInstanceIds }, 'product')).tasks;
  }

  /** Instances with open tasks, in id order after `after`. */
  async instancesWithTasks(after: string, limit: number): Promise<string[]> {
    return (await this.request<{ processInstanceIds: string[] }>('GET', `/task-instances?after=${encodeURIComponent(after)}&limit=${limit}`, undefined, 'product')).processInstanceIds;
  }

  async setAssignee(taskId: string, userId: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/assignee`, { userId });
  }

  async addComment(taskId: string, message: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/comment/create`, { message });
  }

  async completeTask(taskId: string, variables: Record<string, unknown>): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/complete`, { variables: toEngineVariables(variables) });
  }

  async externalTasks(processInstanceId: string): Promise<EngineExternalTask[]> {
    return this.request('GET', `/external-task?processInstanceId=${encodeURIComponent(processInstanceId)}`);
  }

  async incidents(processInstanceId: string): Promise<EngineIncident[]> {
    return this.request('GET', `/incident?processInstanceId=${encodeURIComponent(processInstanceId)}`);
  }

  async variables(processInstanceId: string): Promise<EngineVariables> {
    return this.request('GET', `/process-instance/${encodeURIComponent(processInstanceId)}/variables?deserializeValues=false`);
  }

  /**
   * Sends to the node that answered last, and on to the next node when one refuses the connection:
   * a refused connection never reached the engine, so even a start or a completion is safe to send
   * again. Any other failure (a timeout, a dropped answer) may have been carried out and is not retried.
   */
  private async send(method: string, path: string, init: RequestInit, api: EngineApi = 'engine'): Promise<Response> {
    let lastError: Error | undefined;
    for (let tried = 0; tried < this.baseUrls.length; tried++) {
      const node = (this.current + tried) % this.baseUrls.length;
      this.calls += 1;
      try {
        const base = api === 'engine' ? this.baseUrls[node] : this.baseUrls[node].replace(/\/engine-rest$/, '/jingbao-rest');
        const response = await fetch(base + path, init);
        if (node !== this.current) this.logger.warn(`engine node ${this.baseUrls[this.current]} refused; using ${this.baseUrls[node]}`);
        this.current = node;
        return response;
      } catch (error) {
        lastError = error as Error;
        const code = (lastError as { cause?: { code?: string } }).cause?.code;
        if (code !== 'ECONNREFUSED' && code !== 'EHOSTUNREACH') break;
      }
    }
    this.logger.warn(`${method} ${path} failed: ${lastError?.message}`);
    throw new EngineUnavailableError(lastError?.message ?? 'no engine node answered');
  }

  private async requestOrNull<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    try {
      return await this.request<T>(method, path, body);
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 404) return null;
      throw error;
    }
  }

  private async request<T>(method: string, path: string, body?: unknown, api: EngineApi = 'engine'): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...this.credentials };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await this.send(method, path, { method, headers, body: payload, signal: AbortSignal.timeout(30_000) }, api);
    const text = await response.text();
    if (!response.ok) {
      let type: string | undefined;
      let message = text;
      try {
        const parsed = JSON.parse(text) as { type?: string; message?: string };
        type = parsed.type;
        message = parsed.message ?? text;
      } catch {
        // not JSON: keep the raw text
      }
      throw new EngineRequestError(response.status, type, message);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
