/** What the notification API answers with, shared by the server and the browser (types only). */
export type NotificationKind = 'new-task' | 'returned' | 'approved' | 'rejected' | 'urged' | 'copied' | 'overdue' | 'escalated' | 'delegated' | 'transferred' | 'review-noncompliant' | 'paid' | 'payment-failed' | 'sme-payment-due' | 'asset-uncarded';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** The subject it is about, and where the browser opens it. */
  subjectKind: string | null;
  subjectId: string | null;
  link: string | null;
  taskId: string | null;
  actor: string | null;
  params: Record<string, unknown>;
  createdAt: string;
  read: boolean;
}
