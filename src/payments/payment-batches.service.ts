import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentsService } from '../attachments/attachments.service';
import { setAudit } from './audit-settings';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { Clock } from '../common/clock';
import { dayNumber } from '../common/days';
import { DomainError, FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan, MONEY_PATTERN, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { AppConfig } from '../config/app-config';
import { EngineClient } from '../engine/engine-client';
import type { Actor } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { ApprovalStep, loopStartVariables } from '../subjects/approval-loop';
import { maskNumber } from './account-numbers';
import { BankField, BankLayout, loadBankLayouts, readTable, resultLayoutOf, writeBankFile } from './bank-files';
import { PAYMENT_SET } from './claim-payables';
import type { BuildBatchDto } from './dto/payments.dto';
import type { Payable } from './payable';
import { PayablesRegistry } from './payables.registry';
import { BatchStatus, PaymentBatch, PaymentBatchEvent, PaymentLine } from './payment.entities';
import type { BatchView, DueView, ImportReport, LineView } from './payment.views';
export type { BatchView, DueView, ImportReport, LineView } from './payment.views';
import { PaymentBatchNotFoundError, PaymentBatchStateError, PaymentFileRefusedError, PaymentsForbiddenError } from './payments.errors';
import { READ_ACCOUNTS_WHOLE } from './person-accounts.service';

export const PAYMENT_BATCH_PROCESS = 'payment-batch';
export const PAYMENT_BATCH_KIND = 'payment-batch';
/** Who reads what is due and the batches: the cashier, finance, the accountant, the leaders. */
export const READ_PAYMENTS = ['cashier', 'finance', 'accountant', 'deputy-chief', 'chief'];
/** Who builds batches, exports the bank's file and records its result. */
export const PAY = ['cashier'];
const METHOD_TEXT: Record<string, string> = { authorized: '授权支付', card: '公务卡还款', direct: '直接支付' };
/** Lines applied per transaction when a result is imported; each line keeps its own savepoint. */
export const RESULT_CHUNK = 200;

interface ResultRow {
  rowNo: number;
  line: PaymentLine;
  outcome: 'PAID' | 'FAILED';
  reason: string;
}

/**
 * 支付批次: the cashier builds a batch from what is due (every registered payable source), finance
 * approves it on the engine, the cashier exports the bank's file and imports the bank's result,
 * which pays or fails each line through its source. A source stands in one live line at most (a
 * unique index), a resolved line never changes (a trigger), so nothing is paid twice.
 */
@Injectable()
export class PaymentBatchesService {
  private readonly logger = new Logger(PaymentBatchesService.name);
  private readonly layouts: BankLayout[] = loadBankLayouts();

  constructor(
    private readonly dataSource: DataSource,
    private readonly payables: PayablesRegistry,
    private readonly engine: EngineClient,
    private readonly deadline: ApprovalDeadline,
    private readonly rules: RulesService,
    private readonly attachments: AttachmentsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  // --- what is due ------------------------------------------------------------------------------

  async due(actor: Actor): Promise<DueView[]> {
    assertMay(actor, READ_PAYMENTS);
    const all = (await Promise.all(this.payables.all().map((source) => source.due(this.dataSource.manager)))).flat();
    const failures = await this.lastFailures(all.map((p) => p.source));
    const today = dayNumber(this.clock.today());
    const whole = mayReadWhole(actor);
    return all.map((p) => ({
      kind: p.source.kind,
      id: p.source.id,
      reference: p.reference,
      title: p.title,
      link: p.link ?? null,
      payee: p.payee.name,
      payeeKey: p.payee.key,
      account: p.payee.account ? (whole ? p.payee.account : maskNumber(p.payee.account)) : null,
      bank: p.payee.bank,
      amount: fenToYuan(p.amountFen),
      method: p.method,
      budget: budgetText(p.budgetLine),
      dueSince: p.dueSince,
      daysSinceApproval: Math.max(0, today - dayNumber(p.dueSince)),
      notes: p.notes ?? [],
      lastFailure: failures.get(`${p.source.kind}:${p.source.id}`) ?? null,
      missingAccount: !p.payee.account,
    }));
  }

  private async lastFailures(sources: Payable['source'][]): Promise<Map<string, DueView['lastFailure']>> {
    if (sources.length === 0) return new Map();
    const rows: { key: string; number: string; batch_id: string; bank_reason: string; resolved_at: Date }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (l.source_kind, l.source_id) l.source_kind || ':' || l.source_id AS key, b.number, b.id AS batch_id, l.bank_reason, l.resolved_at
         FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id
        WHERE l.status = 'FAILED' AND l.source_kind || ':' || l.source_id = ANY($1)
        ORDER BY l.source_kind, l.source_id, l.resolved_at DESC`,
      [sources.map((s) => `${s.kind}:${s.id}`)],
    );
    return new Map(rows.map((r) => [r.key, { batch: r.number, batchId: r.batch_id, reason: r.bank_reason, at: new Date(r.resolved_at).toISOString() }]));
  }

  // --- building and approving -------------------------------------------------------------------

  /** A batch of the selected due lines, each rechecked as due now; started on the engine for approval. */
  async build(actor: Actor, dto: BuildBatchDto): Promise<BatchView> {
    assertMay(actor, PAY);
    const chain = this.approvalChain();
    const batch = await this.dataSource.transaction(async (tx) => {
      await setAudit(tx);
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      const lines: Payable[] = [];
      for (const [index, ref] of dto.lines.entries()) {
        const field = `lines[${index}]`;
        const key = `${ref.kind}:${ref.id}`;
        if (seen.has(key)) {
          errors.push({ field, message: bilingual('同一笔重复选择', 'is selected twice') });
          continue;
        }
        seen.add(key);
        const source = this.payables.source(ref.kind);
        const payable = source ? await source.dueOne(tx, ref.id) : null;
        if (!payable) errors.push({ field, message: bilingual('该笔已不在待支付中（已支付、已在其他批次中或已撤回）', 'is no longer due (paid, in another batch, or withdrawn)') });
        else if (!payable.payee.account) errors.push({ field, message: bilingual(`收款人 ${payable.payee.name} 没有登记银行账户`, `payee ${payable.payee.name} has no bank account on record`) });
        else lines.push(payable);
      }
      if (errors.length > 0) throw new RequestValidationError(errors);
      const totalFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
      const number = await this.nextNumber(tx);
      const saved = await tx.getRepository(PaymentBatch).save(tx.getRepository(PaymentBatch).create({
        number,
        status: 'IN_APPROVAL',
        title: dto.title?.trim() || `${this.clock.today()} 报销支付`,
        createdBy: actor.username,
        totalFen,
        lineCount: lines.length,
        approvalChain: chain,
        processInstanceId: null,
      }));
      await insertLines(tx, saved.id, lines);
      await this.record(tx, saved.id, 'built', actor.username, { lines: lines.length, total: fenToYuan(totalFen) });
      return saved;
    }).catch((error) => {
      // Another batch took a line between the recheck and the insert.
      if ((error as { code?: string }).code === '23505') throw new RequestValidationError([{ field: 'lines', message: bilingual('所选的某笔已被放入其他批次，请刷新后重试', 'a selected line was just put into another batch; refresh and try again') }]);
      throw error;
    });
    try {
      const instance = await this.engine.startProcessOnce(PAYMENT_BATCH_PROCESS, batch.id, { batchId: batch.id, cashier: actor.username, ...loopStartVariables(chain, this.deadline.fromNow()) });
      await this.dataSource.getRepository(PaymentBatch).update(batch.id, { processInstanceId: instance.id });
    } catch (error) {
      // Nothing half-made: the lines go back to 待支付 and the batch is withdrawn.
      await this.release(batch.id, 'WITHDRAWN', 'system', { reason: 'engine refused the start' });
      throw error;
    }
    this.logger.log(`${actor.username} built payment batch ${batch.number}: ${batch.lineCount} lines, ${fenToYuan(batch.totalFen)}`);
    return this.view(actor, batch.id);
  }

  /** The chain from the payment rule set's routing data: by default the head of 财务科 (finance). */
  private approvalChain(): ApprovalStep[] {
    const steps = (this.rules.inForce(PAYMENT_SET, this.clock.today()).data as { batchApproval?: ApprovalStep[] }).batchApproval ?? [];
    return steps.length > 0 ? steps.map((s) => ({ step: s.step, group: s.group, reason: s.reason })) : [{ step: 'finance', group: 'finance', reason: { zh: '财务科负责人审批', en: 'The head of finance approves' } }];
  }

  private async nextNumber(tx: EntityManager): Promise<string> {
    const year = this.clock.today().slice(0, 4);
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('payment_batch_number'))`);
    const [{ n }] = await tx.query(`SELECT count(*)::int + 1 AS n FROM payment_batch WHERE number LIKE $1`, [`PB-${year}-%`]);
    return `PB-${year}-${String(n).padStart(4, '0')}`;
  }

  /** The flow's close step: approved (the bank file may be exported) or rejected (the lines are due again). */
  async close(batchId: string, outcome: 'APPROVED' | 'REJECTED'): Promise<void> {
    if (outcome === 'REJECTED') return this.release(batchId, 'REJECTED', 'worker:payment-batch-close', {});
    await this.dataSource.transaction(async (tx) => {
      await setAudit(tx);
      const [row] = await tx.query(`SELECT status FROM payment_batch WHERE id = $1 FOR UPDATE`, [batchId]);
      if (!row || row.status !== 'IN_APPROVAL') return;
      await tx.query(`UPDATE payment_batch SET status = 'APPROVED', approved_at = now(), updated_at = now() WHERE id = $1`, [batchId]);
      await this.record(tx, batchId, 'approved', 'worker:payment-batch-close', {});
    });
  }

  private async release(batchId: string, status: 'REJECTED' | 'WITHDRAWN', actor: string, detail: Record<string, unknown>): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await setAudit(tx);
      const [row] = await tx.query(`SELECT status FROM payment_batch WHERE id = $1 FOR UPDATE`, [batchId]);
      if (!row || row.status !== 'IN_APPROVAL') return;
      await tx.query(`UPDATE payment_line SET status = 'RELEASED' WHERE batch_id = $1 AND status = 'PENDING'`, [batchId]);
      await tx.query(`UPDATE payment_batch SET status = $2, updated_at = now() WHERE id = $1`, [batchId, status]);
      await this.record(tx, batchId, status === 'REJECTED' ? 'rejected' : 'withdrawn', actor, detail);
    });
  }

  /** The cashier takes back a batch still in approval: its lines are due again. */
  async withdraw(actor: Actor, id: string): Promise<BatchView> {
    assertMay(actor, PAY);
    const batch = await this.find(id);
    if (batch.status !== 'IN_APPROVAL') throw new PaymentBatchStateError('只有审批中的批次可以撤回', 'Only a batch in approval can be withdrawn', batch.status);
    if (batch.processInstanceId) await this.engine.deleteProcessInstance(batch.processInstanceId, `withdrawn by ${actor.username}`).catch(() => undefined);
    await this.release(id, 'WITHDRAWN', actor.username, {});
    return this.view(actor, id);
  }

  // --- the bank's file and its result -----------------------------------------------------------

  /** The bank's batch file in a layout; only an approved batch, and always the same lines. */
  async export(actor: Actor, id: string, layoutId: string): Promise<{ content: Buffer; fileName: string; asciiName: string }> {
    assertMay(actor, PAY);
    const layout = this.layout(layoutId);
    const batch = await this.find(id);
    if (!['APPROVED', 'EXPORTED', 'PARTIAL', 'COMPLETED'].includes(batch.status)) {
      throw new PaymentBatchStateError('批次审批通过后才能导出银行文件', 'The bank file is exported only once the batch is approved', batch.status);
    }
    const lines = await this.dataSource.getRepository(PaymentLine).find({ where: { batchId: id }, order: { rowNo: 'ASC' } });
    const content = await writeBankFile(layout, lines.map((line) => bankRow(batch, line)));
    const fileName = `${batch.number}-${layout.id}.${layout.format}`;
    const first = await this.dataSource.transaction(async (tx) => {
      await setAudit(tx);
      await tx.query(`UPDATE payment_batch SET status = CASE WHEN status = 'APPROVED' THEN 'EXPORTED' ELSE status END, exported_at = coalesce(exported_at, now()), updated_at = now() WHERE id = $1`, [id]);
      const [{ before }] = await tx.query(`SELECT count(*)::int AS before FROM payment_batch_event WHERE batch_id = $1 AND action = 'exported' AND detail->>'layout' = $2`, [id, layout.id]);
      await this.record(tx, id, 'exported', actor.username, { layout: layout.id, lines: lines.length });
      return before === 0;
    });
    // The first export of each layout is kept with the batch; a later one has the same lines.
    if (first) await this.attach(actor, id, content, fileName, layout.format, '银行批量支付文件');
    return { content, fileName, asciiName: `${batch.number}-${layout.id}.${layout.format}` };
  }

  /** Reads the uploaded result file and applies it; refused whole when it is not a result file. */
  async importResult(actor: Actor, id: string, request: Request): Promise<ImportReport> {
    assertMay(actor, PAY);
    const batch = await this.find(id);
    const received = await this.attachments.receive(request);
    try {
      const content = await readFile(received.path);
      const report = await this.applyResult(actor, batch, content);
      const format = report.layout.startsWith('xlsx') ? 'xlsx' : 'csv';
      await this.attach(actor, id, content, received.fileName || `${batch.number}-result.${format}`, format, '银行回单（支付结果）');
      return report;
    } finally {
      await received.discard();
    }
  }

  /** The result's rows checked against the batch, then each good row paid or failed through its source. */
  async applyResult(actor: Actor, batch: PaymentBatch, content: Buffer, chunk = RESULT_CHUNK): Promise<ImportReport> {
    if (!['EXPORTED', 'PARTIAL', 'COMPLETED'].includes(batch.status)) {
      throw new PaymentBatchStateError('批次导出银行文件后才能导入支付结果', 'The result is imported only after the bank file was exported', batch.status);
    }
    const table = await readTable(content);
    const { layout, index } = resultLayoutOf(table, this.layouts);
    if (table.rows.length === 0) throw new PaymentFileRefusedError('empty', '结果文件没有数据行', 'The result file has no rows');
    const lines = await this.dataSource.getRepository(PaymentLine).find({ where: { batchId: batch.id } });
    const byKey = new Map(lines.map((line) => [`${line.sourceKind}:${line.sourceId}`, line]));
    const report: ImportReport = { batch: batch.number, layout: layout.id, rows: table.rows.length, paid: 0, failed: 0, unchanged: [], refused: [], status: batch.status };
    const refuse = (row: number, key: string, zh: string, en: string) => report.refused.push({ row, key, reason: zh, reasonEn: en });
    const good: ResultRow[] = [];
    const seen = new Set<string>();
    for (const { rowNo, cells } of table.rows) {
      const cell = (field: BankField | 'status' | 'reason') => (index[field] >= 0 ? (cells[index[field]] ?? '').trim() : '');
      const key = cell('key');
      if (cell('batch') !== batch.number) {
        refuse(rowNo, key, `该行属于批次 ${cell('batch') || '（空）'}，不是本批次 ${batch.number}`, `The row belongs to batch ${cell('batch') || '(none)'}, not ${batch.number}`);
        continue;
      }
      const line = byKey.get(key);
      if (!line) {
        refuse(rowNo, key, `业务编号 ${key || '（空）'} 不在本批次中`, `Key ${key || '(none)'} is not a line of this batch`);
        continue;
      }
      if (seen.has(key)) {
        refuse(rowNo, key, '同一业务编号在文件中重复出现', 'The key appears twice in the file');
        continue;
      }
      seen.add(key);
      const amount = cell('amount');
      if (!MONEY_PATTERN.test(amount) || yuanToFen(amount) !== line.amountFen) {
        refuse(rowNo, key, `金额 ${amount || '（空）'} 与批次中的 ${fenToYuan(line.amountFen)} 不符`, `Amount ${amount || '(none)'} differs from the batch's ${fenToYuan(line.amountFen)}`);
        continue;
      }
      if (index.account >= 0 && cell('account') !== line.accountNo) {
        refuse(rowNo, key, '收款账号与批次不符', 'The account differs from the batch');
        continue;
      }
      const status = cell('status');
      const outcome = status === layout.result.paid ? 'PAID' : status === layout.result.failed ? 'FAILED' : null;
      if (!outcome) {
        refuse(rowNo, key, `状态应为「${layout.result.paid}」或「${layout.result.failed}」，文件中为「${status}」`, `Status must be ${layout.result.paid} or ${layout.result.failed}, got "${status}"`);
        continue;
      }
      if (line.status !== 'PENDING') {
        if (line.status === outcome) report.unchanged.push({ row: rowNo, key, reason: line.status === 'PAID' ? '已确认支付，未重复处理' : '已确认失败，未重复处理' });
        else refuse(rowNo, key, `该笔已确认为${line.status === 'PAID' ? '已支付' : '支付失败'}，不能改为${outcome === 'PAID' ? '成功' : '失败'}`, `The line is already ${line.status}`);
        continue;
      }
      good.push({ rowNo, line, outcome, reason: cell('reason') || (outcome === 'FAILED' ? '银行未说明原因' : '') });
    }
    const paidOn = this.clock.today();
    for (let start = 0; start < good.length; start += chunk) {
      await this.applyChunk(actor, batch, good.slice(start, start + chunk), paidOn, chunk > 1, report);
    }
    report.status = await this.settle(actor, batch.id, report, layout.id);
    this.logger.log(`${actor.username} imported the result of ${batch.number}: ${report.paid} paid, ${report.failed} failed, ${report.refused.length} refused, ${report.unchanged.length} unchanged`);
    return report;
  }

  /**
   * One transaction for the chunk, one savepoint per line: a line is paid or failed whole (source,
   * ledger, event, notification) or not at all, and a line its source refuses is reported alone.
   */
  private async applyChunk(actor: Actor, batch: PaymentBatch, rows: ResultRow[], paidOn: string, savepoints: boolean, report: ImportReport): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await setAudit(tx);
      for (const row of rows) {
        if (savepoints) await tx.query('SAVEPOINT line');
        try {
          const [current] = await tx.query(`SELECT status FROM payment_line WHERE id = $1 FOR UPDATE`, [row.line.id]);
          if (current.status !== 'PENDING') {
            report.unchanged.push({ row: row.rowNo, key: `${row.line.sourceKind}:${row.line.sourceId}`, reason: '已由另一次导入处理' });
            continue;
          }
          const source = this.payables.source(row.line.sourceKind);
          if (!source) throw new Error(`no payable source ${row.line.sourceKind} is registered`);
          const context = { batchId: batch.number, actor: actor.username, method: row.line.method };
          if (row.outcome === 'PAID') {
            await source.markPaid(tx, row.line.sourceId, paidOn, context);
            await tx.query(`UPDATE payment_line SET status = 'PAID', paid_on = $2, bank_reason = nullif($3, ''), resolved_by = $4, resolved_at = now() WHERE id = $1`, [row.line.id, paidOn, row.reason, actor.username]);
            report.paid += 1;
          } else {
            await tx.query(`UPDATE payment_line SET status = 'FAILED', bank_reason = $2, resolved_by = $3, resolved_at = now() WHERE id = $1`, [row.line.id, row.reason, actor.username]);
            await source.markFailed(tx, row.line.sourceId, row.reason, context);
            report.failed += 1;
          }
          if (savepoints) await tx.query('RELEASE SAVEPOINT line');
        } catch (error) {
          if (!(error instanceof DomainError) || !savepoints) throw error;
          await tx.query('ROLLBACK TO SAVEPOINT line');
          report.refused.push({ row: row.rowNo, key: `${row.line.sourceKind}:${row.line.sourceId}`, reason: error.messageZh, reasonEn: error.messageEn });
        }
      }
    });
  }

  /** The batch's status from its lines: completed when none is pending, else partial once one is resolved. */
  private async settle(actor: Actor, batchId: string, report: ImportReport, layout: string): Promise<BatchStatus> {
    return this.dataSource.transaction(async (tx) => {
      await setAudit(tx);
      const [counts] = await tx.query(`SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*) FILTER (WHERE status IN ('PAID', 'FAILED'))::int AS resolved FROM payment_line WHERE batch_id = $1`, [batchId]);
      await tx.query(
        `UPDATE payment_batch SET status = CASE WHEN $2::int = 0 THEN 'COMPLETED' WHEN $3::int > 0 THEN 'PARTIAL' ELSE status END,
                completed_at = CASE WHEN $2::int = 0 THEN coalesce(completed_at, now()) ELSE completed_at END, updated_at = now()
          WHERE id = $1`,
        [batchId, counts.pending, counts.resolved],
      );
      const [row]: { status: BatchStatus }[] = await tx.query(`SELECT status FROM payment_batch WHERE id = $1`, [batchId]);
      await this.record(tx, batchId, 'result-imported', actor.username, { layout, rows: report.rows, paid: report.paid, failed: report.failed, refused: report.refused.length, unchanged: report.unchanged.length });
      return row.status;
    });
  }

  // --- reading ------------------------------------------------------------------------------------

  async list(actor: Actor, status?: string): Promise<Omit<BatchView, 'lines' | 'history' | 'layouts'>[]> {
    assertMay(actor, READ_PAYMENTS);
    const batches = await this.dataSource.getRepository(PaymentBatch).find({ where: status ? { status: status as BatchStatus } : {}, order: { createdAt: 'DESC' }, take: 200 });
    const sums = await this.sums(batches.map((b) => b.id));
    return batches.map((b) => summary(b, sums.get(b.id)));
  }

  async view(actor: Actor, id: string): Promise<BatchView> {
    assertMay(actor, READ_PAYMENTS);
    const batch = await this.find(id);
    const lines = await this.dataSource.getRepository(PaymentLine).find({ where: { batchId: id }, order: { rowNo: 'ASC' } });
    const history = await this.dataSource.getRepository(PaymentBatchEvent).find({ where: { batchId: id }, order: { id: 'ASC' } });
    const whole = mayReadWhole(actor);
    return {
      ...summary(batch, (await this.sums([id])).get(id)),
      lines: lines.map((line) => ({
        id: line.id,
        row: line.rowNo,
        kind: line.sourceKind,
        sourceId: line.sourceId,
        reference: line.reference,
        title: line.title,
        payee: line.payeeName,
        account: whole ? line.accountNo : maskNumber(line.accountNo),
        bank: line.bankName,
        amount: fenToYuan(line.amountFen),
        method: line.method,
        budget: budgetText({ unit: line.budgetUnit, subject: line.budgetSubject, fund: line.budgetFund, name: line.budgetName }),
        dueSince: line.dueSince,
        status: line.status,
        bankReason: line.bankReason,
        paidOn: line.paidOn,
        notes: line.notes,
      })),
      history: history.map((h) => ({ action: h.action, actor: h.actor, detail: h.detail, at: h.at.toISOString() })),
      layouts: this.layouts.map((l) => ({ id: l.id, name: l.name, format: l.format })),
    };
  }

  /** A batch's lines as links see them. */
  async linesOfBatch(batchId: string): Promise<{ kind: string; sourceId: string; reference: string; title: string; payee: string; amount: string; status: string; paidOn: string | null; bankReason: string | null }[]> {
    const lines = await this.dataSource.getRepository(PaymentLine).find({ where: { batchId }, order: { rowNo: 'ASC' }, take: 500 });
    return lines.map((l) => ({ kind: l.sourceKind, sourceId: l.sourceId, reference: l.reference, title: l.title, payee: l.payeeName, amount: fenToYuan(l.amountFen), status: l.status, paidOn: l.paidOn, bankReason: l.bankReason }));
  }

  /** Every batch line of one source, newest first (a claim's page shows its payment). */
  async linesOfSource(kind: string, id: string): Promise<{ batchId: string; batch: string; batchStatus: BatchStatus; status: PaymentLine['status']; amount: string; method: string; account: string | null; paidOn: string | null; bankReason: string | null; at: string }[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT b.id AS batch_id, b.number, b.status AS batch_status, l.status, l.amount_fen, l.method, l.account_no, to_char(l.paid_on, 'YYYY-MM-DD') AS paid_on, l.bank_reason, coalesce(l.resolved_at, b.created_at) AS at
         FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id WHERE l.source_kind = $1 AND l.source_id = $2 ORDER BY b.created_at DESC`,
      [kind, id],
    );
    return rows.map((r) => ({ batchId: r.batch_id, batch: r.number, batchStatus: r.batch_status, status: r.status, amount: fenToYuan(Number(r.amount_fen)), method: r.method, account: maskNumber(r.account_no), paidOn: r.paid_on, bankReason: r.bank_reason, at: new Date(r.at).toISOString() }));
  }

  async find(id: string): Promise<PaymentBatch> {
    const batch = isUuid(id) ? await this.dataSource.getRepository(PaymentBatch).findOne({ where: { id } }) : null;
    if (!batch) throw new PaymentBatchNotFoundError(id);
    return batch;
  }

  async findByIds(ids: string[]): Promise<PaymentBatch[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.dataSource.getRepository(PaymentBatch).createQueryBuilder('b').where('b.id IN (:...ids)', { ids: valid }).getMany() : [];
  }

  async findByProcessInstanceIds(ids: string[]): Promise<PaymentBatch[]> {
    return ids.length ? this.dataSource.getRepository(PaymentBatch).createQueryBuilder('b').where('b.process_instance_id IN (:...ids)', { ids }).getMany() : [];
  }

  /** Usernames a batch pays: they do not decide its approval (CLM-SELF-APPROVAL). */
  async payeesOf(batchIds: string[]): Promise<Map<string, string[]>> {
    if (batchIds.length === 0) return new Map();
    const rows: { batch_id: string; payees: string[] }[] = await this.dataSource.query(
      `SELECT batch_id, array_agg(DISTINCT payee_key) AS payees FROM payment_line WHERE batch_id = ANY($1) AND payee_kind = 'person' GROUP BY batch_id`,
      [batchIds],
    );
    return new Map(rows.map((r) => [r.batch_id, r.payees]));
  }

  /** Batches whose lines carry a warning an approver must read. */
  async withNotes(batchIds: string[]): Promise<Set<string>> {
    if (batchIds.length === 0) return new Set();
    const rows: { batch_id: string }[] = await this.dataSource.query(`SELECT DISTINCT batch_id FROM payment_line WHERE batch_id = ANY($1) AND jsonb_array_length(notes) > 0`, [batchIds]);
    return new Set(rows.map((r) => r.batch_id));
  }

  private async sums(ids: string[]): Promise<Map<string, { paidCount: number; paidFen: number; failedCount: number; failedFen: number; pending: number }>> {
    if (ids.length === 0) return new Map();
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT batch_id, count(*) FILTER (WHERE status = 'PAID') AS paid_count, coalesce(sum(amount_fen) FILTER (WHERE status = 'PAID'), 0) AS paid_fen,
              count(*) FILTER (WHERE status = 'FAILED') AS failed_count, coalesce(sum(amount_fen) FILTER (WHERE status = 'FAILED'), 0) AS failed_fen,
              count(*) FILTER (WHERE status = 'PENDING') AS pending
         FROM payment_line WHERE batch_id = ANY($1) GROUP BY batch_id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.batch_id, { paidCount: Number(r.paid_count), paidFen: Number(r.paid_fen), failedCount: Number(r.failed_count), failedFen: Number(r.failed_fen), pending: Number(r.pending) }]));
  }

  private layout(id: string): BankLayout {
    const layout = this.layouts.find((l) => l.id === id);
    if (!layout) throw new RequestValidationError([{ field: 'layout', message: bilingual(`没有银行文件格式 ${id}，可选：${this.layouts.map((l) => l.id).join('、')}`, `no bank layout ${id}; one of ${this.layouts.map((l) => l.id).join(', ')}`) }]);
    return layout;
  }

  private async record(tx: EntityManager, batchId: string, action: string, actor: string, detail: Record<string, unknown>): Promise<void> {
    await tx.query(`INSERT INTO payment_batch_event (batch_id, action, actor, detail) VALUES ($1, $2, $3, $4)`, [batchId, action, actor, JSON.stringify(detail)]);
  }

  /** Keeps a file with the batch (the exported bank file, the bank's result). */
  private async attach(actor: Actor, batchId: string, content: Buffer, fileName: string, format: 'csv' | 'xlsx', category: string): Promise<void> {
    const dir = join(this.config.DATA_DIR, 'tmp', 'payments');
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${randomUUID()}.${format}`);
    await writeFile(path, content);
    try {
      const sha256 = createHash('sha256').update(content).digest('hex');
      await this.attachments.keep(actor, { path, fileName, sha256, size: content.length }, format, { kind: PAYMENT_BATCH_KIND, id: batchId }, { category, invoice: null, supersedes: null });
    } finally {
      await rm(path, { force: true });
    }
  }
}

async function insertLines(tx: EntityManager, batchId: string, lines: Payable[]): Promise<void> {
  const rows = lines.map((p, index) => ({
    batchId,
    rowNo: index + 1,
    sourceKind: p.source.kind,
    sourceId: p.source.id,
    reference: p.reference,
    title: p.title || p.reference,
    payeeKind: p.payee.kind,
    payeeKey: p.payee.key,
    payeeName: p.payee.name,
    accountNo: p.payee.account,
    bankName: p.payee.bank,
    amountFen: p.amountFen,
    method: p.method,
    budgetLineId: p.budgetLine.id,
    budgetUnit: p.budgetLine.unit,
    budgetSubject: p.budgetLine.subject,
    budgetFund: p.budgetLine.fund,
    budgetName: p.budgetLine.name ?? null,
    dueSince: p.dueSince,
    notes: (p.notes ?? []) as unknown as PaymentLine['notes'] & object[],
    status: 'PENDING' as const,
  }));
  for (let start = 0; start < rows.length; start += 500) await tx.createQueryBuilder().insert().into(PaymentLine).values(rows.slice(start, start + 500) as never[]).execute();
}

function bankRow(batch: PaymentBatch, line: PaymentLine): Record<BankField, string> {
  return {
    batch: batch.number,
    row: String(line.rowNo),
    key: `${line.sourceKind}:${line.sourceId}`,
    reference: line.reference,
    payeeName: line.payeeName,
    account: line.accountNo,
    bank: line.bankName,
    amount: fenToYuan(line.amountFen),
    method: METHOD_TEXT[line.method] ?? line.method,
    budget: budgetText({ unit: line.budgetUnit, subject: line.budgetSubject, fund: line.budgetFund, name: line.budgetName }),
    purpose: `${line.reference} ${line.title}`.slice(0, 60),
  };
}

function budgetText(line: { unit: string; subject: string; fund: string; name?: string | null }): string {
  return [line.unit, line.subject, line.fund === 'special' ? `专项${line.name ? `·${line.name}` : ''}` : line.fund === 'basic' ? '基本支出' : ''].filter(Boolean).join(' ');
}

function summary(b: PaymentBatch, sums?: { paidCount: number; paidFen: number; failedCount: number; failedFen: number; pending: number }): Omit<BatchView, 'lines' | 'history' | 'layouts'> {
  return {
    id: b.id,
    number: b.number,
    title: b.title,
    status: b.status,
    createdBy: b.createdBy,
    total: fenToYuan(b.totalFen),
    lineCount: b.lineCount,
    paid: { count: sums?.paidCount ?? 0, amount: fenToYuan(sums?.paidFen ?? 0) },
    failed: { count: sums?.failedCount ?? 0, amount: fenToYuan(sums?.failedFen ?? 0) },
    pending: sums?.pending ?? 0,
    processInstanceId: b.processInstanceId,
    createdAt: b.createdAt.toISOString(),
    approvedAt: b.approvedAt?.toISOString() ?? null,
    exportedAt: b.exportedAt?.toISOString() ?? null,
    completedAt: b.completedAt?.toISOString() ?? null,
  };
}

export function assertMay(actor: Actor, groups: string[]): void {
  if (!actor.groups.some((g) => groups.includes(g))) {
    throw groups === PAY ? new PaymentsForbiddenError('只有出纳可以办理支付', 'Only the cashier pays') : new PaymentsForbiddenError();
  }
}

function mayReadWhole(actor: Actor): boolean {
  return actor.groups.some((g) => READ_ACCOUNTS_WHOLE.includes(g));
}
