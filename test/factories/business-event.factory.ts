import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import type { BusinessEventLine, PaymentMethod } from '../../src/business-events/business-event';

export interface EventInput {
  kind?: string;
  sourceKind?: string;
  sourceId?: string;
  occurredOn: string;
  method?: PaymentMethod;
  summary?: string;
  lines?: Partial<BusinessEventLine>[];
}

/**
 * A business event as a paying feature publishes it (payments, procurement … are not there yet):
 * written straight into the log, as BusinessEventsService.publish does, for accounting to book.
 */
export async function publishEvent(db: Client, input: EventInput): Promise<{ id: string; sourceKind: string; sourceId: string }> {
  const sourceKind = input.sourceKind ?? 'expense-claim';
  const sourceId = input.sourceId ?? `e2e-${randomBytes(6).toString('hex')}`;
  const lines = (input.lines ?? [{}]).map((line) => ({ amountFen: 123456, unit: 'chengxi', economicCode: '30211', functionalCode: '2040201', fund: 'basic', person: 'zhangsan', ...line }));
  const payload = { summary: input.summary ?? `测试 报销差旅费 ${sourceId}`, ...(input.method === undefined && input.kind && input.kind !== 'claim-paid' ? {} : { method: input.method ?? 'authorized' }), lines };
  const { rows } = await db.query(
    `INSERT INTO business_event (kind, source_kind, source_id, occurred_on, payload, published_by) VALUES ($1, $2, $3, $4, $5, 'e2e') RETURNING id::text`,
    [input.kind ?? 'claim-paid', sourceKind, sourceId, input.occurredOn, JSON.stringify(payload)],
  );
  return { id: rows[0].id, sourceKind, sourceId };
}

/** A past accounting period nobody has used yet, so closing it disturbs no other test. */
export async function unusedPeriod(db: Client): Promise<string> {
  for (;;) {
    const year = 2019 + Math.floor(Math.random() * 7);
    const month = 1 + Math.floor(Math.random() * 12);
    const period = `${year}-${String(month).padStart(2, '0')}`;
    const { rows } = await db.query(`SELECT 1 FROM voucher WHERE period = $1 UNION ALL SELECT 1 FROM accounting_period WHERE period = $1 UNION ALL SELECT 1 FROM business_event WHERE to_char(occurred_on, 'YYYY-MM') = $1`, [period]);
    if (rows.length === 0) return period;
  }
}
