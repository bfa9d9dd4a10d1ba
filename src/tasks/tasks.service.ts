import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { dayNumber } from '../common/days';
import { RequestValidationError } from '../common/domain-error';
import { yuanToFen } from '../common/money';
import { bilingual } from '../common/validation';
import { EngineClient, EngineTask, TaskQuery } from '../engine/engine-client';
import type { Actor } from '../org/org.service';
import { OrgService } from '../org/org.service';
import { APPROVAL_TASK, ApprovalStep } from '../subjects/approval-loop';
import type { SubjectRef } from '../subjects/subject';
import { SubjectInvolvement } from '../subjects/subject-involvement';
import { SubjectRegistry, subjectKey } from '../subjects/subject-registry';
import { ApprovalOperationsService } from './approval-operations.service';
import { OpenTaskFilter, OpenTaskOrder, OpenTaskProjection, OpenTaskRow } from './open-tasks.projection';
import type { TaskListQuery } from './dto/task-operations.dto';
import { processKeyOf, summaryOf } from './subject-summary';
import type { CopiedView, DoneView, Page, StepOperation, TaskView } from './task.views';

export type { CopiedView, DoneView, Page, TaskView } from './task.views';

const DECIDING_OPERATIONS = ['approve', 'reject', 'return', 'return-previous', 'transfer', 'delegate', 'resolve', 'add-signer-before', 'add-signer-after'];

/** The approvers' lists (待办, 已办, 抄送我的), paged, and one task with what its holder may do — for every kind of subject. */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly subjects: SubjectRegistry,
    private readonly org: OrgService,
    private readonly operations: ApprovalOperationsService,
    private readonly clock: Clock,
    private readonly involvement: SubjectInvolvement,
    private readonly projection: OpenTaskProjection,
  ) {}

  /**
   * 待办: steps the caller holds, may claim through a group, or delegated and waits for. Answered from
   * the projection of open tasks (filters and sorts on indexed columns, docs/task-projection.md), the
   * page checked against the engine first; from the engine's own task query while the projection is
   * not serving (never built yet, or its outbox undrained).
   */
  async todo(actor: Actor, query: TaskListQuery): Promise<Page<TaskView>> {
    const page = query.page ?? 1;
    const size = query.size ?? 20;
    if (!(await this.projection.serving())) return this.todoFromEngine(actor, query);
    const filter = this.projectionFilter(actor, query);
    const order: OpenTaskOrder = { sort: query.sort ?? 'created', order: query.order ?? (query.sort === 'amount' ? 'desc' : 'asc') };
    let found = await this.projection.page(filter, order, (page - 1) * size, size);
    // A row the engine no longer holds as stored is refreshed, and the page read again.
    if (await this.projection.repair(found.rows)) found = await this.projection.page(filter, order, (page - 1) * size, size);
    return { items: await this.describe(found.rows.map(taskOfRow), new Map(found.rows.map((r) => [r.process_instance_id, r.approval_index]))), total: found.total, page, size };
  }

  /** 待办 from the engine's task query (on the process variables every instance carries). */
  private async todoFromEngine(actor: Actor, query: TaskListQuery): Promise<Page<TaskView>> {
    const page = query.page ?? 1;
    const size = query.size ?? 20;
    const engineQuery = this.engineQuery(actor, query);
    const [total, tasks] = await Promise.all([this.engine.countTasks(engineQuery), this.engine.queryTaskPage(engineQuery, (page - 1) * size, size)]);
    return { items: await this.describe(tasks), total, page, size };
  }

  async counts(actor: Actor): Promise<{ todo: number; copiedUnread: number; notificationsUnread: number }> {
    const [todo, [copied], [notifications]] = await Promise.all([
      this.projection.serving().then((serving) => (serving ? this.projection.count(this.projectionFilter(actor, {})) : this.engine.countTasks(this.engineQuery(actor, {})))),
      this.dataSource.query(`SELECT count(*)::int AS count FROM subject_copy WHERE recipient = $1 AND read_at IS NULL`, [actor.username]),
      this.dataSource.query(`SELECT count(*)::int AS count FROM notification WHERE recipient = $1 AND read_at IS NULL`, [actor.username]),
    ]);
    return { todo, copiedUnread: copied.count, notificationsUnread: notifications.count };
  }

  /**
   * 已办: the caller's operations on steps, newest first, with the subject they were about. The
   * filters read the unit and amount the action kept, so they need no join per kind.
   */
  async done(actor: Actor, query: TaskListQuery): Promise<Page<DoneView>> {
    const page = query.page ?? 1;
    const size = query.size ?? 20;
    const where = ['a.actor = $1', `a.operation = ANY($2)`];
    const params: unknown[] = [actor.username, DECIDING_OPERATIONS];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.kind) add('a.subject_kind = ?', this.knownKind(query.kind));
    if (query.subject) add('a.subject_id = ?', query.subject);
    if (query.unit) add('a.unit_code = ?', query.unit);
    if (query.minAmount) add('a.amount_fen >= ?', yuanToFen(query.minAmount));
    if (query.maxAmount) add('a.amount_fen <= ?', yuanToFen(query.maxAmount));
    if (query.from) add(`a.created_at >= (?::date - interval '8 hours')`, query.from);
    if (query.to) add(`a.created_at < (?::date + interval '16 hours')`, query.to);
    const from = `FROM approval_action a WHERE ${where.join(' AND ')}`;
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count ${from}`, params);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT a.id, a.task_id, a.operation, a.target, a.comment, a.created_at, a.step, a.subject_kind, a.subject_id
       ${from} ORDER BY a.created_at DESC, a.id DESC LIMIT ${size} OFFSET ${(page - 1) * size}`,
      params,
    );
    const subjects = await this.subjects.loadMany(rows.filter((r) => r.subject_kind).map((r) => ({ kind: r.subject_kind, id: r.subject_id })));
    const items = rows.map((row): DoneView => ({
      ...summaryOf(row.subject_kind ? subjects.get(subjectKey({ kind: row.subject_kind, id: row.subject_id })) : undefined),
      actionId: String(row.id),
      taskId: row.task_id,
      operation: row.operation,
      target: row.target,
      comment: row.comment,
      at: new Date(row.created_at).toISOString(),
      step: row.step,
    }));
    return { items, total: count, page, size };
  }

  /** 抄送我的: subjects copied to the caller, newest first. */
  async copied(actor: Actor, query: TaskListQuery): Promise<Page<CopiedView>> {
    const page = query.page ?? 1;
    const size = query.size ?? 20;
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM subject_copy WHERE recipient = $1`, [actor.username]);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT k.subject_kind, k.subject_id, k.copied_by, k.comment, k.created_at, k.read_at, cb.display_name AS copied_by_name
       FROM subject_copy k LEFT JOIN app_user cb ON cb.username = k.copied_by
       WHERE k.recipient = $1 ORDER BY k.created_at DESC LIMIT ${size} OFFSET ${(page - 1) * size}`,
      [actor.username],
    );
    const subjects = await this.subjects.loadMany(rows.map((r) => ({ kind: r.subject_kind, id: r.subject_id })));
    const items = rows.map((row): CopiedView => ({
      ...summaryOf(subjects.get(subjectKey({ kind: row.subject_kind, id: row.subject_id }))),
      kind: row.subject_kind,
      subjectId: row.subject_id,
      copiedBy: row.copied_by,
      copiedByName: row.copied_by_name ?? row.copied_by,
      comment: row.comment,
      at: new Date(row.created_at).toISOString(),
      read: row.read_at !== null,
    }));
    return { items, total: count, page, size };
  }

  /** Marks a copied subject read when the recipient opens it. */
  async markCopyRead(actor: Actor, ref: SubjectRef): Promise<void> {
    await this.involvement.markCopyRead(ref, actor.username);
  }

  /** One open task: what it is about, where its chain stands, and what the caller may do to it. */
  async detail(actor: Actor, taskId: string): Promise<{ task: TaskView; operations: StepOperation[]; chain: (ApprovalStep & { state: 'done' | 'current' | 'waiting' })[]; stepIndex: number | null; holders: { username: string; displayName: string }[] }> {
    const ctx = await this.operations.context(taskId);
    const [view] = await this.describe([ctx.task]);
    const operations = await this.operations.operations(actor, ctx);
    const mayRead = operations.length > 0 || ctx.task.owner === actor.username || ctx.task.assignee === actor.username;
    // Someone who neither holds nor delegated the step sees it only if they may read its subject.
    if (!mayRead && ctx.subject) await this.subjects.get(ctx.subject.kind).assertVisible(actor, ctx.subject.id);
    const index = ctx.subject?.chain && ctx.task.taskDefinitionKey === APPROVAL_TASK ? await this.engine.variable<number>(ctx.task.processInstanceId, 'approvalIndex') : null;
    const chain = (ctx.subject?.chain ?? []).map((step, i) => ({ ...step, state: index === null ? ('waiting' as const) : i < index ? ('done' as const) : i === index ? ('current' as const) : ('waiting' as const) }));
    const holders = await this.operations.holdersOf(ctx.task);
    const names = await this.org.displayNames(holders);
    return { task: view, operations, chain, stepIndex: typeof index === 'number' ? index : null, holders: holders.map((username) => ({ username, displayName: names.get(username) ?? username })) };
  }

  kinds(): { kind: string; label: { zh: string; en: string } }[] {
    return this.subjects.names().map((kind) => ({ kind, label: this.subjects.get(kind).label }));
  }

  /** The kind filter names a registered kind, or the request is refused naming the field. */
  private knownKind(kind: string): string {
    if (!this.subjects.has(kind)) {
      throw new RequestValidationError([{ field: 'kind', message: bilingual(`类型应为 ${this.subjects.names().join('、')} 之一`, `kind must be one of ${this.subjects.names().join(', ')}`) }]);
    }
    return kind;
  }

  private projectionFilter(actor: Actor, query: TaskListQuery): OpenTaskFilter {
    return {
      username: actor.username,
      groups: actor.groups,
      processDefinitionKeys: query.kind ? [...this.subjects.get(this.knownKind(query.kind)).processKeys] : undefined,
      subjectId: query.subject,
      unitCode: query.unit,
      minFen: query.minAmount ? yuanToFen(query.minAmount) : undefined,
      maxFen: query.maxAmount ? yuanToFen(query.maxAmount) : undefined,
      submittedFrom: query.from ? dayNumber(query.from) : undefined,
      submittedTo: query.to ? dayNumber(query.to) : undefined,
      dueBefore: query.overdue ? this.clock.now() : undefined,
    };
  }

  private engineQuery(actor: Actor, query: TaskListQuery): TaskQuery {
    const variables: TaskQuery['processVariables'] = [];
    if (query.unit) variables.push({ name: 'unitCode', operator: 'eq', value: query.unit });
    if (query.minAmount) variables.push({ name: 'amountFen', operator: 'gteq', value: yuanToFen(query.minAmount) });
    if (query.maxAmount) variables.push({ name: 'amountFen', operator: 'lteq', value: yuanToFen(query.maxAmount) });
    if (query.from) variables.push({ name: 'submittedOn', operator: 'gteq', value: dayNumber(query.from) });
    if (query.to) variables.push({ name: 'submittedOn', operator: 'lteq', value: dayNumber(query.to) });
    const order = query.order ?? (query.sort === 'amount' ? 'desc' : 'asc');
    const sorting: TaskQuery['sorting'] =
      query.sort === 'amount'
        ? [{ sortBy: 'processVariable', sortOrder: order, parameters: { variable: 'amountFen', type: 'Integer' } }]
        : [{ sortBy: query.sort === 'due' ? 'dueDate' : 'created', sortOrder: order }];
    return {
      workableBy: { userId: actor.username, groups: actor.groups, owner: true },
      processDefinitionKeys: query.kind ? [...this.subjects.get(this.knownKind(query.kind)).processKeys] : undefined,
      businessKey: query.subject,
      dueBefore: query.overdue ? this.clock.now().toISOString().replace('Z', '+0000') : undefined,
      processVariables: variables,
      sorting,
    };
  }

  /** Tasks with what they are about, looked up for this page only; the chain's indexes read from the engine unless given. */
  private async describe(tasks: EngineTask[], knownIndexes?: Map<string, number | null>): Promise<TaskView[]> {
    if (tasks.length === 0) return [];
    const instanceIds = [...new Set(tasks.map((t) => t.processInstanceId))];
    const taskIds = tasks.map((t) => t.id);
    const [subjects, escalations, indexes] = await Promise.all([
      this.subjects.byInstances(tasks.map((t) => ({ processInstanceId: t.processInstanceId, processDefinitionKey: processKeyOf(t.processDefinitionId) }))),
      this.dataSource.query(`SELECT DISTINCT task_id FROM approval_action WHERE operation = 'escalate' AND task_id = ANY($1)`, [taskIds]) as Promise<{ task_id: string }[]>,
      knownIndexes ?? this.engine.variableOfInstances<number | null>('approvalIndex', instanceIds),
    ]);
    const escalated = new Set(escalations.map((r) => r.task_id));
    const now = this.clock.now().getTime();
    return tasks.map((task): TaskView => {
      const subject = subjects.get(task.processInstanceId);
      return {
        ...summaryOf(subject),
        id: task.id,
        name: task.name,
        taskDefinitionKey: task.taskDefinitionKey,
        created: task.created,
        due: task.due,
        overdue: task.due !== null && Date.parse(task.due) < now,
        escalated: escalated.has(task.id),
        assignee: task.assignee,
        delegatedBy: task.delegationState === 'PENDING' ? task.owner ?? null : null,
        step: subject?.chain && task.taskDefinitionKey === APPROVAL_TASK ? (subject.chain[indexes.get(task.processInstanceId) ?? -1]?.step ?? null) : null,
        clean: subject?.clean ?? false,
      };
    });
  }
}

/** A projected row in the shape the engine's task query answers. */
function taskOfRow(row: OpenTaskRow): EngineTask {
  const iso = (value: string | Date) => new Date(value).toISOString();
  return {
    id: row.task_id,
    name: row.name,
    assignee: row.assignee,
    created: iso(row.created),
    due: row.due === null ? null : iso(row.due),
    followUp: null,
    taskDefinitionKey: row.task_definition_key,
    processInstanceId: row.process_instance_id,
    processDefinitionId: row.process_definition_id,
    description: null,
    owner: row.owner,
    delegationState: row.delegation_state,
  };
}
