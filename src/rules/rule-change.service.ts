import { Injectable, Logger } from '@nestjs/common';
import { ClaimsService } from '../claims/claims.service';
import { Clock } from '../common/clock';
import { fenToYuan } from '../common/money';
import type { RecordReplayer, ReplayedFinding, ScreenedFinding } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import type { RuleSetVersionDto } from './dto/rule-set-version.dto';
import type { DryRun, DryRunChange } from './rule-change.views';
import { RuleSetInvalidError, RuleSetNotFoundError } from './rule.errors';
import { RuleSetDefinition, RuleSetError, RulesService } from './rules.service';

const DEFAULT_DRY_RUN = 50;

/** A finding as the dry run compares it: the rule and the item it is about. */
function label(finding: ReplayedFinding): string {
  const facts = finding.facts as Record<string, unknown>;
  const item = facts.invoice !== undefined ? ` invoice ${facts.invoice}` : facts.trip !== undefined ? ` trip ${facts.trip}` : '';
  return `${finding.ruleId}${item}`;
}

function difference(a: string[], b: string[]): string[] {
  const rest = [...b];
  return a.filter((x) => {
    const i = rest.indexOf(x);
    if (i >= 0) {
      rest.splice(i, 1);
      return false;
    }
    return true;
  });
}

/** New rule-set versions, and what they would change on the latest claims (or the set's own records) before they go live. */
@Injectable()
export class RuleChangeService {
  private readonly logger = new Logger(RuleChangeService.name);

  constructor(
    private readonly rules: RulesService,
    private readonly evaluators: SetEvaluatorRegistry,
    private readonly claims: ClaimsService,
    private readonly clock: Clock,
  ) {}

  detail(set: string) {
    const summary = this.rules.list().find((s) => s.set === set);
    if (!summary) throw new RuleSetNotFoundError(set);
    return { ...summary, inForce: this.rules.inForce(set, this.clock.today()), latest: this.rules.latest(set), known: this.rules.known() };
  }

  /** Stores the proposal as the set's next version and answers with its dry run. */
  async addVersion(set: string, dto: RuleSetVersionDto, author: string): Promise<{ stored: RuleSetDefinition; dryRun: DryRun }> {
    const proposed = this.proposal(set, dto);
    const dryRun = await this.dryRun(set, dto);
    const stored = await this.rules.addVersion(proposed, author);
    this.logger.log(`${author} stored ${set}@${stored.version}, effective ${stored.effectiveFrom}; dry run changed ${dryRun.changed} of ${dryRun.records} ${dryRun.kind} records`);
    return { stored, dryRun: { ...dryRun, proposedVersion: stored.version } };
  }

  /** How the latest claims' (or the set's own records') findings and routes would change under the proposal; nothing is stored. */
  async dryRun(set: string, dto: RuleSetVersionDto): Promise<DryRun> {
    const proposed = this.proposal(set, dto);
    const replayer = this.evaluators.replayer(set);
    if (replayer) return this.replay(replayer, set, proposed, dto.dryRun ?? DEFAULT_DRY_RUN);
    const evaluator = this.evaluators.get(set);
    const claims = await this.claims.recentScreened(dto.dryRun ?? DEFAULT_DRY_RUN);
    const byRule: DryRun['byRule'] = {};
    const count = (findings: ScreenedFinding[], side: 'before' | 'after') => {
      for (const finding of findings) (byRule[finding.ruleId] ??= { before: 0, after: 0 })[side] += 1;
    };
    const changes: DryRunChange[] = [];
    const auto = { before: { claims: 0, fen: 0 }, after: { claims: 0, fen: 0 }, claimIds: [] as string[] };
    for (const claim of claims) {
      const current = this.rules.inForce(set, claim.submittedOn);
      const before = await evaluator.evaluateSet(set, claim, current);
      const after = await evaluator.evaluateSet(set, claim, proposed);
      count(before.findings, 'before');
      count(after.findings, 'after');
      if (before.autoApproved) (auto.before.claims += 1), (auto.before.fen += claim.totalFen);
      if (after.autoApproved) (auto.after.claims += 1), (auto.after.fen += claim.totalFen), auto.claimIds.push(claim.id);
      const added = difference(after.findings.map(label), before.findings.map(label));
      const removed = difference(before.findings.map(label), after.findings.map(label));
      const routeChanged = JSON.stringify(before.route ?? null) !== JSON.stringify(after.route ?? null);
      if (added.length || removed.length || routeChanged) {
        changes.push({
          kind: 'claim',
          recordId: claim.id,
          label: claim.claimant.username,
          submitter: claim.claimant.username,
          claimId: claim.id,
          claimant: claim.claimant.username,
          submittedOn: claim.submittedOn,
          currentVersion: current.version,
          added,
          removed,
          ...(before.route || after.route ? { routeBefore: before.route, routeAfter: after.route } : {}),
        });
      }
    }
    return {
      set,
      proposedVersion: proposed.version,
      effectiveFrom: proposed.effectiveFrom,
      basis: 'the version in force for each claim and the proposal, both evaluated now against the same data',
      kind: 'claim',
      records: claims.length,
      claims: claims.length,
      changed: changes.length,
      byRule,
      changes,
      autoApproval: {
        before: { claims: auto.before.claims, total: fenToYuan(auto.before.fen) },
        after: { claims: auto.after.claims, total: fenToYuan(auto.after.fen) },
        claimIds: auto.claimIds,
      },
    };
  }

  /** The dry run of a set that screens records of its own: its latest records, findings only. */
  private async replay(replayer: RecordReplayer, set: string, proposed: RuleSetDefinition, limit: number): Promise<DryRun> {
    const records = await replayer.recent(set, limit);
    const byRule: DryRun['byRule'] = {};
    const changes: DryRunChange[] = [];
    for (const record of records) {
      const before = (await record.evaluate(record.current)).map(label);
      const after = (await record.evaluate(proposed)).map(label);
      for (const rule of before) (byRule[rule.split(' ')[0]] ??= { before: 0, after: 0 }).before += 1;
      for (const rule of after) (byRule[rule.split(' ')[0]] ??= { before: 0, after: 0 }).after += 1;
      const added = difference(after, before);
      const removed = difference(before, after);
      if (added.length || removed.length) {
        changes.push({ kind: replayer.kind, recordId: record.id, label: record.label, submitter: record.submitter, submittedOn: record.submittedOn, currentVersion: record.current.version, added, removed });
      }
    }
    return {
      set,
      proposedVersion: proposed.version,
      effectiveFrom: proposed.effectiveFrom,
      basis: `the version each ${replayer.kind} was screened with and the proposal, both evaluated now against the same data`,
      kind: replayer.kind,
      records: records.length,
      claims: 0,
      changed: changes.length,
      byRule,
      changes,
    };
  }

  private proposal(set: string, dto: RuleSetVersionDto): RuleSetDefinition {
    if (!this.rules.sets().includes(set)) throw new RuleSetNotFoundError(set);
    const latest = this.rules.list().find((s) => s.set === set)!.versions.at(-1)!;
    const current = this.rules.inForce(set, this.clock.today());
    const proposed: RuleSetDefinition = {
      set,
      version: latest.version + 1,
      effectiveFrom: dto.effectiveFrom,
      description: dto.description ?? current.description,
      inputs: dto.inputs ?? current.inputs,
      data: dto.data,
      rules: dto.rules,
    };
    try {
      this.rules.check(proposed, `${set} (proposed)`);
    } catch (error) {
      if (error instanceof RuleSetError) throw new RuleSetInvalidError(error.message, error.path);
      throw error;
    }
    return proposed;
  }
}
