import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import type { SubjectRef } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { Notification } from './notification.entity';
import type { NotificationKind, NotificationView } from './notification.views';

export interface NotificationInput {
  kind: NotificationKind;
  /** The subject it is about (a claim, a travel request …). */
  subject?: SubjectRef | null;
  taskId?: string | null;
  actor?: string | null;
  params?: Record<string, unknown>;
  /** Keys one event per recipient: the same key twice notifies once (several nodes may see one task). */
  dedupe?: string;
}


const WEBHOOK_BATCH = 20;
const PAGE_SIZE = 30;

/**
 * Notifications: kept in the product for the bell, and, when NOTIFY_WEBHOOK_URL is set, posted to a
 * WeCom/DingTalk-style webhook by a delivery loop that retries with back-off. Notifying never waits
 * on the webhook, so an approval never fails because the channel is down.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsService.name);
  private timer?: NodeJS.Timeout;
  private delivering = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly subjects: SubjectRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.NOTIFY_WEBHOOK_URL) return;
    this.timer = setInterval(() => void this.deliver(), 2000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Keeps the notifications; inside the caller's transaction when it passes its manager (nothing is told of what did not commit). */
  async notify(recipients: string[], input: NotificationInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const unique = [...new Set(recipients.filter((r) => r && r !== input.actor))];
    if (unique.length === 0) return;
    const webhook = this.config.NOTIFY_WEBHOOK_URL ? 'pending' : null;
    await manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values(
        unique.map((recipient) => ({
          recipient,
          kind: input.kind,
          subjectKind: input.subject?.kind ?? null,
          subjectId: input.subject?.id ?? null,
          taskId: input.taskId ?? null,
          actor: input.actor ?? null,
          params: (input.params ?? {}) as Notification['params'] & object,
          dedupeKey: input.dedupe ? `${input.dedupe}:${recipient}` : null,
          webhookState: webhook,
          webhookAttempts: 0,
          webhookNextAt: webhook ? this.clock.now() : null,
        })),
      )
      .orIgnore()
      .execute();
  }

  async list(recipient: string, page = 1): Promise<{ items: NotificationView[]; unread: number; total: number }> {
    const repository = this.dataSource.getRepository(Notification);
    const [rows, total] = await repository.findAndCount({ where: { recipient }, order: { createdAt: 'DESC', id: 'DESC' }, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE });
    return { items: rows.map((row) => this.toView(row)), unread: await this.unread(recipient), total };
  }

  async unread(recipient: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM notification WHERE recipient = $1 AND read_at IS NULL`, [recipient]);
    return count;
  }

  /** Marks the given notifications, or all of them, read; only the recipient's own. */
  async markRead(recipient: string, ids?: string[]): Promise<{ unread: number }> {
    if (ids && ids.length > 0) {
      await this.dataSource.query(`UPDATE notification SET read_at = now() WHERE recipient = $1 AND read_at IS NULL AND id = ANY($2::bigint[])`, [recipient, ids]);
    } else {
      await this.dataSource.query(`UPDATE notification SET read_at = now() WHERE recipient = $1 AND read_at IS NULL`, [recipient]);
    }
    return { unread: await this.unread(recipient) };
  }

  private toView(row: Notification): NotificationView {
    const kind = row.subjectKind && this.subjects.has(row.subjectKind) ? this.subjects.get(row.subjectKind) : null;
    return {
      id: String(row.id),
      kind: row.kind,
      subjectKind: row.subjectKind,
      subjectId: row.subjectId,
      link: kind && row.subjectId ? kind.linkOf(row.subjectId) : null,
      taskId: row.taskId,
      actor: row.actor,
      params: row.params,
      createdAt: row.createdAt.toISOString(),
      read: row.readAt !== null,
    };
  }

  /** Posts due notifications to the webhook; a failure is retried later, doubling the wait each time. */
  async deliver(): Promise<number> {
    const url = this.config.NOTIFY_WEBHOOK_URL;
    if (!url || this.delivering) return 0;
    this.delivering = true;
    let sent = 0;
    try {
      await this.dataSource.transaction(async (tx) => {
        const due: (Notification & { display_name: string | null })[] = await tx.query(
          `SELECT n.id, n.recipient, n.kind, n.params, n.webhook_attempts AS "webhookAttempts"
           FROM notification n WHERE n.webhook_state = 'pending' AND n.webhook_next_at <= now()
           ORDER BY n.webhook_next_at LIMIT ${WEBHOOK_BATCH} FOR UPDATE SKIP LOCKED`,
        );
        for (const notification of due) {
          const ok = await postWebhook(url, webhookText(notification));
          const attempts = notification.webhookAttempts + 1;
          if (ok) {
            sent += 1;
            await tx.query(`UPDATE notification SET webhook_state = 'sent', webhook_attempts = $2 WHERE id = $1`, [notification.id, attempts]);
          } else {
            const failed = attempts >= this.config.NOTIFY_WEBHOOK_ATTEMPTS;
            const waitSeconds = Math.min(3600, 5 * 2 ** (attempts - 1));
            await tx.query(
              `UPDATE notification SET webhook_state = $2, webhook_attempts = $3, webhook_next_at = now() + make_interval(secs => $4) WHERE id = $1`,
              [notification.id, failed ? 'failed' : 'pending', attempts, waitSeconds],
            );
            if (failed) this.logger.warn(`notification ${notification.id} could not be delivered to the webhook after ${attempts} attempts`);
          }
        }
      });
    } catch (error) {
      this.logger.warn(`webhook delivery failed: ${(error as Error).message}`);
    } finally {
      this.delivering = false;
    }
    return sent;
  }
}

const KIND_TEXT: Record<NotificationKind, string> = {
  'new-task': '您有一条新的待办',
  returned: '您提交的单据被退回修改',
  approved: '您提交的单据已审批通过',
  rejected: '您提交的单据被驳回',
  urged: '有人催办您的待办',
  copied: '有单据抄送给您',
  overdue: '您的待办已到期',
  escalated: '有审批步骤超时未处理',
  delegated: '有待办委派给您',
  transferred: '有待办转办给您',
  'review-noncompliant': '自动审批的报销单经事后抽查不合规',
  paid: '您的报销款已支付',
  'payment-failed': '您的报销款银行支付失败，将重新支付',
  'sme-payment-due': '中小企业合同款即将逾期或已逾期',
  'asset-uncarded': '验收的资产逾期未建卡片',
};

/** The text message a group robot posts: kind, recipient and the subject's title where known. */
function webhookText(n: Pick<Notification, 'recipient' | 'kind' | 'params'>): string {
  const purpose = typeof n.params?.purpose === 'string' ? `「${n.params.purpose}」` : '';
  return `【智慧警保】${KIND_TEXT[n.kind] ?? n.kind}${purpose}（@${n.recipient}）`;
}

async function postWebhook(url: string, content: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ msgtype: 'text', text: { content } }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) return false;
    // WeCom and DingTalk answer 200 with errcode ≠ 0 for a refused message.
    const body = (await response.json().catch(() => ({}))) as { errcode?: number };
    return body.errcode === undefined || body.errcode === 0;
  } catch {
    return false;
  }
}
