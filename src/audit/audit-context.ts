import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting and from where, for the audit rows the current work writes. */
export interface AuditContext {
  /** Username or `worker:<topic>`; absent for anonymous calls (a sign-in names its user in its row). */
  actor?: string;
  address?: string;
}

const storage = new AsyncLocalStorage<AuditContext>();

export const auditContext = {
  run<T>(context: AuditContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): AuditContext | undefined {
    return storage.getStore();
  },
};
