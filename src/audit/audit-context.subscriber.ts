import { DataSource, EntitySubscriberInterface, TransactionStartEvent } from 'typeorm';
import { auditContext } from './audit-context';

/**
 * Tells every transaction who acts: the audit trigger of each audited table reads it from the
 * transaction's settings, so the row it appends names the person (or worker) and their address.
 */
export class AuditContextSubscriber implements EntitySubscriberInterface {
  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const context = auditContext.current();
    if (!context) return;
    await event.queryRunner.query(`SELECT set_config('jingbao.actor', $1, true), set_config('jingbao.address', $2, true)`, [context.actor ?? '', context.address ?? '']);
  }
}
