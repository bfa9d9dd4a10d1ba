import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BudgetLedger } from '../budget/budget-ledger';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { ProcessProgress, ProcessProgressService } from '../claims/process-progress.service';
import { Clock } from '../common/clock';
import { dayNumber } from '../common/days';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import type { Actor } from '../org/org.service';
import { lineOf, unitByNameOrCode } from '../procurement/awards.service';
import { ProcurementReservations } from '../procurement/procurement-reservations';
import { SuppliersService } from '../suppliers/suppliers.service';
import { SubjectInvolvement } from '../subjects/subject-involvement';
import { CONTRACT_KIND, ContractAccess } from './contract-access';
import { ContractRecords, ContractRow, ContractStatus, FindingRow, ItemRow, MilestoneRow, PaymentRow } from './contract-records';
import { conditionDay } from './contract-facts';
import { ContractNotFoundError, ContractForbiddenError, ContractNotReturnedError, ContractNotSignableError, SignedScanMissingError } from './contracts.errors';
import type { ContractItemDto, CreateContractDto, ImportContractDto, ReviseContractDto, SignContractDto } from './dto/contract.dto';
import { resolveMilestones, ResolvedMilestone } from './milestones';

export const CONTRACT_PROCESS = 'contract';
/** The attachment category of the signed contract's scan; the signing step needs one. */
export const SIGNED_SCAN_CATEGORY = 'signed-contract';
export const SIGN_TASK = 'sign';

export interface ContractView {
  id: string;
  number: string;
  title: string;
  status: ContractStatus;
  unit: string;
  unitCode: string;
  budgetLine: { id: string; subject: string; fund: string; name: string };
  supplier: { id: string; name: string; creditCode: string; sme: boolean; account: string | null; bank: string | null };
  awardId: string | null;
  amount: string;
  awardAmount: string;
  awardedOn: string;
  signedOn: string | null;
  endsOn: string | null;
  paymentTermDays: number;
  bond: string;
  warrantyEndsOn: string | null;
  deliveredOn: string | null;
  acceptedOn: string | null;
  original: { id: string; number: string } | null;
  supplements: { id: string; number: string; title: string; amount: string; status: string }[];
  milestones: { id: string; name: string; condition: string; amount: string; paid: string; conditionSince: string | null }[];
  items: { id: string; name: string; category: string; quantity: number; unitPrice: string; specialEquipment: boolean }[];
  payments: { id: string; number: string; milestoneId: string; amount: string; status: string; requestedOn: string; paidOn: string | null }[];
  findings: FindingRow[];
  approvalChain: ContractRow['approvalChain'];
  submitter: string;
  submitterName: string;
  imported: boolean;
  activities: string[];
  processInstanceId: string | null;
}

/**
 * 合同: drawn from an award (supplier, unit, budget line and awarded amount), or supplementing a
 * contract; screened (CTR-*), reviewed by contract review, approved by the routing lines, then signed
 * with its scan attached — signing turns the request's reservation into the contract's commitment.
 * Contracts signed before the product come in through the import with what was delivered and paid.
 */
@Injectable()
export class ContractsService {
  private readonly logger = new Logger(ContractsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly records: ContractRecords,
    private readonly access: ContractAccess,
    private readonly suppliers: SuppliersService,
    private readonly engine: EngineClient,
    private readonly deadline: ApprovalDeadline,
    private readonly ledger: BudgetLedger,
    private readonly reservations: ProcurementReservations,
    private readonly clock: Clock,
    private readonly involvement: SubjectInvolvement,
    private readonly processProgress: ProcessProgressService,
  ) {}

  async submit(actor: Actor, dto: CreateContractDto): Promise<{ id: string; number: string; status: ContractStatus }> {
    const errors: FieldError[] = [];
    const bad = (field: string, zh: string, en: string) => errors.push({ field, message: bilingual(zh, en) });
    if (!dto.awardId === !dto.supplementOf) bad('awardId', '请选择中标记录，或选择被补充的原合同（二选一）', 'give the award the contract is drawn from, or the contract it supplements (one of them)');
    const amountFen = yuanToFen(dto.amount);
    if (amountFen <= 0) bad('amount', '合同金额应大于零', 'amount must be above zero');
    let basis: { unitId: string; unitCode: string; budgetLineId: string; supplierId: string; awardId: string | null; awardAmountFen: number; awardedOn: string; originalId: string | null } | null = null;
    if (dto.awardId) {
      const [award] = await this.dataSource.query(
        `SELECT a.id, a.unit_id, u.code AS unit_code, a.budget_line_id, a.supplier_id, a.amount_fen, coalesce(a.notice_on, a.awarded_on) AS notice_on
         FROM procurement_award a JOIN org_unit u ON u.id = a.unit_id WHERE a.id = $1`,
        [dto.awardId],
      );
      if (!award) bad('awardId', '中标记录不存在', `award ${dto.awardId} does not exist`);
      else basis = { unitId: award.unit_id, unitCode: award.unit_code, budgetLineId: award.budget_line_id, supplierId: award.supplier_id, awardId: award.id, awardAmountFen: Number(award.amount_fen), awardedOn: award.notice_on, originalId: null };
    } else if (dto.supplementOf) {
      const original = await this.records.contract(dto.supplementOf);
      if (!original) bad('supplementOf', '被补充的原合同不存在', `contract ${dto.supplementOf} does not exist`);
      else if (original.originalId) bad('supplementOf', '补充合同应关联原合同，而不是另一份补充合同', 'a supplement refers to the original contract, not to another supplement');
      else if (original.status !== 'SIGNED') bad('supplementOf', '原合同尚未签订', 'the original contract is not signed');
      // A supplement has no award of its own: CTR-SUPPLEMENT weighs it against the original instead.
      else basis = { unitId: original.unitId, unitCode: original.unitCode, budgetLineId: original.budgetLineId, supplierId: original.supplierId, awardId: null, awardAmountFen: amountFen > 0 ? amountFen : 1, awardedOn: original.awardedOn, originalId: original.id };
    }
    if (basis && basis.unitId !== actor.unit.id && !actor.groups.includes('procurement')) {
      bad(dto.awardId ? 'awardId' : 'supplementOf', '只能为本单位的采购签订合同', 'you may only contract for your own unit’s purchases');
    }
    const { milestones, errors: milestoneErrors } = amountFen > 0 ? resolveMilestones(amountFen, dto.milestones) : { milestones: [], errors: [] };
    errors.push(...milestoneErrors);
    if (dto.signedOn && basis && dto.signedOn < basis.awardedOn) bad('signedOn', '签订日期不能早于中标通知日期', 'the signing day must not be before the award notice');
    if (dto.endsOn && dto.signedOn && dto.endsOn < dto.signedOn) bad('endsOn', '合同期限不能早于签订日期', 'the term must not end before signing');
    if (errors.length > 0 || !basis) throw new RequestValidationError(errors);

    const number = contractNumber(this.clock.today());
    const id = await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO contract (number, title, unit_id, budget_line_id, supplier_id, award_id, original_id, amount_fen, award_amount_fen, awarded_on, signed_on, ends_on,
                               payment_term_days, bond_fen, warranty_ends_on, status, submitter_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'SCREENING', $16) RETURNING id`,
        [number, dto.title.trim(), basis!.unitId, basis!.budgetLineId, basis!.supplierId, basis!.awardId, basis!.originalId, amountFen, basis!.awardAmountFen, basis!.awardedOn,
         dto.signedOn ?? null, dto.endsOn ?? null, dto.paymentTermDays ?? 30, dto.bond ? yuanToFen(dto.bond) : 0, dto.warrantyEndsOn ?? null, actor.id],
      );
      await this.insertMilestones(tx, row.id, milestones);
      await this.insertItems(tx, row.id, dto.items ?? []);
      return row.id as string;
    });
    try {
      const instance = await this.engine.startProcessOnce(CONTRACT_PROCESS, id, {
        contractId: id,
        submitter: actor.username,
        unitCode: basis.unitCode,
        amountFen,
        submittedOn: dayNumber(this.clock.today()),
      });
      await this.dataSource.query(`UPDATE contract SET process_instance_id = $2 WHERE id = $1`, [id, instance.id]);
    } catch (error) {
      // Nothing half-written: the contract that could not start its flow is gone with its milestones.
      await this.dataSource.transaction(async (tx) => {
        await tx.query(`DELETE FROM contract_item WHERE contract_id = $1`, [id]);
        await tx.query(`DELETE FROM contract_milestone WHERE contract_id = $1`, [id]);
        await tx.query(`DELETE FROM contract WHERE id = $1`, [id]);
      });
      throw error;
    }
    this.logger.log(`contract ${number} (${id}) by ${actor.username}: ${fenToYuan(amountFen)} to supplier ${basis.supplierId}`);
    return { id, number, status: 'SCREENING' };
  }

  /**
   * A returned contract revised by its submitter and screened again in a new run of the flow: the
   * terms, milestones and items are replaced; the award (or the original) stays, as it decides the
   * supplier, unit and line. Checked like a new contract before anything changes.
   */
  async revise(actor: Actor, id: string, dto: ReviseContractDto): Promise<{ id: string; number: string; status: ContractStatus }> {
    const contract = await this.readable(actor, id);
    if (contract.submitterId !== actor.id) throw new ContractForbiddenError();
    if (contract.status !== 'RETURNED') throw new ContractNotReturnedError(contract.status);
    const errors: FieldError[] = [];
    const bad = (field: string, zh: string, en: string) => errors.push({ field, message: bilingual(zh, en) });
    const amountFen = yuanToFen(dto.amount);
    if (amountFen <= 0) bad('amount', '合同金额应大于零', 'amount must be above zero');
    const { milestones, errors: milestoneErrors } = amountFen > 0 ? resolveMilestones(amountFen, dto.milestones) : { milestones: [], errors: [] };
    errors.push(...milestoneErrors);
    if (dto.signedOn && dto.signedOn < contract.awardedOn) bad('signedOn', '签订日期不能早于中标通知日期', 'the signing day must not be before the award notice');
    if (dto.endsOn && dto.signedOn && dto.endsOn < dto.signedOn) bad('endsOn', '合同期限不能早于签订日期', 'the term must not end before signing');
    if (errors.length > 0) throw new RequestValidationError(errors);

    // A supplement has no award: its own amount stands in for it, as at submission.
    const awardAmountFen = contract.originalId ? amountFen : contract.awardAmountFen;
    await this.dataSource.transaction(async (tx) => {
      const [, changed] = await tx.query(
        `UPDATE contract SET title = $2, amount_fen = $3, award_amount_fen = $4, signed_on = $5, ends_on = $6, payment_term_days = $7, bond_fen = $8, warranty_ends_on = $9,
                             status = 'SCREENING', approval_chain = NULL, updated_at = now()
         WHERE id = $1 AND status = 'RETURNED'`,
        [id, dto.title.trim(), amountFen, awardAmountFen, dto.signedOn ?? null, dto.endsOn ?? null, dto.paymentTermDays ?? 30, dto.bond ? yuanToFen(dto.bond) : 0, dto.warrantyEndsOn ?? null],
      );
      if (changed !== 1) throw new ContractNotReturnedError('SCREENING');
      await tx.query(`DELETE FROM contract_item WHERE contract_id = $1`, [id]);
      await tx.query(`DELETE FROM contract_milestone WHERE contract_id = $1`, [id]);
      await this.insertMilestones(tx, id, milestones);
      await this.insertItems(tx, id, dto.items ?? []);
    });
    try {
      const instance = await this.engine.startProcess(CONTRACT_PROCESS, id, { contractId: id, submitter: actor.username, unitCode: contract.unitCode, amountFen, submittedOn: dayNumber(this.clock.today()) });
      await this.dataSource.query(`UPDATE contract SET process_instance_id = $2 WHERE id = $1`, [id, instance.id]);
    } catch (error) {
      // The revision stays for the submitter to send again; it is not left screening with no flow.
      await this.dataSource.query(`UPDATE contract SET status = 'RETURNED', updated_at = now() WHERE id = $1 AND status = 'SCREENING'`, [id]);
      throw error;
    }
    this.logger.log(`contract ${contract.number} revised by ${actor.username}: ${fenToYuan(amountFen)}, screened again`);
    return { id, number: contract.number, status: 'SCREENING' };
  }

  /**
   * Contracts signed before the product, as an administrator imports them (the chain scenarios'
   * given contracts): signed, committed on their line, with deliveries, acceptance and payments
   * made. All rows or none; each bad one named by index and field.
   */
  async importContracts(actor: Actor, rows: ImportContractDto[]): Promise<{ imported: number; contracts: { ref: string; id: string }[] }> {
    return this.dataSource.transaction(async (tx) => {
      const errors: FieldError[] = [];
      const created: { ref: string; id: string }[] = [];
      const byRef = new Map<string, { id: string; supplierId: string }>();
      for (const [i, row] of rows.entries()) {
        const bad = (field: string, zh: string, en: string) => errors.push({ field: `contracts[${i}].${field}`, message: bilingual(zh, en) });
        const unit = await unitByNameOrCode(tx, row.unit);
        if (!unit) bad('unit', `单位“${row.unit}”不存在`, `unit "${row.unit}" does not exist`);
        const supplier = await this.suppliers.resolve(row.supplier, tx);
        if (!supplier) bad('supplier', `供应商“${row.supplier}”不在供应商库中`, `supplier "${row.supplier}" is not registered`);
        const line = await lineOf(tx, row.budgetLine, Number(row.signedOn.slice(0, 4)));
        if (!line) bad('budgetLine', `${row.signedOn.slice(0, 4)} 年度没有该预算指标`, `no such budget line in ${row.signedOn.slice(0, 4)}`);
        else if (unit && line.unitId !== unit.id) bad('budgetLine', '预算指标不属于该单位', 'the budget line is not of that unit');
        const amountFen = yuanToFen(row.amount);
        if (amountFen <= 0) bad('amount', '合同金额应大于零', 'amount must be above zero');
        if (yuanToFen(row.awardAmount) <= 0) bad('awardAmount', '中标金额应大于零', 'awardAmount must be above zero');
        if (row.signedOn < row.awardedOn) bad('signedOn', '签订日期不能早于中标日期', 'the signing day must not be before the award');
        const original = row.supplementOf ? byRef.get(row.supplementOf) ?? (await this.byNumber(tx, row.supplementOf)) : null;
        if (row.supplementOf && !original) bad('supplementOf', `原合同“${row.supplementOf}”不存在`, `contract "${row.supplementOf}" does not exist`);
        const { milestones, errors: milestoneErrors } = amountFen > 0 ? resolveMilestones(amountFen, row.milestones, `contracts[${i}].milestones`) : { milestones: [], errors: [] };
        errors.push(...milestoneErrors);
        if (row.acceptedOn && !row.deliveredOn) bad('deliveredOn', '已验收的合同应有交付日期', 'an accepted contract needs its delivery day');
        if (row.acceptedOn && row.deliveredOn && row.acceptedOn < row.deliveredOn) bad('acceptedOn', '验收日期不能早于交付日期', 'acceptance must not be before delivery');
        for (const [j, payment] of (row.payments ?? []).entries()) {
          if (!milestones.some((m) => m.name === payment.milestone.trim())) errors.push({ field: `contracts[${i}].payments[${j}].milestone`, message: bilingual(`付款节点“${payment.milestone}”不在该合同中`, `milestone "${payment.milestone}" is not of this contract`) });
        }
        if (errors.length > 0 || !unit || !supplier || !line) continue;
        const [contract] = await tx.query(
          `INSERT INTO contract (number, title, unit_id, budget_line_id, supplier_id, original_id, amount_fen, award_amount_fen, awarded_on, signed_on, ends_on, payment_term_days,
                                 bond_fen, warranty_ends_on, delivered_on, accepted_on, status, submitter_id, imported)
           VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'SIGNED', $16, true) RETURNING id`,
          [row.ref.trim(), unit.id, line.id, supplier.id, original?.id ?? null, amountFen, yuanToFen(row.awardAmount), row.awardedOn, row.signedOn, row.endsOn ?? null,
           row.paymentTermDays ?? 30, row.bond ? yuanToFen(row.bond) : 0, row.warrantyEndsOn ?? null, row.deliveredOn ?? null, row.acceptedOn ?? null, actor.id],
        );
        const milestoneIds = await this.insertMilestones(tx, contract.id, milestones);
        if (row.acceptedOn) {
          await tx.query(`INSERT INTO acceptance (contract_id, delivered_on, accepted_on, accepted_by, note, recorded_by, imported) VALUES ($1, $2, $3, '导入 imported', '', $4, true)`, [contract.id, row.deliveredOn, row.acceptedOn, actor.id]);
        }
        for (const payment of row.payments ?? []) {
          await tx.query(
            `INSERT INTO contract_payment (number, contract_id, milestone_id, amount_fen, payee_account, requested_on, status, paid_on, approved_on, imported, submitter_id)
             VALUES ($1, $2, $3, $4, $5, $6, 'PAID', $6, $6, true, $7)`,
            [paymentNumber(payment.paidOn), contract.id, milestoneIds.get(payment.milestone.trim()), yuanToFen(payment.amount), supplier.bankAccount ?? '', payment.paidOn, actor.id],
          );
        }
        // The signed amount is committed on its line (an import finds no reservation to turn).
        await this.ledger.moveWithin(tx, [{ lineId: line.id, kind: 'spend', amountFen, operationKey: `contract:${contract.id}:commit`, actor: actor.username, reason: `导入已签合同 ${row.ref} imported signed contract` }]);
        byRef.set(row.ref.trim(), { id: contract.id, supplierId: supplier.id });
        created.push({ ref: row.ref.trim(), id: contract.id });
      }
      if (errors.length > 0) throw new RequestValidationError(errors);
      this.logger.log(`${actor.username} imported ${created.length} signed contracts`);
      return { imported: created.length, contracts: created };
    });
  }

  async list(actor: Actor, filter: { status?: string; supplier?: string }): Promise<ReturnType<typeof listItem>[]> {
    const scope = this.access.listScope(actor);
    const params: unknown[] = scope.all ? [] : [actor.id, scope.units];
    let where = scope.all ? 'true' : `(c.submitter_id = $1 OR u.code = ANY($2::text[]))`;
    if (filter.status) where += ` AND c.status = $${params.push(filter.status)}`;
    if (filter.supplier && isUuid(filter.supplier)) where += ` AND c.supplier_id = $${params.push(filter.supplier)}`;
    return (await this.records.contractsWhere(where, params)).map(listItem);
  }

  async view(actor: Actor, id: string): Promise<ContractView> {
    const contract = await this.readable(actor, id);
    await this.involvement.markCopyRead({ kind: CONTRACT_KIND, id }, actor.username);
    const [milestones, items, payments, supplements, findings, original] = await Promise.all([
      this.records.milestones([id]),
      this.records.items(id),
      this.records.paymentsOfContracts([id]),
      this.records.supplementsOf(id),
      this.records.findings('contract', id),
      contract.originalId ? this.records.contract(contract.originalId) : Promise.resolve(null),
    ]);
    const activities = contract.processInstanceId && !['SIGNED', 'REJECTED', 'RETURNED'].includes(contract.status) ? await this.engine.currentActivityIds(contract.processInstanceId) : [];
    return toView(contract, milestones, items, payments, supplements, findings, original, activities, this.clock.today());
  }

  async progress(actor: Actor, id: string): Promise<ProcessProgress | null> {
    const contract = await this.readable(actor, id);
    return contract.processInstanceId ? this.processProgress.progress(contract.processInstanceId) : null;
  }

  async assertVisible(actor: Actor, id: string): Promise<void> {
    await this.readable(actor, id);
  }

  /**
   * The signing step: the submitter (or procurement) records the day signed once the signed scan is
   * attached; the flow then commits the contract amount on its line.
   */
  async sign(actor: Actor, id: string, dto: SignContractDto): Promise<{ id: string; status: ContractStatus }> {
    const contract = await this.readable(actor, id);
    if (contract.submitterId !== actor.id && !actor.groups.includes('procurement')) throw new ContractForbiddenError();
    if (contract.status !== 'SIGNING') throw new ContractNotSignableError(contract.status);
    if (dto.signedOn < contract.awardedOn) throw new RequestValidationError([{ field: 'signedOn', message: bilingual('签订日期不能早于中标通知日期', 'the signing day must not be before the award notice') }]);
    if (dto.signedOn > this.clock.today()) throw new RequestValidationError([{ field: 'signedOn', message: bilingual('签订日期不能晚于今天', 'the signing day must not be in the future') }]);
    const [scan] = await this.dataSource.query(`SELECT 1 FROM attachment WHERE subject_kind = $1 AND subject_id = $2 AND category = $3 LIMIT 1`, [CONTRACT_KIND, id, SIGNED_SCAN_CATEGORY]);
    if (!scan) throw new SignedScanMissingError();
    const task = await this.signTask(contract.processInstanceId!);
    if (!task) throw new ContractNotSignableError(contract.status);
    await this.dataSource.query(`UPDATE contract SET signed_on = $2, updated_at = now() WHERE id = $1 AND status = 'SIGNING'`, [id, dto.signedOn]);
    await this.engine.completeTask(task.id, { signedBy: actor.username, signedOn: dto.signedOn });
    return { id, status: 'SIGNING' };
  }

  /** The signing task; the status turns SIGNING a moment before the engine creates it, so it is looked for a few times. */
  private async signTask(processInstanceId: string): Promise<{ id: string } | null> {
    for (let attempt = 0; attempt < 15; attempt++) {
      const [task] = await this.engine.queryTasks({ processInstanceId, taskDefinitionKey: SIGN_TASK });
      if (task) return task;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return null;
  }

  /**
   * After signing: the contract amount is committed on its line — the procurement request's
   * reservation turned into the commitment and the rest released (procurement's ledger keys), or,
   * for a contract with no request behind it, the amount committed outright. Replays move nothing.
   */
  async commitSigned(id: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [locked] = await tx.query(`SELECT status FROM contract WHERE id = $1 FOR UPDATE`, [id]);
      if (!locked || locked.status === 'SIGNED') return;
      const contract = (await this.records.contract(id, tx))!;
      if (contract.awardRequestId) {
        await this.reservations.commitForContract(tx, contract.awardRequestId, contract.budgetLineId, id, contract.amountFen, actor);
      } else {
        await this.ledger.moveWithin(tx, [{ lineId: contract.budgetLineId, kind: 'spend', amountFen: contract.amountFen, operationKey: `contract:${id}:commit`, actor, reason: `合同 ${contract.number} 签订，确认支出 signed: the contract amount is committed` }]);
      }
      await tx.query(`UPDATE contract SET status = 'SIGNED', signed_on = coalesce(signed_on, $2), updated_at = now() WHERE id = $1`, [id, this.clock.today()]);
    });
    this.logger.log(`contract ${id} signed and committed`);
  }

  /** The flow's end without signing: RETURNED (blocking findings) or REJECTED (an approver). */
  async close(id: string, outcome: 'RETURNED' | 'REJECTED' | 'SIGNING'): Promise<void> {
    await this.dataSource.query(`UPDATE contract SET status = $2, updated_at = now() WHERE id = $1 AND status NOT IN ('SIGNED', 'REJECTED')`, [id, outcome]);
  }

  async readable(actor: Actor, id: string): Promise<ContractRow> {
    const contract = isUuid(id) ? await this.records.contract(id) : null;
    if (!contract) throw new ContractNotFoundError(id);
    if (!(await this.access.mayReadContract(actor, contract))) throw new ContractForbiddenError();
    return contract;
  }

  private async byNumber(tx: EntityManager, number: string): Promise<{ id: string; supplierId: string } | null> {
    const [row] = await tx.query(`SELECT id, supplier_id FROM contract WHERE number = $1`, [number.trim()]);
    return row ? { id: row.id, supplierId: row.supplier_id } : null;
  }

  private async insertItems(tx: EntityManager, contractId: string, items: ContractItemDto[]): Promise<void> {
    for (const [position, item] of items.entries()) {
      await tx.query(`INSERT INTO contract_item (contract_id, position, name, category, quantity, unit_price_fen, special_equipment) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        contractId, position, item.name.trim(), item.category ?? '', item.quantity, yuanToFen(item.unitPrice), item.specialEquipment === true,
      ]);
    }
  }

  private async insertMilestones(tx: EntityManager, contractId: string, milestones: ResolvedMilestone[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const [position, m] of milestones.entries()) {
      const [row] = await tx.query(`INSERT INTO contract_milestone (contract_id, position, name, condition, amount_fen) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [contractId, position, m.name, m.condition, m.amountFen]);
      ids.set(m.name, row.id);
    }
    return ids;
  }
}

export function contractNumber(today: string): string {
  return `HT-${today.slice(0, 4)}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export function paymentNumber(today: string): string {
  return `FK-${today.slice(0, 4)}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

function listItem(c: ContractRow) {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status,
    unit: c.unitName,
    supplier: c.supplierName,
    amount: fenToYuan(c.amountFen),
    signedOn: c.status === 'SIGNED' ? c.signedOn : null,
    originalId: c.originalId,
    submitter: c.submitterName,
    createdAt: c.createdAt.toISOString(),
  };
}

function toView(c: ContractRow, milestones: MilestoneRow[], items: ItemRow[], payments: PaymentRow[], supplements: ContractRow[], findings: FindingRow[], original: ContractRow | null, activities: string[], today: string): ContractView {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status,
    unit: c.unitName,
    unitCode: c.unitCode,
    budgetLine: { id: c.budgetLineId, subject: c.lineSubject, fund: c.lineFund, name: c.lineName },
    supplier: { id: c.supplierId, name: c.supplierName, creditCode: c.supplierCreditCode, sme: c.supplierSme, account: c.supplierAccount, bank: c.supplierBank },
    awardId: c.awardId,
    amount: fenToYuan(c.amountFen),
    awardAmount: fenToYuan(c.awardAmountFen),
    awardedOn: c.awardedOn,
    signedOn: c.signedOn,
    endsOn: c.endsOn,
    paymentTermDays: c.paymentTermDays,
    bond: fenToYuan(c.bondFen),
    warrantyEndsOn: c.warrantyEndsOn,
    deliveredOn: c.deliveredOn,
    acceptedOn: c.acceptedOn,
    original: original ? { id: original.id, number: original.number } : null,
    supplements: supplements.map((s) => ({ id: s.id, number: s.number, title: s.title, amount: fenToYuan(s.amountFen), status: s.status })),
    milestones: milestones.map((m) => ({
      id: m.id,
      name: m.name,
      condition: m.condition,
      amount: fenToYuan(m.amountFen),
      paid: fenToYuan(payments.filter((p) => p.milestoneId === m.id && p.status === 'PAID').reduce((sum, p) => sum + p.amountFen, 0)),
      conditionSince: c.status === 'SIGNED' ? conditionDay(m.condition, c, today) : null,
    })),
    items: items.map((i) => ({ id: i.id, name: i.name, category: i.category, quantity: i.quantity, unitPrice: fenToYuan(i.unitPriceFen), specialEquipment: i.specialEquipment })),
    payments: payments.map((p) => ({ id: p.id, number: p.number, milestoneId: p.milestoneId, amount: fenToYuan(p.amountFen), status: p.status, requestedOn: p.requestedOn, paidOn: p.paidOn })),
    findings,
    approvalChain: c.approvalChain,
    submitter: c.submitter,
    submitterName: c.submitterName,
    imported: c.imported,
    activities,
    processInstanceId: c.processInstanceId,
  };
}
