import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { OrgService } from '../org/org.service';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import type { ApprovalStep } from '../subjects/approval-loop';
import type { ContractInput, OtherPaymentsInput, PaymentContractInput, PaymentInput, PaymentMilestoneInput, PaymentSupplierInput, SupplementsInput } from './contract-facts';
import { ContractRecords, ContractRow, FindingRow, PaymentRow } from './contract-records';
import { chainFor, RoutingThresholds } from './contract-routing';

export const CONTRACT_SET = 'contract';
export const PAYMENT_SET = 'contract-payment';
const ROUTING_SET = 'routing';

/** Supplements that count against the original: every one not rejected or returned. */
const LIVE_SUPPLEMENT = ['SCREENING', 'IN_APPROVAL', 'SIGNING', 'SIGNED'];
/** Supplements that raise what may be paid on the original: approved ones. */
const APPROVED_SUPPLEMENT = ['SIGNING', 'SIGNED'];

export interface Screened {
  findings: FindingRow[];
  blocking: boolean;
  chain: ApprovalStep[];
}

/**
 * Screens contracts (CTR-*) and contract payments (PAY-*) with the rule-set version in force on the
 * day, and routes them: blocking findings return the record to its submitter, otherwise the chain
 * of approvers is kept on it for the shared approval loop. Inputs are looked up here, so the rule
 * sets compute from what they are given (and dry runs replay the same inputs).
 */
@Injectable()
export class ContractScreeningService {
  private readonly logger = new Logger(ContractScreeningService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly records: ContractRecords,
    private readonly rules: RulesService,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {}

  async screenContract(id: string): Promise<Screened> {
    const contract = await this.records.contract(id);
    if (!contract) throw new Error(`contract ${id} does not exist`);
    const today = this.clock.today();
    const definition = this.rules.inForce(CONTRACT_SET, today);
    const findings = await this.evaluateContract(contract, definition, today);
    const blocking = findings.some((f) => f.severity === 'block');
    const submitter = await this.org.actor(contract.submitterId);
    const chain = blocking ? [] : chainFor('contract', contract.amountFen, contract.unitCode, this.thresholds(today), submitter?.groups ?? []);
    await this.dataSource.transaction(async (tx) => {
      await this.records.replaceFindings(tx, 'contract', id, findings);
      await tx.query(`UPDATE contract SET status = $2, approval_chain = $3, rule_versions = $4, updated_at = now() WHERE id = $1 AND status = 'SCREENING'`, [
        id, blocking ? 'RETURNED' : 'IN_APPROVAL', JSON.stringify(chain), JSON.stringify({ [CONTRACT_SET]: definition.version }),
      ]);
    });
    this.logger.log(`contract ${contract.number}: ${findings.map((f) => f.ruleId).join(', ') || 'no findings'}${blocking ? ' — returned' : ''}`);
    return { findings, blocking, chain };
  }

  /** The contract rule set's findings on a contract as it stands, recording nothing. */
  async evaluateContract(contract: ContractRow, definition: RuleSetDefinition, today: string): Promise<FindingRow[]> {
    const input: ContractInput = { amountFen: contract.amountFen, awardAmountFen: contract.awardAmountFen, bondFen: contract.bondFen, awardedOn: contract.awardedOn, signedOn: contract.signedOn };
    const { findings } = await this.rules.evaluate(definition, { contract: input, supplements: await this.supplementsInput(contract), submittedOn: today });
    return findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity as FindingRow['severity'], messageZh: f.message.zh, messageEn: f.message.en, facts: { ...f.facts, ruleSet: `${definition.set}@${definition.version}` } }));
  }

  async screenPayment(id: string): Promise<Screened> {
    const payment = await this.records.payment(id);
    if (!payment) throw new Error(`contract payment ${id} does not exist`);
    const contract = (await this.records.contract(payment.contractId))!;
    const today = this.clock.today();
    const definition = this.rules.inForce(PAYMENT_SET, today);
    const findings = await this.evaluatePayment(payment, contract, definition, today);
    const blocking = findings.some((f) => f.severity === 'block');
    const submitter = payment.submitterId ? await this.org.actor(payment.submitterId) : null;
    const chain = blocking ? [] : chainFor('contract-payment', payment.amountFen, contract.unitCode, this.thresholds(today), submitter?.groups ?? []);
    await this.dataSource.transaction(async (tx) => {
      await this.records.replaceFindings(tx, 'contract-payment', id, findings);
      await tx.query(`UPDATE contract_payment SET status = $2, approval_chain = $3, rule_versions = $4, updated_at = now() WHERE id = $1 AND status = 'SCREENING'`, [
        id, blocking ? 'RETURNED' : 'IN_APPROVAL', JSON.stringify(chain), JSON.stringify({ [PAYMENT_SET]: definition.version }),
      ]);
    });
    this.logger.log(`contract payment ${payment.number}: ${findings.map((f) => f.ruleId).join(', ') || 'no findings'}${blocking ? ' — returned' : ''}`);
    return { findings, blocking, chain };
  }

  /** The payment rule set's findings on a payment request as it stands, recording nothing. */
  async evaluatePayment(payment: PaymentRow, contract: ContractRow, definition: RuleSetDefinition, today: string): Promise<FindingRow[]> {
    const inputs = await this.paymentInputs(payment, contract, today);
    const { findings } = await this.rules.evaluate(definition, { ...inputs, submittedOn: today });
    return findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity as FindingRow['severity'], messageZh: f.message.zh, messageEn: f.message.en, facts: { ...f.facts, ruleSet: `${definition.set}@${definition.version}` } }));
  }

  /** Everything the payment rules read, in two queries on the contract's indexed rows. */
  async paymentInputs(payment: Pick<PaymentRow, 'id' | 'amountFen' | 'payeeAccount' | 'milestoneId' | 'requestedOn'>, contract: ContractRow, _today: string) {
    const [sums] = await this.dataSource.query(
      `SELECT coalesce(sum(amount_fen) FILTER (WHERE status = 'PAID'), 0) AS paid,
              coalesce(sum(amount_fen) FILTER (WHERE status IN ('SCREENING', 'IN_APPROVAL', 'APPROVED')), 0) AS asked,
              (SELECT coalesce(sum(s.amount_fen), 0) FROM contract s WHERE s.original_id = $1 AND s.status = ANY($3::text[])) AS supplements,
              (SELECT row_to_json(m) FROM (SELECT name, condition, amount_fen FROM contract_milestone WHERE id = $4) m) AS milestone
       FROM contract_payment WHERE contract_id = $1 AND id <> $2`,
      [contract.id, payment.id, APPROVED_SUPPLEMENT, payment.milestoneId],
    );
    const paymentInput: PaymentInput = { amountFen: payment.amountFen, payeeAccount: payment.payeeAccount, requestedOn: payment.requestedOn };
    const contractInput: PaymentContractInput = {
      number: contract.number,
      amountFen: contract.amountFen,
      supplementsFen: Number(sums.supplements),
      signedOn: contract.signedOn,
      deliveredOn: contract.deliveredOn,
      acceptedOn: contract.acceptedOn,
      warrantyEndsOn: contract.warrantyEndsOn,
      paymentTermDays: contract.paymentTermDays,
    };
    const milestone: PaymentMilestoneInput = { name: sums.milestone.name, condition: sums.milestone.condition, amountFen: Number(sums.milestone.amount_fen) };
    const supplier: PaymentSupplierInput = { name: contract.supplierName, creditCode: contract.supplierCreditCode, sme: contract.supplierSme, account: contract.supplierAccount ?? '' };
    const otherPayments: OtherPaymentsInput = { paidFen: Number(sums.paid), askedFen: Number(sums.asked) };
    return { payment: paymentInput, contract: contractInput, milestone, supplier, otherPayments };
  }

  private async supplementsInput(contract: ContractRow): Promise<SupplementsInput | null> {
    if (!contract.originalId) return null;
    const original = await this.records.contract(contract.originalId);
    if (!original) return null;
    const others: { number: string; amount_fen: string }[] = await this.dataSource.query(
      `SELECT number, amount_fen FROM contract WHERE original_id = $1 AND id <> $2 AND status = ANY($3::text[]) ORDER BY created_at`,
      [original.id, contract.id, LIVE_SUPPLEMENT],
    );
    return { originalNumber: original.number, originalFen: original.amountFen, others: others.map((o) => ({ number: o.number, amountFen: Number(o.amount_fen) })) };
  }

  private thresholds(day: string): RoutingThresholds {
    return this.rules.inForce(ROUTING_SET, day).data.thresholdsFen as RoutingThresholds;
  }
}
