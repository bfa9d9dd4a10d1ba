/** What the notification API answers with, shared by the server and the browser (types only). */
export type NotificationKind = 'new-task' | 'returned' | 'approved' | 'rejected' | 'urged' | 'copied' | 'overdue' | 'escalated' | 'delegated' | 'transferred';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  claimId: string | null;
  travelRequestId: string | null;
  taskId: string | null;
  actor: string | null;
  params: Record<string, unknown>;
  createdAt: string;
  read: boolean;
}
