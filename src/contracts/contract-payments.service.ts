import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProcessProgress, ProcessProgressService } from '../claims/process-progress.service';
import { Clock } from '../common/clock';
import { dayNumber } from '../common/days';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import type { Actor } from '../org/org.service';
import { SubjectInvolvement } from '../subjects/subject-involvement';
import { CONTRACT_PAYMENT_KIND, ContractAccess, PAYMENT_READERS } from './contract-access';
import { ContractRecords, FindingRow, PaymentRow, PaymentStatus } from './contract-records';
import { ContractNotReturnedError, ContractPaymentForbiddenError, ContractPaymentNotFoundError } from './contracts.errors';
import { paymentNumber } from './contracts.service';
import type { ContractPaymentDto, ReviseContractPaymentDto } from './dto/contract.dto';

export const CONTRACT_PAYMENT_PROCESS = 'contract-payment';

export interface ContractPaymentView {
  id: string;
  number: string;
  status: PaymentStatus;
  contract: { id: string; number: string; title: string; amount: string; unit: string };
  supplier: { name: string; creditCode: string; sme: boolean; account: string | null; bank: string | null };
  milestone: { id: string; name: string; condition: string; amount: string };
  amount: string;
  payeeAccount: string;
  requestedOn: string;
  approvedOn: string | null;
  paidOn: string | null;
  failureReason: string | null;
  findings: FindingRow[];
  approvalChain: PaymentRow['approvalChain'];
  submitter: string | null;
  submitterName: string | null;
  processInstanceId: string | null;
}

/**
 * 合同付款申请: a milestone of a signed contract asked for, with payee, account and amount; screened
 * (PAY-*) and approved by routing; once approved it is due, and the cashier's batch pays it.
 */
@Injectable()
export class ContractPaymentsService {
  private readonly logger = new Logger(ContractPaymentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly records: ContractRecords,
    private readonly access: ContractAccess,
    private readonly engine: EngineClient,
    private readonly clock: Clock,
    private readonly involvement: SubjectInvolvement,
    private readonly processProgress: ProcessProgressService,
  ) {}

  async submit(actor: Actor, dto: ContractPaymentDto): Promise<{ id: string; number: string; status: PaymentStatus }> {
    const errors: FieldError[] = [];
    const bad = (field: string, zh: string, en: string) => errors.push({ field, message: bilingual(zh, en) });
    const contract = await this.records.contract(dto.contractId);
    if (!contract) bad('contractId', '合同不存在', `contract ${dto.contractId} does not exist`);
    // The contract's unit asks for its payments (any member), as do those who read every contract.
    else if (contract.unitId !== actor.unit.id && !(await this.access.mayReadContract(actor, contract))) bad('contractId', '无权为该合同申请付款', 'you may not ask for payment on this contract');
    else if (contract.status !== 'SIGNED') bad('contractId', '合同尚未签订，不能申请付款', 'the contract is not signed');
    const amountFen = yuanToFen(dto.amount);
    if (amountFen <= 0) bad('amount', '付款金额应大于零', 'amount must be above zero');
    if (contract && errors.length === 0) {
      const [milestone] = await this.dataSource.query(`SELECT contract_id FROM contract_milestone WHERE id = $1`, [dto.milestoneId]);
      if (!milestone) bad('milestoneId', '付款节点不存在', `milestone ${dto.milestoneId} does not exist`);
      else if (milestone.contract_id !== contract.id) bad('milestoneId', '该付款节点属于另一份合同', 'the milestone belongs to another contract');
    }
    if (errors.length > 0) throw new RequestValidationError(errors);

    const today = this.clock.today();
    const number = paymentNumber(today);
    const [row] = await this.dataSource.query(
      `INSERT INTO contract_payment (number, contract_id, milestone_id, amount_fen, payee_account, requested_on, status, submitter_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'SCREENING', $7) RETURNING id`,
      [number, contract!.id, dto.milestoneId, amountFen, dto.payeeAccount.trim(), today, actor.id],
    );
    try {
      const instance = await this.engine.startProcessOnce(CONTRACT_PAYMENT_PROCESS, row.id, {
        contractPaymentId: row.id,
        submitter: actor.username,
        unitCode: contract!.unitCode,
        amountFen,
        submittedOn: dayNumber(today),
      });
      await this.dataSource.query(`UPDATE contract_payment SET process_instance_id = $2 WHERE id = $1`, [row.id, instance.id]);
    } catch (error) {
      await this.dataSource.query(`DELETE FROM contract_payment WHERE id = $1`, [row.id]);
      throw error;
    }
    this.logger.log(`contract payment ${number} by ${actor.username}: ${fenToYuan(amountFen)} on contract ${contract!.number}`);
    return { id: row.id, number, status: 'SCREENING' };
  }

  /**
   * A returned payment request revised by its submitter — the milestone, amount and payee of the
   * same contract — and screened again (PAY-*) in a new run of the flow, asked for today.
   */
  async revise(actor: Actor, id: string, dto: ReviseContractPaymentDto): Promise<{ id: string; number: string; status: PaymentStatus }> {
    const payment = await this.readable(actor, id);
    if (payment.submitterId !== actor.id) throw new ContractPaymentForbiddenError();
    if (payment.status !== 'RETURNED') throw new ContractNotReturnedError(payment.status);
    const errors: FieldError[] = [];
    const bad = (field: string, zh: string, en: string) => errors.push({ field, message: bilingual(zh, en) });
    const amountFen = yuanToFen(dto.amount);
    if (amountFen <= 0) bad('amount', '付款金额应大于零', 'amount must be above zero');
    const [milestone] = await this.dataSource.query(`SELECT contract_id FROM contract_milestone WHERE id = $1`, [dto.milestoneId]);
    if (!milestone) bad('milestoneId', '付款节点不存在', `milestone ${dto.milestoneId} does not exist`);
    else if (milestone.contract_id !== payment.contractId) bad('milestoneId', '该付款节点属于另一份合同', 'the milestone belongs to another contract');
    if (errors.length > 0) throw new RequestValidationError(errors);

    const contract = (await this.records.contract(payment.contractId))!;
    const today = this.clock.today();
    const [, changed] = await this.dataSource.query(
      `UPDATE contract_payment SET milestone_id = $2, amount_fen = $3, payee_account = $4, requested_on = $5, status = 'SCREENING', approval_chain = NULL, updated_at = now()
       WHERE id = $1 AND status = 'RETURNED'`,
      [id, dto.milestoneId, amountFen, dto.payeeAccount.trim(), today],
    );
    if (changed !== 1) throw new ContractNotReturnedError('SCREENING');
    try {
      const instance = await this.engine.startProcess(CONTRACT_PAYMENT_PROCESS, id, { contractPaymentId: id, submitter: actor.username, unitCode: contract.unitCode, amountFen, submittedOn: dayNumber(today) });
      await this.dataSource.query(`UPDATE contract_payment SET process_instance_id = $2 WHERE id = $1`, [id, instance.id]);
    } catch (error) {
      // Not left screening with no flow: the submitter sends it again.
      await this.dataSource.query(`UPDATE contract_payment SET status = 'RETURNED', updated_at = now() WHERE id = $1 AND status = 'SCREENING'`, [id]);
      throw error;
    }
    this.logger.log(`contract payment ${payment.number} revised by ${actor.username}: ${fenToYuan(amountFen)}, screened again`);
    return { id, number: payment.number, status: 'SCREENING' };
  }

  async view(actor: Actor, id: string): Promise<ContractPaymentView> {
    const payment = await this.readable(actor, id);
    await this.involvement.markCopyRead({ kind: CONTRACT_PAYMENT_KIND, id }, actor.username);
    const contract = (await this.records.contract(payment.contractId))!;
    const [milestone] = await this.records.milestones([contract.id]).then((all) => all.filter((m) => m.id === payment.milestoneId));
    return {
      id: payment.id,
      number: payment.number,
      status: payment.status,
      contract: { id: contract.id, number: contract.number, title: contract.title, amount: fenToYuan(contract.amountFen), unit: contract.unitName },
      supplier: { name: contract.supplierName, creditCode: contract.supplierCreditCode, sme: contract.supplierSme, account: contract.supplierAccount, bank: contract.supplierBank },
      milestone: { id: milestone.id, name: milestone.name, condition: milestone.condition, amount: fenToYuan(milestone.amountFen) },
      amount: fenToYuan(payment.amountFen),
      payeeAccount: payment.payeeAccount,
      requestedOn: payment.requestedOn,
      approvedOn: payment.approvedOn,
      paidOn: payment.paidOn,
      failureReason: payment.failureReason,
      findings: await this.records.findings('contract-payment', id),
      approvalChain: payment.approvalChain,
      submitter: payment.submitter,
      submitterName: payment.submitterName,
      processInstanceId: payment.processInstanceId,
    };
  }

  /** Payments the actor filed, or — for the readers by role — every one, newest first. */
  async list(actor: Actor, status?: string): Promise<{ id: string; number: string; status: string; contract: string; supplier: string; amount: string; requestedOn: string }[]> {
    const all = actor.groups.some((g) => PAYMENT_READERS.includes(g));
    const params: unknown[] = all ? [] : [actor.id];
    let where = all ? 'true' : 'cp.submitter_id = $1';
    if (status) where += ` AND cp.status = $${params.push(status)}`;
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT cp.id, cp.number, cp.status, cp.amount_fen, cp.requested_on, c.number AS contract, s.name AS supplier
       FROM contract_payment cp JOIN contract c ON c.id = cp.contract_id JOIN supplier s ON s.id = c.supplier_id
       WHERE ${where} ORDER BY cp.created_at DESC LIMIT 500`,
      params,
    );
    return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, contract: r.contract, supplier: r.supplier, amount: fenToYuan(Number(r.amount_fen)), requestedOn: r.requested_on }));
  }

  async progress(actor: Actor, id: string): Promise<ProcessProgress | null> {
    const payment = await this.readable(actor, id);
    return payment.processInstanceId ? this.processProgress.progress(payment.processInstanceId) : null;
  }

  async assertVisible(actor: Actor, id: string): Promise<void> {
    await this.readable(actor, id);
  }

  /** The approval's end: APPROVED (now due for payment) or REJECTED. */
  async close(id: string, outcome: 'APPROVED' | 'REJECTED'): Promise<void> {
    await this.dataSource.query(
      `UPDATE contract_payment SET status = $2, approved_on = CASE WHEN $2 = 'APPROVED' THEN $3::date END, updated_at = now() WHERE id = $1 AND status = 'IN_APPROVAL'`,
      [id, outcome, this.clock.today()],
    );
  }

  private async readable(actor: Actor, id: string): Promise<PaymentRow> {
    const payment = isUuid(id) ? await this.records.payment(id) : null;
    if (!payment) throw new ContractPaymentNotFoundError(id);
    const contract = (await this.records.contract(payment.contractId))!;
    if (!(await this.access.mayReadPayment(actor, payment, contract))) throw new ContractPaymentForbiddenError();
    return payment;
  }
}
