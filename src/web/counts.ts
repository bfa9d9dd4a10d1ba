import { reactive } from 'vue';
import { get } from './api';
import { isApprover, session } from './session';

/** The menu's badges and the bell: open tasks, unread copies, unread notifications. */
export const counts = reactive({ todo: 0, copiedUnread: 0, notificationsUnread: 0 });

export async function refreshCounts(): Promise<void> {
  if (!session.token) return;
  try {
    if (isApprover(session.actor)) Object.assign(counts, await get<typeof counts>('/tasks/counts'));
    else counts.notificationsUnread = (await get<{ unread: number }>('/notifications/unread')).unread;
  } catch {
    // A badge that cannot refresh keeps its last value; the next refresh tries again.
  }
}
