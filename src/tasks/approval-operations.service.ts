import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { Clock } from '../common/clock';
import { EngineClient, EngineIdentityLink, EngineRequestError, EngineTask } from '../engine/engine-client';
import { NotificationKind } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import type { Actor } from '../org/org.service';
import { OrgService } from '../org/org.service';
import { ApprovalAction, ApprovalOperation, SubjectCopy } from '../subjects/approval.entities';
import { APPROVAL_TASK, ApprovalNext, ApprovalStep, REVISE_TASK, stepVariables } from '../subjects/approval-loop';
import type { Subject, SubjectDecision, SubjectKind, SubjectRef } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { OpenTaskProjection } from './open-tasks.projection';
import { processKeyOf } from './subject-summary';
import type { BatchOutcome, StepOperation } from './task.views';
import {
  SubjectOperationForbiddenError,
  TaskAlreadyDecidedError,
  TaskDecisionNotAllowedError,
  TaskFirstStepError,
  TaskForbiddenError,
  TaskNotAnApprovalError,
  TaskNotFoundError,
  TaskOfOwnClaimError,
  TaskOperationNotAllowedError,
  TaskTargetRefusedError,
  UrgeTooSoonError,
} from './task.errors';

export type { StepOperation } from './task.views';

/** Engine ids: uuids, or the numeric ids of an engine with the database id generator. */
export const ENGINE_ID = /^[A-Za-z0-9-]{1,64}$/;
const URGE_INTERVAL_MS = 3600_000;
/** Entries of the identity-link log read at once; a fuller page means some were left out, and each step is asked on its own. */
const LINK_LOG_PAGE = 1000;


/** A task with what it is about, loaded once per operation. */
export interface StepContext {
  task: EngineTask;
  /** The subject the step decides on, and its kind; null for an instance no kind knows. */
  subject: Subject | null;
  kind: SubjectKind | null;
  /** Who filed what the step decides on: nobody may hold a step of their own. */
  submitter: string | null;
}

/** A step of a subject whose flow walks the shared approval loop. */
type ChainContext = StepContext & { subject: Subject; kind: SubjectKind & { chain: NonNullable<SubjectKind['chain']> } };

/**
 * Every operation on an approval step (the contract in the spec's "Approval operations" table),
 * on the engine's own primitives: the assignee and candidate links (transfer), delegateTask and
 * resolveTask (delegate and send back), and completion variables that move the approval loop to
 * the next, the previous or an inserted step. Each is recorded in approval_action, the engine's
 * task comments and the audit trail, and notifies the people it concerns.
 */
@Injectable()
export class ApprovalOperationsService {
  private readonly logger = new Logger(ApprovalOperationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly subjects: SubjectRegistry,
    private readonly org: OrgService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly deadline: ApprovalDeadline,
    private readonly clock: Clock,
    private readonly projection: OpenTaskProjection,
  ) {}

  /** The task and its subject; 404 when the task is gone. */
  async context(taskId: string): Promise<StepContext> {
    const task = ENGINE_ID.test(taskId) ? await this.engine.getTask(taskId) : null;
    if (!task) throw new TaskNotFoundError(taskId);
    const subject = (await this.subjects.byInstances([{ processInstanceId: task.processInstanceId, processDefinitionKey: processKeyOf(task.processDefinitionId) }])).get(task.processInstanceId) ?? null;
    return { task, subject, kind: subject ? this.subjects.get(subject.kind) : null, submitter: subject?.submitter ?? null };
  }

  /** Whether the actor holds the step: its assignee, or, while unassigned, a candidate by name or group. */
  async holds(actor: Actor, task: EngineTask): Promise<boolean> {
    if (task.assignee) return task.assignee === actor.username;
    const links = await this.engine.taskIdentityLinks(task.id);
    return links.some((link) => link.type === 'candidate' && ((link.userId !== null && link.userId === actor.username) || (link.groupId !== null && actor.groups.includes(link.groupId))));
  }

  /** What the actor may do to the step now; empty when they do not hold it. */
  async operations(actor: Actor, ctx: StepContext): Promise<StepOperation[]> {
    const { task } = ctx;
    if (task.taskDefinitionKey === REVISE_TASK || ctx.submitter === actor.username || ctx.subject?.parties?.includes(actor.username)) return [];
    if (task.delegationState === 'PENDING') return task.assignee === actor.username ? ['resolve'] : [];
    if (!(await this.holds(actor, task))) return [];
    const ops: StepOperation[] = ['approve', 'reject'];
    if (ctx.kind?.returnable) ops.push('return');
    const index = await this.stepIndex(ctx);
    if (index !== null && index > 0) ops.push('return-previous');
    ops.push('transfer', 'delegate');
    if (index !== null) ops.push('add-signer-before', 'add-signer-after');
    if (ctx.subject) ops.push('copy');
    return ops;
  }

  // --- decisions -------------------------------------------------------------------------------

  async approve(actor: Actor, taskId: string, comment?: string): Promise<{ taskId: string; kind: string | null; subjectId: string | null; decision: 'approve' }> {
    const ctx = await this.holderContext(actor, taskId);
    if (!this.walksChain(ctx)) {
      await this.complete(actor, ctx, 'approve', { decision: 'approve', approver: actor.username, approvalComment: comment ?? '' }, comment);
    } else {
      await this.inChainLock(ctx, async (tx, chain) => {
        const index = await this.stepIndex(ctx);
        const last = index === null || index + 1 >= chain.length;
        const next: ApprovalNext = last ? 'done' : 'step';
        const variables = { decision: 'approve', approvalNext: next, approver: actor.username, approvalComment: comment ?? '', ...(last ? {} : stepVariables(chain, index! + 1, this.deadline.fromNow())) };
        await this.complete(actor, ctx, 'approve', variables, comment, tx, index);
      });
    }
    await this.decided(ctx, 'approve', actor, comment);
    return { taskId, ...this.ref(ctx), decision: 'approve' };
  }

  async reject(actor: Actor, taskId: string, comment: string) {
    const ctx = await this.holderContext(actor, taskId);
    await this.complete(actor, ctx, 'reject', { decision: 'reject', approvalNext: 'end', approver: actor.username, approvalComment: comment }, comment, undefined, await this.stepIndex(ctx));
    await this.decided(ctx, 'reject', actor, comment);
    return { taskId, ...this.ref(ctx), decision: 'reject' as const };
  }

  /** Back to the submitter, who revises in the same form; screening and the chain start again. */
  async returnToSubmitter(actor: Actor, taskId: string, comment: string) {
    const ctx = await this.holderContext(actor, taskId);
    if (!ctx.kind?.returnable) throw new TaskDecisionNotAllowedError('return');
    const variables = { decision: 'return', approvalNext: 'end', approver: actor.username, approvalComment: comment };
    if (this.walksChain(ctx)) await this.inChainLock(ctx, async (tx) => this.complete(actor, ctx, 'return', variables, comment, tx, await this.stepIndex(ctx)));
    else await this.complete(actor, ctx, 'return', variables, comment);
    await this.decided(ctx, 'return', actor, comment);
    return { taskId, ...this.ref(ctx), decision: 'return' as const };
  }

  /** Back to whoever approved the step before this one; refused on the first step. */
  async returnToPrevious(actor: Actor, taskId: string, comment: string) {
    const ctx = await this.holderContext(actor, taskId);
    const index = await this.chainStep(ctx, 'return-previous');
    if (index === 0) throw new TaskFirstStepError();
    await this.inChainLock(ctx as ChainContext, async (tx, chain) => {
      const previous = await tx.getRepository(ApprovalAction).findOne({
        where: { subjectKind: ctx.subject!.kind, subjectId: ctx.subject!.id, stepIndex: index - 1, operation: 'approve' },
        order: { createdAt: 'DESC', id: 'DESC' },
      });
      const variables = { decision: 'return-previous', approvalNext: 'step', approver: actor.username, approvalComment: comment, ...stepVariables(chain, index - 1, this.deadline.fromNow(), previous?.actor) };
      await this.complete(actor, ctx, 'return-previous', variables, comment, tx, index, previous?.actor ?? null);
    });
    return { taskId, ...this.ref(ctx), decision: 'return-previous' as const };
  }

  // --- handing the step on --------------------------------------------------------------------

  /** Someone else holds the step instead; the transferor no longer sees it. */
  async transfer(actor: Actor, taskId: string, to: string, comment?: string) {
    const ctx = await this.holderContext(actor, taskId);
    if (ctx.task.delegationState === 'PENDING') throw this.notOffered('transfer', '委派中的任务不能转办', 'A delegated task cannot be transferred');
    await this.checkTarget(actor, ctx, to);
    await this.guarded(ctx.task.id, () => this.engine.setAssignee(ctx.task.id, to));
    await this.projection.refreshQuietly([ctx.task.processInstanceId]);
    await this.record(actor, ctx, 'transfer', comment, to, await this.stepIndex(ctx));
    await this.notifyPeople([to], 'transferred', ctx, actor, comment);
    return { taskId, transferredTo: to };
  }

  /**
   * An administrator hands a step on because its holder left (deactivation): recorded as a transfer
   * by the administrator, with the reason, and the new holder is told. Null when every successor
   * filed what the step decides.
   */
  async handOver(admin: Actor, taskId: string, successors: string[], reason: string) {
    const ctx = await this.context(taskId);
    // Nobody holds a step of their own claim: the next successor takes it then.
    const to = successors.find((username) => username !== ctx.submitter);
    if (!to) return null;
    await this.guarded(ctx.task.id, async () => {
      // A step delegated out comes back to its owner first, so the new holder decides it.
      if (ctx.task.delegationState === 'PENDING') await this.engine.resolveTask(ctx.task.id, {});
      if (ctx.task.owner) await this.engine.clearOwner(ctx.task.id, ctx.task.owner);
      await this.engine.setAssignee(ctx.task.id, to);
    });
    await this.projection.refreshQuietly([ctx.task.processInstanceId]);
    await this.record(admin, ctx, 'transfer', reason, to, await this.stepIndex(ctx));
    await this.notifyPeople([to], 'transferred', ctx, admin, reason);
    return { taskId, ...this.ref(ctx), to };
  }

  /** A named person works the step and sends it back with an opinion; the delegator still decides. */
  async delegate(actor: Actor, taskId: string, to: string, comment?: string) {
    const ctx = await this.holderContext(actor, taskId);
    if (ctx.task.delegationState === 'PENDING') throw this.notOffered('delegate', '该任务已在委派中', 'The task is already delegated');
    await this.checkTarget(actor, ctx, to);
    await this.guarded(ctx.task.id, async () => {
      // The engine makes the assignee the owner who gets the task back: claim it first if the group holds it.
      if (!ctx.task.assignee) await this.engine.setAssignee(ctx.task.id, actor.username);
      await this.engine.delegateTask(ctx.task.id, to);
    });
    await this.projection.refreshQuietly([ctx.task.processInstanceId]);
    await this.record(actor, ctx, 'delegate', comment, to, await this.stepIndex(ctx));
    await this.notifyPeople([to], 'delegated', ctx, actor, comment);
    return { taskId, delegatedTo: to };
  }

  /** The delegate's answer: the step goes back to the delegator with the opinion as a comment. */
  async resolve(actor: Actor, taskId: string, comment?: string) {
    const ctx = await this.context(taskId);
    if (ctx.task.delegationState !== 'PENDING' || ctx.task.assignee !== actor.username) throw new TaskForbiddenError();
    const owner = ctx.task.owner ?? null;
    await this.guarded(ctx.task.id, async () => {
      if (comment) await this.engine.addComment(ctx.task.id, `${actor.displayName}（${actor.username}）委派意见：${comment}`);
      await this.engine.resolveTask(ctx.task.id, {});
      // The step is back with its holder: a later transfer must take it out of their list.
      if (owner) await this.engine.clearOwner(ctx.task.id, owner);
    });
    await this.projection.refreshQuietly([ctx.task.processInstanceId]);
    await this.record(actor, ctx, 'resolve', comment, owner, await this.stepIndex(ctx), false);
    if (owner) await this.notifyPeople([owner], 'new-task', ctx, actor, comment);
    return { taskId, returnedTo: owner };
  }

  /**
   * 加签. Before: the named person approves first — a step for them is inserted here and the
   * holder's own step follows it, so the step waits and then returns to the holder. After: the named
   * person becomes an extra step right after this one.
   */
  async addSigner(actor: Actor, taskId: string, to: string, position: 'before' | 'after', comment?: string) {
    const operation: ApprovalOperation = position === 'before' ? 'add-signer-before' : 'add-signer-after';
    const ctx = await this.holderContext(actor, taskId);
    const index = await this.chainStep(ctx, operation);
    if (ctx.task.delegationState === 'PENDING') throw this.notOffered(operation, '委派中的任务不能加签', 'A delegated task cannot take an added signer');
    await this.checkTarget(actor, ctx, to);
    const signer: ApprovalStep = {
      step: 'added-signer',
      group: `user:${to}`,
      assignee: to,
      addedBy: actor.username,
      reason: { zh: `${actor.displayName}加签${comment ? `：${comment}` : ''}`, en: `Signer added by ${actor.username}${comment ? `: ${comment}` : ''}` },
    };
    await this.inChainLock(ctx as ChainContext, async (tx, chain) => {
      if (position === 'after') {
        const updated = [...chain.slice(0, index + 1), signer, ...chain.slice(index + 1)];
        await this.saveChain(tx, ctx as ChainContext, updated);
        // The step stays with its holder; only the chain grows (checked still open under the lock).
        if (!(await this.engine.getTask(ctx.task.id))) throw new TaskAlreadyDecidedError(ctx.task.id);
        await this.record(actor, ctx, operation, comment, to, index, true, tx);
        return;
      }
      const updated = [...chain.slice(0, index), signer, { ...chain[index], assignee: actor.username }, ...chain.slice(index + 1)];
      await this.saveChain(tx, ctx as ChainContext, updated);
      const variables = { decision: 'add-signer-before', approvalNext: 'step', approver: actor.username, approvalComment: comment ?? '', ...stepVariables(updated, index, this.deadline.fromNow()) };
      await this.complete(actor, ctx, operation, variables, comment, tx, index, to);
    });
    return { taskId, signer: to, position };
  }

  // --- the subject as a whole ----------------------------------------------------------------

  /** 抄送: the submitter or a holder lets named people read the subject. */
  async copy(actor: Actor, ref: SubjectRef, to: string[], comment?: string) {
    const subject = await this.subjects.load(ref);
    const instanceId = subject.processInstanceId;
    const open = instanceId ? await this.engine.queryTasks({ processInstanceId: instanceId }) : [];
    const isSubmitter = subject.submitter === actor.username;
    const holder = !isSubmitter && (await this.anyHeld(actor, open));
    if (!isSubmitter && !holder) throw new SubjectOperationForbiddenError('只有提交人或当前审批人可以抄送', 'Only the submitter or a current approver may copy it');
    const people = [...new Set(to)];
    const known = await this.org.displayNames(people);
    const unknown = people.find((username) => !known.has(username));
    if (unknown) throw new TaskTargetRefusedError('unknown', unknown);
    if (people.includes(actor.username)) throw new TaskTargetRefusedError('self', actor.username);
    await this.dataSource.transaction(async (tx) => {
      await tx.createQueryBuilder().insert().into(SubjectCopy)
        .values(people.map((recipient) => ({ subjectKind: subject.kind, subjectId: subject.id, recipient, copiedBy: actor.username, comment: comment ?? null }))).orIgnore().execute();
      await tx.getRepository(ApprovalAction).insert(
        people.map((recipient) => ({ ...this.actionSubject(subject), processInstanceId: instanceId ?? '', taskId: null, step: null, stepIndex: null, operation: 'copy' as const, actor: actor.username, target: recipient, comment: comment ?? null })),
      );
    });
    await this.notifications.notify(people, { kind: 'copied', subject: ref, actor: actor.username, params: { purpose: subject.title, comment: comment ?? null, actorName: actor.displayName } });
    return { kind: subject.kind, subjectId: subject.id, copiedTo: people };
  }

  /** 催办: the submitter, or a holder of an earlier step, reminds the current holder; once an hour per step. */
  async urge(actor: Actor, ref: SubjectRef, comment?: string) {
    const subject = await this.subjects.load(ref);
    const open = subject.processInstanceId ? (await this.engine.queryTasks({ processInstanceId: subject.processInstanceId })).filter((t) => t.taskDefinitionKey !== REVISE_TASK) : [];
    if (open.length === 0) throw this.notOffered('urge', '该单据当前没有待审批的步骤', 'It has no approval step waiting');
    const isSubmitter = subject.submitter === actor.username;
    if (!isSubmitter) {
      const earlier = await this.dataSource.getRepository(ApprovalAction).count({ where: { subjectKind: subject.kind, subjectId: subject.id, actor: actor.username, operation: 'approve' } });
      if (earlier === 0) throw new SubjectOperationForbiddenError('只有提交人或前序步骤的审批人可以催办', 'Only the submitter or an approver of an earlier step may urge');
    }
    const now = this.clock.now().getTime();
    for (const task of open) {
      const last = await this.dataSource.getRepository(ApprovalAction).findOne({ where: { taskId: task.id, operation: 'urge' }, order: { createdAt: 'DESC' } });
      if (last && now - last.createdAt.getTime() < URGE_INTERVAL_MS) throw new UrgeTooSoonError(Math.ceil((URGE_INTERVAL_MS - (now - last.createdAt.getTime())) / 1000));
    }
    const kind = this.subjects.get(subject.kind);
    for (const task of open) {
      const ctx: StepContext = { task, subject, kind, submitter: subject.submitter };
      const holders = await this.holdersOf(task);
      await this.record(actor, ctx, 'urge', comment, holders.join(',') || null, null, false);
      await this.notifyPeople(holders, 'urged', ctx, actor, comment);
    }
    return { kind: subject.kind, subjectId: subject.id, urged: open.length };
  }

  /** 批量同意: up to 100 steps whose subjects carry no finding that needs reading; each answered on its own. */
  async batchApprove(actor: Actor, taskIds: string[], comment?: string): Promise<{ approved: number; results: BatchOutcome[] }> {
    const results: BatchOutcome[] = [];
    for (const taskId of [...new Set(taskIds)]) {
      try {
        const ctx = await this.holderContext(actor, taskId);
        if (!ctx.subject?.clean) {
          throw this.notOffered('batch-approve', '该单据有需要审阅的问题，请逐条打开审批', 'It has findings to read; open it and decide on its own');
        }
        await this.approve(actor, taskId, comment);
        results.push({ taskId, ok: true, subjectId: ctx.subject.id });
      } catch (error) {
        const known = error as { code?: string; messageZh?: string; messageEn?: string };
        if (!known.code) this.logger.error(`batch approval of ${taskId} failed: ${(error as Error).stack}`);
        results.push({ taskId, ok: false, subjectId: null, error: { code: known.code ?? 'FAILED', message: known.messageZh ?? '处理失败', messageEn: known.messageEn ?? 'failed' } });
      }
    }
    return { approved: results.filter((r) => r.ok).length, results };
  }

  /** The people who hold a step: its assignee, else the members of its candidate groups and candidate users. */
  async holdersOf(task: EngineTask): Promise<string[]> {
    if (task.assignee) return [task.assignee];
    return (await this.holdersByLinks(new Map([[task.id, await this.engine.taskIdentityLinks(task.id)]]))).get(task.id) ?? [];
  }

  /**
   * The holders of steps created after `after` (engine date format), by task id: the candidate links
   * of all of them come from one read of the engine's identity-link log instead of a call per step,
   * and their groups' members from one query. A step the log says nothing of (an engine that keeps
   * no such history) is asked for its links on its own.
   */
  async holdersOfNew(tasks: EngineTask[], after: string): Promise<Map<string, string[]>> {
    const open = tasks.filter((task) => !task.assignee);
    const links = new Map<string, EngineIdentityLink[]>(open.map((task) => [task.id, []]));
    if (open.length > 0) {
      const log = await this.engine.identityLinkLog(after, LINK_LOG_PAGE);
      // Replayed in order, a link removed after it was added (a hand-over) is gone.
      for (const entry of log) {
        const current = entry.taskId ? links.get(entry.taskId) : undefined;
        if (!current) continue;
        const same = (link: EngineIdentityLink) => link.type === entry.type && link.userId === entry.userId && link.groupId === entry.groupId;
        if (entry.operationType === 'delete') current.splice(0, current.length, ...current.filter((link) => !same(link)));
        else if (!current.some(same)) current.push({ type: entry.type, userId: entry.userId, groupId: entry.groupId });
      }
      const logged = new Set(log.map((entry) => entry.taskId));
      for (const task of open) if (!logged.has(task.id) || log.length >= LINK_LOG_PAGE) links.set(task.id, await this.engine.taskIdentityLinks(task.id));
    }
    const holders = await this.holdersByLinks(links);
    for (const task of tasks) if (task.assignee) holders.set(task.id, [task.assignee]);
    return holders;
  }

  /** Candidate users and the members of candidate groups, by task id, with one query for the groups. */
  private async holdersByLinks(links: Map<string, EngineIdentityLink[]>): Promise<Map<string, string[]>> {
    const candidates = (list: EngineIdentityLink[]) => list.filter((link) => link.type === 'candidate');
    const groups = [...new Set([...links.values()].flatMap((list) => candidates(list).flatMap((link) => (link.groupId ? [link.groupId] : []))))];
    const members = await this.org.membersOfGroups(groups);
    const holders = new Map<string, string[]>();
    for (const [taskId, list] of links) {
      const users = candidates(list).flatMap((link) => (link.userId ? [link.userId] : []));
      const inGroups = candidates(list).flatMap((link) => (link.groupId ? (members.get(link.groupId) ?? []).map((m) => m.username) : []));
      holders.set(taskId, [...new Set([...users, ...inGroups])]);
    }
    return holders;
  }

  // --- internals ------------------------------------------------------------------------------

  private async holderContext(actor: Actor, taskId: string): Promise<StepContext> {
    const ctx = await this.context(taskId);
    // The submitter's own revise step is finished by resubmitting, which the answer says.
    if (ctx.task.taskDefinitionKey === REVISE_TASK && ctx.task.assignee === actor.username) throw new TaskNotAnApprovalError(ctx.subject?.id);
    if (ctx.submitter === actor.username || ctx.subject?.parties?.includes(actor.username)) throw new TaskOfOwnClaimError();
    if (ctx.task.delegationState === 'PENDING') {
      // Only "send back" is open to the delegate, and nothing to the delegator while it is out.
      throw ctx.task.assignee === actor.username
        ? this.notOffered('decide', '委派给您的任务请填写意见后“回复委派人”，由委派人决定', 'A task delegated to you is answered with "send back"; the delegator decides')
        : new TaskForbiddenError();
    }
    if (!(await this.holds(actor, ctx.task))) throw new TaskForbiddenError();
    if (ctx.task.taskDefinitionKey === REVISE_TASK) throw new TaskNotAnApprovalError(ctx.subject?.id);
    return ctx;
  }

  /** The step is one of the shared approval loop over a chain its subject's kind keeps. */
  private walksChain(ctx: StepContext): ctx is ChainContext {
    return !!ctx.subject && !!ctx.kind?.chain && ctx.task.taskDefinitionKey === APPROVAL_TASK;
  }

  /** The step's place in the chain; refuses operations a step without a chain cannot take. */
  private async chainStep(ctx: StepContext, operation: ApprovalOperation): Promise<number> {
    const index = await this.stepIndex(ctx);
    if (index === null) throw this.notOffered(operation, '该审批步骤不支持此操作（没有审批链的流程或旧版本流程）', 'This step does not offer the operation (a flow without an approval chain, or an instance of an older process version)');
    return index;
  }

  /** Where the approval loop stands; null for steps outside the loop and instances of the multi-instance model before it. */
  private async stepIndex(ctx: StepContext): Promise<number | null> {
    if (!this.walksChain(ctx)) return null;
    // The instance may end under us (the submitter withdrew it): then the step was decided elsewhere.
    const index = await this.guarded(ctx.task.id, () => this.engine.variable<number>(ctx.task.processInstanceId, 'approvalIndex'));
    return typeof index === 'number' ? index : null;
  }

  private async checkTarget(actor: Actor, ctx: StepContext, to: string): Promise<void> {
    if (to === actor.username) throw new TaskTargetRefusedError('self', to);
    if (ctx.submitter && to === ctx.submitter) throw new TaskTargetRefusedError('submitter', to);
    if (ctx.subject?.parties?.includes(to)) throw new TaskTargetRefusedError('submitter', to);
    const target = await this.org.findUserByUsername(to);
    if (!target || !target.active) throw new TaskTargetRefusedError('unknown', to);
  }

  /** Serialises chain changes and decisions on one subject: its kind's lock is held until the engine has answered. */
  private async inChainLock(ctx: ChainContext, work: (tx: EntityManager, chain: ApprovalStep[]) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (tx) => work(tx, await ctx.kind.chain.lock(tx, ctx.subject.id)));
  }

  private async saveChain(tx: EntityManager, ctx: ChainContext, chain: ApprovalStep[]): Promise<void> {
    await ctx.kind.chain.save(tx, ctx.subject.id, chain);
    // The engine's history keeps the chain as it grew.
    await this.engine.setVariables(ctx.task.processInstanceId, { approvalChain: chain.map((step) => step.group).join(','), approvalSteps: chain.length });
  }

  /** What the decision means for the subject beyond its flow, and telling its submitter where the flow does not. */
  private async decided(ctx: StepContext, decision: SubjectDecision, actor: Actor, comment?: string): Promise<void> {
    if (!ctx.subject || !ctx.kind) return;
    await ctx.kind.onDecision?.(decision, ctx.subject);
    const told: Partial<Record<SubjectDecision, NotificationKind>> = { approve: 'approved', reject: 'rejected' };
    const kind = told[decision];
    if (kind && !ctx.kind.closeNotifies && ctx.submitter) void this.notifyPeople([ctx.submitter], kind, ctx, actor, comment).catch(() => undefined);
  }

  private ref(ctx: StepContext): { kind: string | null; subjectId: string | null } {
    return { kind: ctx.subject?.kind ?? null, subjectId: ctx.subject?.id ?? null };
  }

  /** The subject columns of an approval action: which it is, and its unit and amount as they are now. */
  private actionSubject(subject: Subject | null): Pick<ApprovalAction, 'subjectKind' | 'subjectId' | 'unitCode' | 'amountFen'> {
    return { subjectKind: subject?.kind ?? null, subjectId: subject?.id ?? null, unitCode: subject?.unitCode ?? null, amountFen: subject?.amountFen ?? null };
  }

  /** Completes the step as the actor: assignee first, so the engine's history shows who decided. */
  private async complete(actor: Actor, ctx: StepContext, operation: ApprovalOperation, variables: Record<string, unknown>, comment: string | undefined, tx?: EntityManager, index: number | null = null, target: string | null = null): Promise<void> {
    await this.guarded(ctx.task.id, async () => {
      if (ctx.task.assignee !== actor.username) await this.engine.setAssignee(ctx.task.id, actor.username);
      if (comment) await this.engine.addComment(ctx.task.id, `${actor.displayName}（${actor.username}）：${comment}`);
      await this.engine.completeTask(ctx.task.id, variables);
    });
    // The caller's next list must not show the step, and the next holder's must show the next one.
    await this.projection.refreshQuietly([ctx.task.processInstanceId]);
    await this.record(actor, ctx, operation, comment, target, index, false, tx);
    this.logger.log(`task ${ctx.task.taskDefinitionKey} ${ctx.task.id} of ${ctx.subject ? `${ctx.subject.kind} ${ctx.subject.id}` : `instance ${ctx.task.processInstanceId}`}: ${operation} by ${actor.username}`);
  }

  /** Runs an engine call on a task; a task gone or changed under it means someone else was first. */
  private async guarded<T>(taskId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof EngineRequestError && (error.status < 500 || /OptimisticLocking/.test(error.type ?? '') || !(await this.engine.getTask(taskId)))) {
        throw new TaskAlreadyDecidedError(taskId);
      }
      throw error;
    }
  }

  private async record(actor: Actor, ctx: StepContext, operation: ApprovalOperation, comment: string | undefined, target: string | null, index: number | null, addEngineComment = true, tx?: EntityManager): Promise<void> {
    const step = ctx.subject?.chain && index !== null ? (ctx.subject.chain[index]?.step ?? ctx.task.taskDefinitionKey) : ctx.task.taskDefinitionKey;
    if (addEngineComment && operation !== 'urge') {
      const note = `${actor.displayName}（${actor.username}）${OPERATION_WORDS[operation] ?? operation}${target ? ` ${target}` : ''}${comment ? `：${comment}` : ''}`;
      await this.engine.addComment(ctx.task.id, note).catch(() => undefined);
    }
    await (tx ?? this.dataSource.manager).getRepository(ApprovalAction).insert({
      processInstanceId: ctx.task.processInstanceId,
      taskId: ctx.task.id,
      ...this.actionSubject(ctx.subject),
      step,
      stepIndex: index,
      operation,
      actor: actor.username,
      target,
      comment: comment ?? null,
    });
    await this.audit.record(`task.${operation}`, 'task', ctx.task.id, { step, name: ctx.task.name }, { decision: operation, target, comment: comment ?? null, subjectKind: ctx.subject?.kind ?? null, subjectId: ctx.subject?.id ?? null });
  }

  private async notifyPeople(people: string[], kind: NotificationKind, ctx: StepContext, actor: Actor, comment?: string): Promise<void> {
    await this.notifications.notify(people, {
      kind,
      subject: ctx.subject ? { kind: ctx.subject.kind, id: ctx.subject.id } : null,
      taskId: ctx.task.id,
      actor: actor.username,
      params: { actorName: actor.displayName, comment: comment ?? null, purpose: ctx.subject?.title ?? null, step: ctx.task.name },
    });
  }

  private async anyHeld(actor: Actor, tasks: EngineTask[]): Promise<boolean> {
    for (const task of tasks) if (task.taskDefinitionKey !== REVISE_TASK && (await this.holds(actor, task))) return true;
    return false;
  }

  private notOffered(operation: string, zh: string, en: string): TaskOperationNotAllowedError {
    return new TaskOperationNotAllowedError(operation, zh, en);
  }
}

/** How an operation reads in the engine's task comments (its history), in Chinese. */
const OPERATION_WORDS: Partial<Record<ApprovalOperation, string>> = {
  transfer: '转办给',
  delegate: '委派给',
  resolve: '回复委派',
  'add-signer-before': '前加签',
  'add-signer-after': '后加签',
  'return-previous': '退回上一步',
};
