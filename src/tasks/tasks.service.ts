import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BudgetAdjustmentsService } from '../budget/budget-adjustments.service';
import { APPROVAL_TASK, NEEDS_READING } from '../claims/approval-chain';
import { ApprovalStep } from '../claims/claim.entities';
import { ClaimsService } from '../claims/claims.service';
import { Clock } from '../common/clock';
import { dayNumber } from '../common/days';
import { fenToYuan, yuanToFen } from '../common/money';
import { EngineClient, EngineTask, TaskQuery } from '../engine/engine-client';
import type { Actor } from '../org/org.service';
import { OrgService } from '../org/org.service';
import { TravelRequestsService } from '../travel/travel-requests.service';
import { ApprovalOperationsService } from './approval-operations.service';
import type { StepOperation } from './task.views';
import type { TaskListQuery } from './dto/task-operations.dto';
import type { CopiedView, DoneView, Page, SubjectType, TaskView } from './task.views';

export type { CopiedView, DoneView, Page, SubjectType, TaskView } from './task.views';


const PROCESS_OF: Record<SubjectType, string> = {
  expense: 'expense-claim',
  travel: 'travel-claim',
  'travel-request': 'travel-request',
  'budget-adjustment': 'budget-adjustment',
};
const TYPE_OF_PROCESS = new Map(Object.entries(PROCESS_OF).map(([type, key]) => [key, type as SubjectType]));
const DECIDING_OPERATIONS = ['approve', 'reject', 'return', 'return-previous', 'transfer', 'delegate', 'resolve', 'add-signer-before', 'add-signer-after'];





/** The approvers' lists (待办, 已办, 抄送我的), paged, and one task with what its holder may do. */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly claims: ClaimsService,
    private readonly travelRequests: TravelRequestsService,
    private readonly adjustments: BudgetAdjustmentsService,
    private readonly org: OrgService,
    private readonly operations: ApprovalOperationsService,
    private readonly clock: Clock,
  ) {}

  /**
   * 待办: steps the caller holds, may claim through a group, or delegated and waits for. Filters and
   * paging run in the engine's own task query (on the process variables every instance carries),
   * so a page costs the same with ten or ten thousand open tasks.
   */
  async todo(actor: Actor, query: TaskListQuery): Promise<Page<TaskView>> {
    const page = query.page ?? 1;
    const size = query.size ?? 20;
    const engineQuery = this.engineQuery(actor, query);
    const [total, tasks] = await Promise.all([this.engine.countTasks(engineQuery), this.engine.queryTaskPage(engineQuery, (page - 1) * size, size)]);
    return { items: await this.describe(tasks), total, page, size };
  }

  async counts(actor: Actor): Promise<{ todo: number; copiedUnread: number; notificationsUnread: number }> {
    const [todo, [copied], [notifications]] = await Promise.all([
      this.engine.countTasks(this.engineQuery(actor, {})),
      this.dataSource.query(`SELECT count(*)::int AS count FROM claim_copy WHERE recipient = $1 AND read_at IS NULL`, [actor.username]),
      this.dataSource.query(`SELECT count(*)::int AS count FROM notification WHERE recipient = $1 AND read_at IS NULL`, [actor.username]),
    ]);
    return { todo, copiedUnread: copied.count, notificationsUnread: notifications.count };
  }

  /** 已办: the caller's operations on steps, newest first, with the claim or request they were about. */
  async done(actor: Actor, query: TaskListQuery): Promise<Page<DoneView>> {
    const page = query.page ?? 1;
    const size = query.size ?? 20;
    const where = ['a.actor = $1', `a.operation = ANY($2)`];
    const params: unknown[] = [actor.username, DECIDING_OPERATIONS];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.type === 'expense' || query.type === 'travel') add('c.type = ?', query.type);
    if (query.type === 'travel-request') where.push('a.travel_request_id IS NOT NULL');
    if (query.unit) add('coalesce(cu.code, ru.code) = ?', query.unit);
    if (query.minAmount) add('coalesce(c.total_fen, r.estimate_fen) >= ?', yuanToFen(query.minAmount));
    if (query.maxAmount) add('coalesce(c.total_fen, r.estimate_fen) <= ?', yuanToFen(query.maxAmount));
    if (query.from) add(`a.created_at >= (?::date - interval '8 hours')`, query.from);
    if (query.to) add(`a.created_at < (?::date + interval '16 hours')`, query.to);
    const from = `FROM approval_action a
      LEFT JOIN claim c ON c.id = a.claim_id LEFT JOIN org_unit cu ON cu.id = c.unit_id LEFT JOIN app_user cc ON cc.id = c.claimant_id
      LEFT JOIN travel_request r ON r.id = a.travel_request_id LEFT JOIN org_unit ru ON ru.id = r.unit_id LEFT JOIN app_user rr ON rr.id = r.requester_id
      WHERE ${where.join(' AND ')}`;
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count ${from}`, params);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT a.id, a.task_id, a.operation, a.target, a.comment, a.created_at, a.step, a.claim_id, a.travel_request_id,
              c.type, c.document->>'purpose' AS claim_purpose, r.purpose AS request_purpose, c.status AS claim_status, r.status AS request_status,
              coalesce(cc.username, rr.username) AS username, coalesce(cc.display_name, rr.display_name) AS display_name,
              coalesce(cu.name, ru.name) AS unit_name, coalesce(c.total_fen, r.estimate_fen) AS amount_fen
       ${from} ORDER BY a.created_at DESC, a.id DESC LIMIT ${size} OFFSET ${(page - 1) * size}`,
      params,
    );
    const items = rows.map((row): DoneView => ({
      actionId: String(row.id),
      taskId: row.task_id,
      operation: row.operation,
      target: row.target,
      comment: row.comment,
      at: new Date(row.created_at).toISOString(),
      step: row.step,
      type: row.claim_id ? row.type : row.travel_request_id ? 'travel-request' : null,
      claimId: row.claim_id,
      travelRequestId: row.travel_request_id,
      purpose: row.claim_purpose ?? row.request_purpose ?? null,
      claimant: row.username,
      claimantName: row.display_name,
      unit: row.unit_name,
      amount: row.amount_fen === null ? null : fenToYuan(Number(row.amount_fen)),
      status: row.claim_status ?? row.request_status ?? null,
    }));
    return { items, total: count, page, size };
  }

  /** 抄送我的: claims copied to the caller, newest first. */
  async copied(actor: Actor, query: TaskListQuery): Promise<Page<CopiedView>> {
    const page = query.page ?? 1;
    const size = query.size ?? 20;
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM claim_copy WHERE recipient = $1`, [actor.username]);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT k.claim_id, k.copied_by, k.comment, k.created_at, k.read_at, c.type, c.document->>'purpose' AS purpose, c.status, c.total_fen,
              u.username, u.display_name, o.name AS unit_name, cb.display_name AS copied_by_name
       FROM claim_copy k JOIN claim c ON c.id = k.claim_id JOIN app_user u ON u.id = c.claimant_id JOIN org_unit o ON o.id = c.unit_id
       LEFT JOIN app_user cb ON cb.username = k.copied_by
       WHERE k.recipient = $1 ORDER BY k.created_at DESC LIMIT ${size} OFFSET ${(page - 1) * size}`,
      [actor.username],
    );
    const items = rows.map((row): CopiedView => ({
      claimId: row.claim_id,
      type: row.type,
      purpose: row.purpose,
      claimant: row.username,
      claimantName: row.display_name,
      unit: row.unit_name,
      amount: fenToYuan(Number(row.total_fen)),
      status: row.status,
      copiedBy: row.copied_by,
      copiedByName: row.copied_by_name ?? row.copied_by,
      comment: row.comment,
      at: new Date(row.created_at).toISOString(),
      read: row.read_at !== null,
    }));
    return { items, total: count, page, size };
  }

  /** Marks a copied claim read when the recipient opens it. */
  async markCopyRead(actor: Actor, claimId: string): Promise<void> {
    await this.dataSource.query(`UPDATE claim_copy SET read_at = now() WHERE claim_id = $1 AND recipient = $2 AND read_at IS NULL`, [claimId, actor.username]);
  }

  /** One open task: what it is about, where its chain stands, and what the caller may do to it. */
  async detail(actor: Actor, taskId: string): Promise<{ task: TaskView; operations: StepOperation[]; chain: (ApprovalStep & { state: 'done' | 'current' | 'waiting' })[]; stepIndex: number | null; holders: { username: string; displayName: string }[] }> {
    const ctx = await this.operations.context(taskId);
    const [view] = await this.describe([ctx.task]);
    const operations = await this.operations.operations(actor, ctx);
    const mayRead = operations.length > 0 || ctx.task.owner === actor.username || ctx.task.assignee === actor.username;
    if (!mayRead) {
      // Someone who neither holds nor delegated the step sees it only if they may read its subject.
      if (ctx.claim) await this.claims.view(actor, ctx.claim.id);
      else if (ctx.request) await this.travelRequests.view(actor, ctx.request.id);
    }
    const index = ctx.claim && ctx.task.taskDefinitionKey === APPROVAL_TASK ? await this.engine.variable<number>(ctx.task.processInstanceId, 'approvalIndex') : null;
    const chain = (ctx.claim?.approvalChain ?? []).map((step, i) => ({ ...step, state: index === null ? ('waiting' as const) : i < index ? ('done' as const) : i === index ? ('current' as const) : ('waiting' as const) }));
    const holders = await this.operations.holdersOf(ctx.task);
    const names = await this.org.displayNames(holders);
    return { task: view, operations, chain, stepIndex: typeof index === 'number' ? index : null, holders: holders.map((username) => ({ username, displayName: names.get(username) ?? username })) };
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
      processDefinitionKeys: query.type ? [PROCESS_OF[query.type]] : undefined,
      businessKey: query.subject,
      dueBefore: query.overdue ? this.clock.now().toISOString().replace('Z', '+0000') : undefined,
      processVariables: variables,
      sorting,
    };
  }

  /** Engine tasks with what they are about, looked up for this page only. */
  private async describe(tasks: EngineTask[]): Promise<TaskView[]> {
    if (tasks.length === 0) return [];
    const instanceIds = [...new Set(tasks.map((t) => t.processInstanceId))];
    const taskIds = tasks.map((t) => t.id);
    const [claims, requests, adjustments, escalations, indexes] = await Promise.all([
      this.claims.findByProcessInstanceIds(instanceIds),
      this.travelRequests.findByProcessInstanceIds(instanceIds),
      this.adjustments.findByProcessInstanceIds(instanceIds),
      this.dataSource.query(`SELECT DISTINCT task_id FROM approval_action WHERE operation = 'escalate' AND task_id = ANY($1)`, [taskIds]) as Promise<{ task_id: string }[]>,
      this.engine.variableOfInstances<number>('approvalIndex', instanceIds),
    ]);
    const claimIds = claims.map((c) => c.id);
    const needsReading: { claim_id: string }[] = claimIds.length
      ? await this.dataSource.query(`SELECT DISTINCT claim_id FROM claim_finding WHERE claim_id = ANY($1) AND severity = ANY($2)`, [claimIds, NEEDS_READING])
      : [];
    const unclean = new Set(needsReading.map((r) => r.claim_id));
    const escalated = new Set(escalations.map((r) => r.task_id));
    const claimByInstance = new Map(claims.map((claim) => [claim.processInstanceId, claim]));
    const requestByInstance = new Map(requests.map((request) => [request.processInstanceId, request]));
    const adjustmentByInstance = new Map(adjustments.map((a) => [a.processInstanceId, a]));
    const proposers = await this.org.displayNames(adjustments.map((a) => a.proposedBy));
    const now = this.clock.now().getTime();
    return tasks.map((task): TaskView => {
      const claim = claimByInstance.get(task.processInstanceId);
      const request = requestByInstance.get(task.processInstanceId);
      const adjustment = adjustmentByInstance.get(task.processInstanceId);
      const definitionKey = task.processDefinitionId.split(':')[0];
      return {
        id: task.id,
        name: task.name,
        taskDefinitionKey: task.taskDefinitionKey,
        subject: claim ? 'claim' : request ? 'travel-request' : adjustment ? 'budget-adjustment' : null,
        type: TYPE_OF_PROCESS.get(definitionKey) ?? null,
        claimId: claim?.id ?? null,
        travelRequestId: request?.id ?? null,
        budgetAdjustmentId: adjustment?.id ?? null,
        claimStatus: claim?.status ?? null,
        purpose: claim?.document.purpose ?? request?.purpose ?? adjustment?.reason ?? null,
        claimant: claim?.claimant.username ?? request?.requester.username ?? adjustment?.proposedBy ?? null,
        claimantName: claim?.claimant.displayName ?? request?.requester.displayName ?? (adjustment ? proposers.get(adjustment.proposedBy) ?? adjustment.proposedBy : null),
        unit: claim?.unit.name ?? request?.unit.name ?? adjustment?.fromLine.unit.name ?? null,
        unitCode: claim?.unit.code ?? request?.unit.code ?? adjustment?.fromLine.unit.code ?? null,
        amount: claim ? fenToYuan(claim.totalFen) : request ? fenToYuan(request.estimateFen) : adjustment ? fenToYuan(adjustment.amountFen) : null,
        submittedOn: claim?.submittedOn ?? (request ? request.createdAt.toISOString().slice(0, 10) : null),
        created: task.created,
        due: task.due,
        overdue: task.due !== null && Date.parse(task.due) < now,
        escalated: escalated.has(task.id),
        assignee: task.assignee,
        delegatedBy: task.delegationState === 'PENDING' ? task.owner ?? null : null,
        step: claim && task.taskDefinitionKey === APPROVAL_TASK ? claim.approvalChain?.[indexes.get(task.processInstanceId) ?? -1]?.step ?? null : null,
        clean: claim ? !unclean.has(claim.id) : false,
      };
    });
  }
}
