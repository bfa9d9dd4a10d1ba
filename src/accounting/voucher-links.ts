import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fenToYuan } from '../common/money';
import type { Actor } from '../org/org.service';
import type { Subject, SubjectLink } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { voucherNumber } from './voucher-number';

/** Who reads vouchers: accountants, finance and the leaders (the cashier and staff do not see the books). */
export const readsBooks = (actor: Actor) => actor.groups.some((g) => ['accountant', 'finance', 'deputy-chief', 'chief'].includes(g));

/**
 * 关联查询: every subject's vouchers, for whoever reads the books. Contributed for every kind
 * registered by the time the application has started, so accounting names no feature.
 */
@Injectable()
export class VoucherLinks implements OnApplicationBootstrap {
  constructor(private readonly registry: SubjectRegistry, private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.registry.contributeLinks({ kinds: this.registry.names(), links: (subject, actor) => this.links(subject, actor) });
  }

  async links(subject: Subject, actor: Actor): Promise<SubjectLink[]> {
    if (!readsBooks(actor)) return [];
    const rows: { id: string; period: string; number: number; state: string; summary: string; amount: string }[] = await this.dataSource.query(
      `SELECT v.id, v.period, v.number, v.state, v.summary,
              (SELECT coalesce(sum(debit_fen), 0) FROM voucher_entry e WHERE e.voucher_id = v.id AND e.book = 'financial')::bigint AS amount
       FROM voucher v WHERE v.source_kind = $1 AND v.source_id = $2 ORDER BY v.period, v.number`,
      [subject.kind, subject.id],
    );
    return rows.map((v) => ({
      relation: 'voucher',
      kind: null,
      id: v.id,
      title: `${v.period} ${voucherNumber(v.number)} ${v.summary}`,
      fields: { period: v.period, state: v.state, amount: fenToYuan(Number(v.amount)) },
      link: `/accounting/vouchers/${v.id}`,
    }));
  }
}
