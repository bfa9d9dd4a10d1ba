import type { EntityManager } from 'typeorm';
import type { Payable, PayableSource } from '../payments/payable';
import { PayablesRegistry } from '../payments/payables.registry';
import { accrualLines, dueAtPeriodEnd, periodEnd } from './periods.service';

const payable = (id: string, dueSince: string, extra: Partial<Payable> = {}): Payable => ({
  source: { kind: 'fake', id },
  reference: `BX-${id}`,
  title: '差旅费',
  payee: { kind: 'person', key: 'zhangsan', name: '张三', account: '6222…1234', bank: '工商银行' },
  amountFen: 10_000,
  method: 'authorized',
  budgetLine: { id: 'line', unit: 'chengxi', subject: '30211', fund: 'basic' },
  dueSince,
  ...extra,
});

/** A payable source as a feature would register it, holding a fixed list. */
function fakeSource(items: Payable[]): PayableSource {
  return { kind: 'fake', due: async () => items, dueOne: async () => null, markPaid: async () => undefined, markFailed: async () => undefined };
}

describe('period-end accrual', () => {
  it('knows the last day of a period, leap years included', () => {
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('2026-02')).toBe('2026-02-28');
    expect(periodEnd('2026-12')).toBe('2026-12-31');
  });

  it('accrues what every registered source has due by the period end, and nothing due later', async () => {
    const registry = new PayablesRegistry();
    registry.register(fakeSource([payable('1', '2026-11-30'), payable('2', '2026-12-01'), payable('3', '2026-11-02')]));
    const due = await dueAtPeriodEnd(registry, {} as EntityManager, '2026-11');
    expect(due.map((p) => p.source.id)).toEqual(['1', '3']);
  });

  it('accrues nothing with no source registered', async () => {
    expect(await dueAtPeriodEnd(new PayablesRegistry(), {} as EntityManager, '2026-11')).toEqual([]);
  });

  it('writes one line per item with its budget line, fund and payee', () => {
    const lines = accrualLines([
      payable('1', '2026-11-30'),
      payable('2', '2026-11-30', { amountFen: 500, payee: { kind: 'supplier', key: '91330100MA2XXXXX0X', name: '某公司', account: 'x', bank: 'y' }, budgetLine: { id: 'l2', unit: 'dachen', subject: '30213', fund: 'special', name: '执法办案专项' } }),
    ]);
    expect(lines).toEqual([
      { amountFen: 10_000, unit: 'chengxi', economicCode: '30211', fund: 'basic', person: 'zhangsan', summary: '期末计提 BX-1 差旅费' },
      { amountFen: 500, unit: 'dachen', economicCode: '30213', fund: 'special', project: '执法办案专项', supplier: '91330100MA2XXXXX0X', summary: '期末计提 BX-2 差旅费' },
    ]);
  });
});
