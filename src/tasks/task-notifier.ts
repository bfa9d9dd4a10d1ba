import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { EngineClient, EngineTask } from '../engine/engine-client';
import { NotificationsService } from '../notifications/notifications.service';
import { REVISE_TASK } from '../subjects/approval-loop';
import { SubjectRegistry } from '../subjects/subject-registry';
import { processKeyOf } from './subject-summary';
import { ApprovalOperationsService } from './approval-operations.service';

/** Tasks created this long before the last one seen are looked at again (clock skew, late commits). */
const OVERLAP_MS = 10_000;

const createdAt = (task: EngineTask) => Date.parse(task.created.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

/** Just before the oldest of the tasks was created, in the engine's date format: their links were added since. */
function linksAfter(tasks: EngineTask[]): string {
  return new Date(Math.min(...tasks.map(createdAt)) - 1000).toISOString().replace('Z', '+0000');
}

/**
 * Tells people of steps that came to them: the engine creates tasks inside its own transactions
 * (after a worker or a decision), so new tasks are read from the engine's task query every few
 * seconds and notified once per person (a dedupe key per task and person; every node may look).
 */
@Injectable()
export class TaskNotifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TaskNotifier.name);
  private timer?: NodeJS.Timeout;
  private since: number;
  private running = false;
  /**
   * Tasks this node has notified, with when they were created: the overlap window reads them again,
   * and looking up their holders again would cost a call to the engine per task and poll.
   */
  private readonly handled = new Map<string, number>();

  constructor(
    private readonly config: AppConfig,
    private readonly engine: EngineClient,
    private readonly subjects: SubjectRegistry,
    private readonly operations: ApprovalOperationsService,
    private readonly notifications: NotificationsService,
    clock: Clock,
  ) {
    this.since = clock.now().getTime() - 60_000;
  }

  onApplicationBootstrap(): void {
    if (!this.config.NOTIFY_TASKS_ENABLED) return;
    this.timer = setInterval(() => void this.poll(), this.config.NOTIFY_POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const after = new Date(this.since - OVERLAP_MS).toISOString().replace('Z', '+0000');
      const tasks = await this.engine.queryTaskPage({ createdAfter: after, sorting: [{ sortBy: 'created', sortOrder: 'asc' }] }, 0, 500);
      const fresh = tasks.filter((task) => !this.handled.has(task.id));
      if (fresh.length === 0) return;
      const subjects = await this.subjects.byInstances(fresh.map((t) => ({ processInstanceId: t.processInstanceId, processDefinitionKey: processKeyOf(t.processDefinitionId) })));
      const holders = await this.operations.holdersOfNew(fresh, linksAfter(fresh));
      for (const task of fresh) {
        const subject = subjects.get(task.processInstanceId);
        const returned = task.taskDefinitionKey === REVISE_TASK;
        const recipients = holders.get(task.id) ?? [];
        await this.notifications.notify(recipients, {
          kind: returned ? 'returned' : 'new-task',
          subject: subject ? { kind: subject.kind, id: subject.id } : null,
          taskId: task.id,
          params: { step: task.name, purpose: subject?.title ?? null, claimant: subject?.submitterName ?? null },
          dedupe: `task:${task.id}`,
        });
        const created = createdAt(task);
        this.handled.set(task.id, created);
        this.since = Math.max(this.since, created);
      }
      // Forget tasks that have left the overlap window for good.
      for (const [id, created] of this.handled) if (created < this.since - 2 * OVERLAP_MS) this.handled.delete(id);
    } catch (error) {
      this.logger.warn(`looking for new tasks failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
