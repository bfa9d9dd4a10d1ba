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

/**
 * Sets the audit context for the rest of the current transaction: the select list that the audit
 * triggers read (`jingbao.actor`, `jingbao.address`). Appends its two parameters to `params`.
 */
export function auditContextSettings(params: unknown[]): string {
  const context = auditContext.current();
  params.push(context?.actor ?? '', context?.address ?? '');
  return `set_config('jingbao.actor', $${params.length - 1}, true) AS actor, set_config('jingbao.address', $${params.length}, true) AS address`;
}

/**
 * The audit context as a CTE named `audit_ctx`, for a change made by one statement instead of a
 * transaction around it (one round trip instead of four): the settings hold for the statement's own
 * transaction, and the audit triggers fire at its end. The statement must read `audit_ctx` (a CTE
 * nobody reads is not run). Appends its two parameters to `params`.
 */
export function auditContextCte(params: unknown[]): string {
  return `audit_ctx AS MATERIALIZED (SELECT ${auditContextSettings(params)})`;
}
