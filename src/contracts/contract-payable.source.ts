import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BusinessEventsService } from '../business-events/business-events.service';
import { fenToYuan } from '../common/money';
import type { PaymentMethod } from '../business-events/business-event';
import { BudgetLedger } from '../budget/budget-ledger';
import type { Payable, PayableSource } from '../payments/payable';
import { PayablesRegistry } from '../payments/payables.registry';
import { CONTRACT_PAYMENT_KIND } from './contract-access';

const DUE_SELECT = `
  SELECT cp.id, cp.number, cp.amount_fen, cp.approved_on, c.number AS contract_number, c.title, m.name AS milestone,
         s.name AS supplier_name, s.credit_code, s.bank_account, s.bank_name,
         l.id AS line_id, u.code AS unit_code, l.subject, l.fund_type, l.fund_name
  FROM contract_payment cp
  JOIN contract c ON c.id = cp.contract_id
  JOIN contract_milestone m ON m.id = cp.milestone_id
  JOIN supplier s ON s.id = c.supplier_id
  JOIN budget_line l ON l.id = c.budget_line_id
  JOIN org_unit u ON u.id = c.unit_id
  WHERE cp.status = 'APPROVED'
    AND NOT EXISTS (SELECT 1 FROM payment_line pl WHERE pl.source_kind = '${CONTRACT_PAYMENT_KIND}' AND pl.source_id = cp.id::text AND pl.status IN ('PENDING', 'PAID'))`;

/**
 * Approved contract payments as the cashier pays them: payee and account from the supplier register
 * (never from the request), 授权支付 from the 零余额账户. Paying one moves it to PAID — the
 * contract's paid to date — and publishes `contract-payment-paid` in the batch's transaction.
 */
@Injectable()
export class ContractPayableSource implements PayableSource, OnModuleInit {
  readonly kind = CONTRACT_PAYMENT_KIND;
  private readonly logger = new Logger(ContractPayableSource.name);

  constructor(
    private readonly registry: PayablesRegistry,
    private readonly events: BusinessEventsService,
    private readonly ledger: BudgetLedger,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async due(manager: EntityManager): Promise<Payable[]> {
    return (await manager.query(`${DUE_SELECT} ORDER BY cp.approved_on, cp.number`)).map(toPayable);
  }

  async dueOne(manager: EntityManager, id: string): Promise<Payable | null> {
    const [row] = await manager.query(`${DUE_SELECT} AND cp.id::text = $1`, [id]);
    return row ? toPayable(row) : null;
  }

  async markPaid(manager: EntityManager, id: string, paidOn: string, context: { batchId: string; actor: string; method: PaymentMethod }): Promise<void> {
    const [row] = await manager.query(
      `UPDATE contract_payment SET status = 'PAID', paid_on = $2, paid_batch = $3, failure_reason = NULL, updated_at = now()
       WHERE id::text = $1 AND status = 'APPROVED' RETURNING id`,
      [id, paidOn, context.batchId],
    );
    if (!row) {
      const [current] = await manager.query(`SELECT status FROM contract_payment WHERE id::text = $1`, [id]);
      // A replayed bank result: already paid, nothing moves twice.
      if (current?.status === 'PAID') return;
      throw new Error(`contract payment ${id} is ${current?.status ?? 'missing'}, not due`);
    }
    const [p] = await manager.query(
      `SELECT cp.amount_fen, cp.number, c.number AS contract_number, c.budget_line_id AS line_id, m.name AS milestone, s.name AS supplier_name, s.credit_code,
              u.code AS unit_code, l.subject, l.fund_type, l.fund_name
       FROM contract_payment cp JOIN contract c ON c.id = cp.contract_id JOIN contract_milestone m ON m.id = cp.milestone_id
       JOIN supplier s ON s.id = c.supplier_id JOIN budget_line l ON l.id = c.budget_line_id JOIN org_unit u ON u.id = c.unit_id
       WHERE cp.id::text = $1`,
      [id],
    );
    const summary = `支付 ${p.supplier_name} 合同款 ${p.contract_number}·${p.milestone} (${p.number})`;
    // Paid out of the contract's commitment: the line's paid part grows, its available amount does not change.
    await this.ledger.moveWithin(manager, [{ lineId: p.line_id, kind: 'pay', amountFen: Number(p.amount_fen), operationKey: `pay:contract-payment:${id}`, actor: context.actor, reason: summary }]);
    await this.events.publish(
      manager,
      {
        kind: 'contract-payment-paid',
        source: { kind: CONTRACT_PAYMENT_KIND, id: String(id) },
        occurredOn: paidOn,
        summary,
        method: context.method,
        lines: [{
          amountFen: Number(p.amount_fen),
          unit: p.unit_code,
          economicCode: p.subject,
          fund: p.fund_type,
          ...(p.fund_name ? { project: p.fund_name } : {}),
          supplier: String(p.credit_code).trim(),
          summary,
        }],
        facts: { batch: context.batchId, contract: p.contract_number },
      },
      context.actor,
    );
    this.logger.log(`contract payment ${p.number} paid on ${paidOn} in batch ${context.batchId}: ${fenToYuan(Number(p.amount_fen))}`);
  }

  async markFailed(manager: EntityManager, id: string, reason: string, context: { batchId: string; actor: string }): Promise<void> {
    await manager.query(`UPDATE contract_payment SET status = 'APPROVED', failure_reason = $2, updated_at = now() WHERE id::text = $1 AND status = 'APPROVED'`, [id, reason]);
    this.logger.log(`contract payment ${id} refused by the bank in batch ${context.batchId}: ${reason}`);
  }
}

function toPayable(r: Record<string, any>): Payable {
  return {
    source: { kind: CONTRACT_PAYMENT_KIND, id: r.id },
    reference: `${r.contract_number}·${r.milestone}`,
    title: r.title,
    payee: { kind: 'supplier', key: String(r.credit_code).trim(), name: r.supplier_name, account: r.bank_account ?? '', bank: r.bank_name ?? '' },
    amountFen: Number(r.amount_fen),
    method: 'authorized',
    budgetLine: { id: r.line_id, unit: r.unit_code, subject: r.subject, fund: r.fund_type, name: r.fund_name || null },
    dueSince: r.approved_on,
  };
}
