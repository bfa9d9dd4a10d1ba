import { PROJECT_ROOT } from '../common/project-root';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Almanac, Engine, RuleResult } from 'json-rules-engine';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../claims/claim.entities';
import { fenToYuan } from '../common/money';
import { resolveFactPath } from './fact-path';
import { AMBIENT_FACTS, COMPUTED_FACTS, FactProvider, OPERATORS } from './rule-registry';
import {
  Bilingual,
  checkRuleSet,
  FindingEventParams,
  RouteEventParams,
  RuleSetDefinition,
  RuleSetError,
} from './rule-set-definition';
import { RuleSetStore, StoredRuleSet } from './rule-set.store';

export { RuleSetError } from './rule-set-definition';
export type { RuleSetDefinition } from './rule-set-definition';

/** How often the stored versions are checked for ones another API instance added. */
const RELOAD_CHECK_MS = 3000;

export const RULES_DIR = join(PROJECT_ROOT, 'rules');

/** A fired `finding` rule: what the rule catalogue calls a finding. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: Bilingual;
  /** The facts that decided it: each satisfied condition with the value it saw, plus explained facts. */
  facts: Record<string, unknown>;
  /** For `adjust` findings: how much of the claim the standard cuts, in fen. */
  adjustFen?: number;
  /** The finding approves the claim with no human step (a routing rule's `autoApprove`). */
  autoApprove?: true;
}

/** A fired `route` rule: one step of an approval chain. */
export interface RouteStep {
  step: string;
  order: number;
  reason: Bilingual;
}

export interface Evaluation {
  findings: Finding[];
  route: RouteStep[];
  /** An `autoApprove` finding fired: the rules let the claim through with no human step. */
  autoApproved: boolean;
}

export interface RuleSetSummary {
  set: string;
  description?: string;
  versions: { version: number; effectiveFrom: string; createdBy: string; createdAt: string; rules: string[] }[];
}

/**
 * The one rules service: rule sets are json-rules-engine JSON, shipped in rules/*.json and kept with
 * their versions in the database. A claim is screened with the versions in force on its submission
 * day. Facts that need code (date arithmetic, look-ups in the database) are registered by the
 * features that own them.
 */
@Injectable()
export class RulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RulesService.name);
  private readonly providers = new Map<string, FactProvider>(Object.entries(COMPUTED_FACTS));
  private versions = new Map<string, StoredRuleSet[]>();
  private readonly engines = new Map<string, Engine>();
  private watcher?: NodeJS.Timeout;
  private loadedStamp = -1;

  constructor(private readonly store: RuleSetStore, private readonly dir: string = RULES_DIR) {}

  /** Makes a fact available to every rule set; registered during module init, before sets are checked. */
  registerFact(name: string, provider: FactProvider): void {
    if (this.providers.has(name)) throw new RuleSetError(`fact ${name} is registered twice`);
    this.providers.set(name, provider);
    this.engines.clear();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.loadAll();
    // A version stored through another API instance is in force here within seconds, without a restart.
    this.watcher = setInterval(() => void this.reloadIfChanged().catch((error: Error) => this.logger.warn(`checking for new rule versions failed: ${error.message}`)), RELOAD_CHECK_MS);
    this.watcher.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.watcher);
  }

  /** Reloads when the number of stored versions changed since the last load. */
  async reloadIfChanged(): Promise<boolean> {
    const stamp = await this.store.stamp();
    if (stamp === this.loadedStamp) return false;
    await this.reload();
    return true;
  }

  /** Checks every shipped file, stores versions the database lacks, and loads all versions. */
  async loadAll(): Promise<void> {
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort()) {
      const origin = `rules/${name}`;
      let file: RuleSetDefinition;
      try {
        file = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as RuleSetDefinition;
      } catch (error) {
        throw new RuleSetError(`${origin}: not valid JSON (${(error as Error).message})`);
      }
      this.check(file, origin);
      if (await this.store.addShipped(file, origin)) this.logger.log(`stored ${file.set}@${file.version} from ${origin}`);
    }
    await this.reload();
  }

  async reload(): Promise<void> {
    this.loadedStamp = await this.store.stamp();
    const bySet = new Map<string, StoredRuleSet[]>();
    for (const stored of await this.store.all()) {
      this.check(stored.definition, `${stored.definition.set}@${stored.definition.version}`);
      bySet.set(stored.definition.set, [...(bySet.get(stored.definition.set) ?? []), stored]);
    }
    this.versions = bySet;
    this.engines.clear();
    this.logger.log(`rule sets: ${[...bySet].map(([set, v]) => `${set}@${v.map((s) => s.definition.version).join(',')}`).join('; ')}`);
  }

  check(definition: RuleSetDefinition, origin: string): void {
    checkRuleSet(definition, origin, this.known());
  }

  /** The facts and operators a rule may name; the rules editor checks drafts against them as the server does. */
  known(): { facts: string[]; operators: string[] } {
    return { facts: [...AMBIENT_FACTS, ...this.providers.keys()], operators: Object.keys(OPERATORS) };
  }

  /** The set's newest version, whatever day it takes effect: the one an edit starts from. */
  latest(set: string): RuleSetDefinition {
    const versions = this.versions.get(set);
    if (!versions?.length) throw new RuleSetError(`no rule set named ${set}`);
    return versions[versions.length - 1].definition;
  }

  /** One stored version of a set (the one a claim recorded); the version in force on `fallbackDay` if it is gone. */
  version(set: string, version: number | undefined, fallbackDay: string): RuleSetDefinition {
    return this.versions.get(set)?.find((s) => s.definition.version === version)?.definition ?? this.inForce(set, fallbackDay);
  }

  sets(): string[] {
    return [...this.versions.keys()];
  }

  list(): RuleSetSummary[] {
    return [...this.versions].map(([set, versions]) => ({
      set,
      description: versions[versions.length - 1].definition.description,
      versions: versions.map((s) => ({
        version: s.definition.version,
        effectiveFrom: s.definition.effectiveFrom,
        createdBy: s.createdBy,
        createdAt: new Date(s.createdAt).toISOString(),
        rules: s.definition.rules.map((rule) => String(rule.name)),
      })),
    }));
  }

  /**
   * The version in force on a day: the latest effective on or before it (the highest version among
   * equals). A day before every version gets the first one, so old claims can still be screened.
   */
  inForce(set: string, day: string): RuleSetDefinition {
    const versions = this.versions.get(set);
    if (!versions?.length) throw new RuleSetError(`no rule set named ${set}`);
    let chosen = versions[0].definition;
    for (const { definition } of versions) {
      if (definition.effectiveFrom <= day && (chosen.effectiveFrom > day || definition.effectiveFrom >= chosen.effectiveFrom)) chosen = definition;
    }
    return chosen;
  }

  /** Validates a proposed definition and stores it as the set's next version. */
  async addVersion(definition: Omit<RuleSetDefinition, 'version'>, createdBy: string): Promise<RuleSetDefinition> {
    if (!this.versions.has(definition.set)) throw new RuleSetError(`no rule set named ${definition.set}`);
    this.check({ ...definition, version: 1 }, definition.set);
    const stored = await this.store.addNext(definition, createdBy);
    await this.reload();
    return stored;
  }

  /** Runs one version of a set; `inputs` holds the set's input facts and `submittedOn`, the day taken as today. */
  async evaluate(definition: RuleSetDefinition, inputs: Record<string, unknown> & { submittedOn: string }): Promise<Evaluation> {
    const engine = this.engineFor(definition);
    const { results, almanac } = await engine.run({ ...inputs, policy: definition.data });
    const findings: Finding[] = [];
    const route: RouteStep[] = [];
    for (const result of results) {
      if (result.event?.type === 'route') {
        const params = result.event.params as unknown as RouteEventParams;
        route.push({ step: params.step, order: params.order, reason: params.reason });
      } else {
        findings.push(await toFinding(result, almanac));
      }
    }
    route.sort((a, b) => a.order - b.order);
    return { findings, route, autoApproved: findings.some((finding) => finding.autoApprove) };
  }

  private engineFor(definition: RuleSetDefinition): Engine {
    const key = `${definition.set}@${definition.version}@${definition.effectiveFrom}`;
    const cached = this.engines.get(key);
    // A definition under proposal (dry run) is not cached: it has no version number yet.
    if (cached && this.isStored(definition)) return cached;
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolveFactPath });
    for (const [name, operator] of Object.entries(OPERATORS)) engine.addOperator(name, operator);
    for (const [name, provide] of this.providers) {
      engine.addFact(name, (params, almanac) => provide(almanac, (params ?? {}) as Record<string, unknown>), { cache: true });
    }
    for (const rule of definition.rules) engine.addRule(rule);
    if (this.isStored(definition)) this.engines.set(key, engine);
    return engine;
  }

  private isStored(definition: RuleSetDefinition): boolean {
    return (this.versions.get(definition.set) ?? []).some((s) => s.definition === definition);
  }
}

async function toFinding(result: RuleResult, almanac: Almanac): Promise<Finding> {
  const params = result.event!.params as unknown as FindingEventParams;
  const facts: Record<string, unknown> = {};
  collectDecidingConditions(result.conditions as unknown as ConditionResult, facts);
  for (const name of params.explain ?? []) facts[name] = await almanac.factValue(name);
  const message = { zh: fillIn(params.message.zh, facts), en: fillIn(params.message.en, facts) };
  const finding: Finding = { ruleId: params.ruleId, severity: params.severity, message, facts };
  if (params.autoApprove) finding.autoApprove = true;
  if (params.adjustBy) {
    const { fact, path } = params.adjustBy;
    const value = path ? await almanac.factValue(fact, {}, path) : await almanac.factValue(fact);
    finding.adjustFen = Math.max(0, Math.round(Number(value) || 0));
  }
  return finding;
}

/**
 * Puts explained facts into a message: `{autoApproval.limit}` reads `facts.autoApproval.limit`;
 * `{x.amountFen|yuan}` shows an integer fen amount as yuan (`12345` → `123.45`). Unknown names stay as written.
 */
export function fillIn(text: string, facts: Record<string, unknown>): string {
  return text.replace(/\{([A-Za-z][\w.]*)(\|yuan)?\}/g, (whole, path: string, yuan?: string) => {
    const value = path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), facts);
    if (yuan) return typeof value === 'number' && Number.isSafeInteger(value) ? fenToYuan(value) : whole;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}

interface ConditionResult {
  all?: ConditionResult[];
  any?: ConditionResult[];
  not?: ConditionResult;
  fact?: string;
  path?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

/** Keeps each satisfied leaf condition as `fact.path → {value, operator, against}`. */
function collectDecidingConditions(node: ConditionResult, out: Record<string, unknown>): void {
  for (const child of [...(node.all ?? []), ...(node.any ?? [])]) collectDecidingConditions(child, out);
  if (node.not) collectDecidingConditions(node.not, out);
  if (node.fact && node.result === true) {
    const key = node.path ? `${node.fact}${node.path.replace(/^\$/, '')}` : node.fact;
    out[key] = { value: node.factResult, operator: node.operator, against: node.valueResult ?? node.value };
  }
}
