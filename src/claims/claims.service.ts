import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { auditContextCte } from '../audit/audit-context';
import { Clock } from '../common/clock';
import { dayNumber } from '../common/days';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import { FormsService } from '../forms/forms.service';
import type { Actor } from '../org/org.service';
import { OrgService } from '../org/org.service';
import { APPROVAL_TASK, REVISE_TASK } from '../subjects/approval-loop';
import { ProcessProgress, ProcessProgressService } from './process-progress.service';
import { crossFieldErrors } from './claim-document.checks';
import { ClaimForbiddenError, ClaimNotFoundError, ClaimNotReturnedError, ClaimNotWithdrawableError } from './claim.errors';
import { claimTotalFen } from './claim-total';
import { ApprovalStep, Claim, ClaimFinding, ClaimStatus } from './claim.entities';
import type { ClaimDocument } from './dto/claim-document.dto';
import { preparedQuery } from '../database/prepared-query';
import { SubjectInvolvement } from '../subjects/subject-involvement';
import { AttachmentsService } from '../attachments/attachments.service';

export const CLAIM_PROCESS: Record<Claim['type'], string> = { travel: 'travel-claim', expense: 'expense-claim' };
/** The subject kind of each claim type (approvals, copies and links know claims by it). */
export const CLAIM_KIND: Record<Claim['type'], string> = { travel: 'travel-claim', expense: 'expense-claim' };
/** The Form.io form each claim type is filed with (forms/<name>.json). */
export const CLAIM_FORM: Record<Claim['type'], string> = { travel: 'travel-claim', expense: 'expense-claim' };
/**
 * Screening steps of the claim processes. A screening worker stores its outcome before it tells the
 * engine; until the engine has left the step, the claim still reads as SCREENING.
 */
export const SCREENING_STEPS = new Set(['invoice-check', 'trip-check', 'standards-check', 'budget-reserve', 'route']);

/** A claim that is neither rejected nor withdrawn still holds its invoices and trips. */
export const ENDED_STATUSES = [ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN];

/** Frees what a claim held (invoices, trips, budget, …) inside the transaction that ends it. */
export type ClaimReleaser = (tx: EntityManager, claim: Claim, status: ClaimStatus) => Promise<void>;

/** What a screening step concludes besides its findings. */
export interface ScreeningConclusion {
  status?: ClaimStatus;
  ruleVersions?: Record<string, number>;
  reimbursableFen?: number;
  approvalChain?: ApprovalStep[];
}

/** Groups that may read any claim (they review, approve or administer across units). */
const READ_ALL_GROUPS = ['finance', 'deputy-chief', 'chief', 'process-admin'];

export interface ClaimView {
  id: string;
  status: ClaimStatus;
  type: Claim['type'];
  claimant: string;
  unit: string;
  total: string;
  /** The total less what `adjust` findings cut; null until screening has run. */
  reimbursable: string | null;
  /** The approval chain's steps in order (`unit-head`, `finance`, …) and the groups that hold them. */
  route: string[];
  approvalChain: ApprovalStep[];
  ruleVersions: Record<string, number>;
  submittedOn: string;
  formVersion: number | null;
  processInstanceId: string | null;
  findings: { ruleId: string; severity: string; message: string; messageEn: string; facts: Record<string, unknown>; adjust: string | null }[];
  activities: string[];
  document: ClaimDocument;
}

@Injectable()
export class ClaimsService {
  private readonly logger = new Logger(ClaimsService.name);
  private readonly releasers: ClaimReleaser[] = [];

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Claim) private readonly claims: Repository<Claim>,
    @InjectRepository(ClaimFinding) private readonly findings: Repository<ClaimFinding>,
    private readonly org: OrgService,
    private readonly engine: EngineClient,
    private readonly clock: Clock,
    private readonly forms: FormsService,
    private readonly processProgress: ProcessProgressService,
    private readonly involvement: SubjectInvolvement,
    private readonly attachments: AttachmentsService,
  ) {}

  /** Stores the claim and starts its process; if the engine refuses, the claim is removed again. */
  async submit(actor: Actor, document: ClaimDocument): Promise<{ id: string; status: ClaimStatus }> {
    const { unitId, unitCode, formVersion } = await this.checkDocument(actor, document);
    const totalFen = claimTotalFen(document);
    const submittedOn = this.clock.today();
    // One statement each (the audit context rides in it) rather than a transaction around one insert.
    const params: unknown[] = [document.type, ClaimStatus.SCREENING, actor.id, unitId, JSON.stringify(document), totalFen, submittedOn, formVersion];
    const attachments = document.attachments ?? [];
    const insert = `WITH ${auditContextCte(params)}
       INSERT INTO claim (type, status, claimant_id, unit_id, document, total_fen, submitted_on, form_version, submission, revision)
       SELECT $1, $2, $3, $4, $5::jsonb, $6, $7, $8, 1, 1 FROM audit_ctx RETURNING id`;
    // The claim and the files it names are stored together, before screening can look for them.
    const [{ id }] = attachments.length === 0
      ? await preparedQuery<{ id: string }>(this.dataSource, insert, params)
      : await this.dataSource.transaction(async (tx) => {
        const rows = await preparedQuery<{ id: string }>(tx, insert, params);
        await this.attachments.bind(tx, actor, { kind: CLAIM_KIND[document.type], id: rows[0].id }, attachments);
        return rows;
      });
    try {
      const instance = await this.engine.startProcessOnce(CLAIM_PROCESS[document.type], id, {
        claimId: id,
        claimType: document.type,
        claimant: actor.username,
        unitHeadGroup: `unit-head:${unitCode}`,
        unitCode,
        submittedOn: dayNumber(submittedOn),
        amountFen: totalFen,
      });
      const update: unknown[] = [id, instance.id];
      await preparedQuery(
        this.dataSource,
        `WITH ${auditContextCte(update)} UPDATE claim SET process_instance_id = $2, revision = revision + 1, updated_at = now() FROM audit_ctx WHERE claim.id = $1`,
        update,
      );
    } catch (error) {
      await this.attachments.unbind({ kind: CLAIM_KIND[document.type], id }, attachments.map((a) => a.id));
      await this.claims.delete(id);
      throw error;
    }
    this.logger.log(`claim ${id} submitted by ${actor.username}, ${fenToYuan(totalFen)} yuan`);
    return { id, status: ClaimStatus.SCREENING };
  }

  /** The claimant's corrected claim goes back to screening under the same id. */
  async resubmit(actor: Actor, id: string, document: ClaimDocument): Promise<{ id: string; status: ClaimStatus }> {
    const claim = await this.findOrFail(id);
    if (claim.claimantId !== actor.id) throw new ClaimForbiddenError('只有报销人本人可以修改报销单', 'Only the claimant may resubmit the claim');
    if (claim.status !== ClaimStatus.RETURNED) throw new ClaimNotReturnedError(claim.status);
    const { unitId, formVersion } = await this.checkDocument(actor, document);
    const [task] = await this.engine.queryTasks({ processInstanceId: claim.processInstanceId!, taskDefinitionKey: REVISE_TASK });
    if (!task) throw new ClaimNotReturnedError(claim.status);

    const before = { document: claim.document, totalFen: claim.totalFen, unitId: claim.unitId, submittedOn: claim.submittedOn, status: claim.status, submission: claim.submission, formVersion: claim.formVersion };
    const after = { document, totalFen: claimTotalFen(document), unitId, submittedOn: this.clock.today(), status: ClaimStatus.SCREENING, submission: claim.submission + 1, formVersion };
    // The document (and the files it newly names) is stored before the engine moves on, so screening never reads the old one.
    const subject = { kind: CLAIM_KIND[claim.type], id: claim.id };
    const kept = new Set((claim.document.attachments ?? []).map((a) => a.id));
    const added = (document.attachments ?? []).filter((a) => !kept.has(a.id));
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(Claim).update(claim.id, after);
      await this.attachments.bind(tx, actor, subject, added);
    });
    try {
      await this.engine.completeTask(task.id, { resubmittedBy: actor.username });
    } catch (error) {
      await this.attachments.unbind(subject, added.map((a) => a.id));
      await this.claims.update(claim.id, before);
      throw error;
    }
    this.logger.log(`claim ${claim.id} resubmitted by ${actor.username}`);
    return { id: claim.id, status: ClaimStatus.SCREENING };
  }

  /**
   * 撤回: the claimant takes the claim back before any approver has decided (or while it is returned
   * to them). The instance ends; the claim's invoices, trips and budget reservation are freed.
   */
  async withdraw(actor: Actor, id: string): Promise<{ id: string; status: ClaimStatus }> {
    const claim = await this.findOrFail(id);
    if (claim.claimantId !== actor.id) throw new ClaimForbiddenError('只有报销人本人可以撤回报销单', 'Only the claimant may withdraw the claim');
    const withdrawable = [ClaimStatus.SCREENING, ClaimStatus.RETURNED, ClaimStatus.IN_APPROVAL];
    if (!withdrawable.includes(claim.status)) throw new ClaimNotWithdrawableError(claim.status, false);
    if (claim.status !== ClaimStatus.RETURNED && claim.processInstanceId && (await this.engine.finishedTaskCount(claim.processInstanceId, APPROVAL_TASK)) > 0) {
      throw new ClaimNotWithdrawableError(claim.status, true);
    }
    // The instance ends first, so no worker moves the claim on while it is being withdrawn.
    if (claim.processInstanceId) await this.engine.deleteProcessInstance(claim.processInstanceId, `withdrawn by ${actor.username}`);
    await this.setStatus(claim.id, ClaimStatus.WITHDRAWN);
    this.logger.log(`claim ${claim.id} withdrawn by ${actor.username}`);
    return { id: claim.id, status: ClaimStatus.WITHDRAWN };
  }

  async view(actor: Actor, id: string): Promise<ClaimView> {
    const claim = isUuid(id) ? await this.claims.findOne({ where: { id }, relations: { claimant: true } }) : null;
    if (!claim) throw new ClaimNotFoundError(id);
    await this.assertMayRead(actor, claim);
    await this.involvement.markCopyRead({ kind: CLAIM_KIND[claim.type], id: claim.id }, actor.username);
    const [findings, activities] = await Promise.all([
      this.findings.find({ where: { claimId: id }, order: { createdAt: 'ASC', ruleId: 'ASC' } }),
      claim.processInstanceId ? this.engine.currentActivityIds(claim.processInstanceId) : Promise.resolve([]),
    ]);
    const stillScreening = claim.status !== ClaimStatus.WITHDRAWN && activities.some((activity) => SCREENING_STEPS.has(activity));
    return {
      id: claim.id,
      status: stillScreening ? ClaimStatus.SCREENING : claim.status,
      type: claim.type,
      claimant: claim.claimant.username,
      unit: claim.unit.name,
      total: fenToYuan(claim.totalFen),
      reimbursable: stillScreening || claim.reimbursableFen === null ? null : fenToYuan(claim.reimbursableFen),
      route: stillScreening ? [] : (claim.approvalChain ?? []).map((step) => step.step),
      approvalChain: stillScreening ? [] : claim.approvalChain ?? [],
      ruleVersions: claim.ruleVersions,
      submittedOn: claim.submittedOn,
      formVersion: claim.formVersion,
      processInstanceId: claim.processInstanceId,
      findings: findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.messageZh,
        messageEn: f.messageEn,
        facts: f.facts,
        adjust: f.adjustFen === null ? null : fenToYuan(f.adjustFen),
      })),
      activities,
      document: claim.document,
    };
  }

  /** The claim's process on its own diagram version: what it went through and who holds it now. */
  async progress(actor: Actor, id: string): Promise<ProcessProgress | null> {
    const claim = await this.findOrFail(id);
    await this.assertMayRead(actor, claim);
    return claim.processInstanceId ? this.processProgress.progress(claim.processInstanceId) : null;
  }

  async listOwn(actor: Actor): Promise<{ id: string; type: Claim['type']; status: ClaimStatus; purpose: string; total: string; submittedOn: string }[]> {
    const claims = await this.claims.find({ where: { claimantId: actor.id }, order: { createdAt: 'DESC' }, take: 200 });
    return claims.map((c) => ({ id: c.id, type: c.type, status: c.status, purpose: c.document.purpose, total: fenToYuan(c.totalFen), submittedOn: c.submittedOn }));
  }

  async findOrFail(id: string): Promise<Claim> {
    // One query: findOne with an eager relation would first select the id DISTINCT, then the row.
    const claim = isUuid(id) ? await this.claims.createQueryBuilder('claim').leftJoinAndSelect('claim.unit', 'unit').where('claim.id = :id', { id }).getOne() : null;
    if (!claim) throw new ClaimNotFoundError(id);
    return claim;
  }

  async findByProcessInstanceIds(ids: string[]): Promise<Claim[]> {
    if (ids.length === 0) return [];
    return this.claims.createQueryBuilder('claim').leftJoinAndSelect('claim.claimant', 'claimant').leftJoinAndSelect('claim.unit', 'unit')
      .where('claim.process_instance_id IN (:...ids)', { ids }).getMany();
  }

  /** Claims with their claimant and unit; ids that are no claim are left out. */
  async findByIds(ids: string[]): Promise<Claim[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.claims.createQueryBuilder('claim').leftJoinAndSelect('claim.claimant', 'claimant').leftJoinAndSelect('claim.unit', 'unit')
      .where('claim.id IN (:...ids)', { ids: valid }).getMany();
  }

  /** The claims among these that carry a finding of one of the severities. */
  async withFindingsOf(claimIds: string[], severities: readonly string[]): Promise<Set<string>> {
    if (claimIds.length === 0) return new Set();
    const rows: { claim_id: string }[] = await this.dataSource.query(`SELECT DISTINCT claim_id FROM claim_finding WHERE claim_id = ANY($1) AND severity = ANY($2)`, [claimIds, severities]);
    return new Set(rows.map((r) => r.claim_id));
  }

  /** Throws unless the actor may read the claim (404 when there is none). */
  async assertVisible(actor: Actor, id: string): Promise<void> {
    await this.assertMayRead(actor, await this.findWithPeople(id));
  }

  /** Registers what must be freed when a claim is rejected or withdrawn. */
  onRelease(releaser: ClaimReleaser): void {
    this.releasers.push(releaser);
  }

  /** Sets a claim's status; ending it (rejected, withdrawn) frees its invoices and trips in the same transaction. */
  async setStatus(id: string, status: ClaimStatus): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.update(Claim, id, { status });
      if (!ENDED_STATUSES.includes(status)) return;
      const claim = await tx.findOneByOrFail(Claim, { id });
      for (const release of this.releasers) await release(tx, claim, status);
    });
  }

  /**
   * Replaces the findings one screening step made and stores what it concluded, in one statement.
   */
  async recordScreening(
    claimId: string,
    source: string,
    findings: Omit<ClaimFinding, 'id' | 'claimId' | 'source' | 'createdAt'>[],
    conclusion: ScreeningConclusion = {},
  ): Promise<void> {
    // One statement, so one round trip: the audit context, the step's earlier findings removed, its
    // new ones added, and one UPDATE of the claim (each claim update is a row change the audit trail
    // copies). The CTEs share one snapshot, so the removal never sees the rows added beside it.
    const params: unknown[] = [claimId, source];
    const context = auditContextCte(params);
    const sets: string[] = [];
    const set = (column: string, value: unknown, expression = (p: string) => p) => {
      params.push(value);
      sets.push(`${column} = ${expression(`$${params.length}`)}`);
    };
    if (conclusion.status) set('status', conclusion.status);
    if (conclusion.reimbursableFen !== undefined) set('reimbursable_fen', conclusion.reimbursableFen);
    if (conclusion.approvalChain) set('approval_chain', JSON.stringify(conclusion.approvalChain), (p) => `${p}::jsonb`);
    if (conclusion.ruleVersions) set('rule_versions', JSON.stringify(conclusion.ruleVersions), (p) => `rule_versions || ${p}::jsonb`);
    params.push(JSON.stringify(findings.map((f) => ({ rule_id: f.ruleId, severity: f.severity, message_zh: f.messageZh, message_en: f.messageEn, facts: f.facts, adjust_fen: f.adjustFen ?? null }))));
    const rows = `$${params.length}::jsonb`;
    const steps = [
      context,
      `earlier AS (DELETE FROM claim_finding f USING audit_ctx WHERE f.claim_id = $1 AND f.source = $2)`,
      `added AS (INSERT INTO claim_finding (claim_id, source, rule_id, severity, message_zh, message_en, facts, adjust_fen)
         SELECT $1, $2, r.rule_id, r.severity, r.message_zh, r.message_en, r.facts, r.adjust_fen
           FROM audit_ctx, jsonb_to_recordset(${rows}) AS r(rule_id text, severity text, message_zh text, message_en text, facts jsonb, adjust_fen bigint))`,
    ];
    const main = sets.length > 0
      ? `UPDATE claim SET ${sets.join(', ')}, revision = revision + 1, updated_at = now() FROM audit_ctx WHERE claim.id = $1`
      : `SELECT actor FROM audit_ctx`;
    await preparedQuery(this.dataSource, `WITH ${steps.join(', ')} ${main}`, params);
  }

  /** Every finding stored on a claim, by every step. */
  async findingsOf(claimId: string): Promise<ClaimFinding[]> {
    return this.findings.find({ where: { claimId } });
  }

  /** The latest claims that went through screening, newest first (for dry runs of rule changes). */
  async recentScreened(limit: number): Promise<Claim[]> {
    return this.claims
      .createQueryBuilder('claim')
      .leftJoinAndSelect('claim.claimant', 'claimant')
      .leftJoinAndSelect('claim.unit', 'unit')
      .where('claim.status <> :screening', { screening: ClaimStatus.SCREENING })
      .orderBy('claim.createdAt', 'DESC')
      .take(limit)
      .getMany();
  }

  async findWithPeople(id: string): Promise<Claim> {
    const claim = isUuid(id) ? await this.claims.findOne({ where: { id }, relations: { claimant: true } }) : null;
    if (!claim) throw new ClaimNotFoundError(id);
    return claim;
  }

  private async assertMayRead(actor: Actor, claim: Claim): Promise<void> {
    if (claim.claimantId === actor.id) return;
    if (actor.groups.includes(`unit-head:${claim.unit.code}`)) return;
    if (actor.groups.some((group) => READ_ALL_GROUPS.includes(group))) return;
    // People the claim was copied to, and anyone a step was handed to or who worked one
    // (transferee, delegate, added signer, an approver outside the unit).
    if (await this.involvement.involves({ kind: CLAIM_KIND[claim.type], id: claim.id }, actor.username)) return;
    throw new ClaimForbiddenError('无权查看该报销单', 'You may not view this claim');
  }

  /** Field checks that need the database or the caller; throws one error naming every bad field. */
  private async checkDocument(actor: Actor, document: ClaimDocument): Promise<{ unitId: string; unitCode: string; formVersion: number }> {
    // The form first: what an administrator made required is refused here as in the browser.
    const formVersion = await this.forms.validate(CLAIM_FORM[document.type], document);
    const errors: FieldError[] = crossFieldErrors(document);
    if (document.claimant !== actor.username) {
      errors.push({ field: 'claimant', message: bilingual('报销人必须是当前登录用户', 'claimant must be the signed-in user') });
    }
    // Staff file for their own unit: its budget lines, and travellers of that unit only.
    // The caller's own unit came with the caller; only another name needs looking up (to say why not).
    const unit = document.budgetLine.unit === actor.unit.name ? actor.unit : await this.org.findUnitByName(document.budgetLine.unit);
    if (!unit) errors.push({ field: 'budgetLine.unit', message: bilingual(`单位“${document.budgetLine.unit}”不存在`, `unit "${document.budgetLine.unit}" does not exist`) });
    else if (unit.id !== actor.unit.id) {
      errors.push({ field: 'budgetLine.unit', message: bilingual(`只能报销本单位（${actor.unit.name}）的预算`, `only your own unit's (${actor.unit.name}) budget can be charged`) });
    }
    for (const [t, trip] of (document.trips ?? []).entries()) {
      const traveller = await this.org.findUserByUsername(trip.traveller);
      if (!traveller) {
        errors.push({ field: `trips[${t}].traveller`, message: bilingual(`出差人“${trip.traveller}”不存在`, `traveller "${trip.traveller}" does not exist`) });
      } else if (traveller.unitId !== actor.unit.id) {
        errors.push({ field: `trips[${t}].traveller`, message: bilingual(`出差人“${trip.traveller}”不是本单位人员`, `traveller "${trip.traveller}" is not of your own unit`) });
      }
    }
    if (errors.length > 0) throw new RequestValidationError(errors);
    return { unitId: unit!.id, unitCode: unit!.code, formVersion };
  }
}
