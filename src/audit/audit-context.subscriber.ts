import { DataSource, EntitySubscriberInterface, TransactionStartEvent } from 'typeorm';
import { auditContext, auditContextSettings } from './audit-context';

/**
 * Tells every transaction who acts: the audit trigger of each audited table reads it from the
 * transaction's settings, so the row it appends names the person (or worker) and their address.
 */
export class AuditContextSubscriber implements EntitySubscriberInterface {
  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    if (!auditContext.current()) return;
    const params: unknown[] = [];
    await event.queryRunner.query(`SELECT ${auditContextSettings(params)}`, params);
  }
}
