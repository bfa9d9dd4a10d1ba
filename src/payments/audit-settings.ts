import type { EntityManager } from 'typeorm';
import { auditContextSettings } from '../audit/audit-context';

/** The audit settings (who acts, from where) for the rows the rest of the transaction writes. */
export async function setAudit(tx: EntityManager): Promise<void> {
  const params: unknown[] = [];
  await tx.query(`SELECT ${auditContextSettings(params)}`, params);
}
