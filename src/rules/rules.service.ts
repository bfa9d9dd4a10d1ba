import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Engine, RuleProperties, RuleResult } from 'json-rules-engine';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../claims/claim.entities';
import { AMBIENT_FACTS, COMPUTED_FACTS, OPERATORS } from './rule-registry';

export const RULES_DIR = join(__dirname, '..', '..', 'rules');

const SEVERITIES: Severity[] = ['block', 'warn', 'adjust', 'info'];

export interface RuleSetFile {
  set: string;
  version: number;
  effectiveFrom: string;
  description?: string;
  /** Facts the caller supplies for each evaluation. */
  inputs: string[];
  /** Policy values the rules reference as the `policy` fact. */
  data: Record<string, unknown>;
  rules: RuleProperties[];
}

/** A fired rule: what the rule catalogue calls a finding. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: { zh: string; en: string };
  /** The facts that decided it: each satisfied condition with the value it saw. */
  facts: Record<string, unknown>;
}

export class RuleSetError extends Error {}

interface LoadedRuleSet {
  file: RuleSetFile;
  engine: Engine;
}

/** Loads and checks rules/*.json at start, and evaluates a set against given facts. */
@Injectable()
export class RulesService implements OnModuleInit {
  private readonly logger = new Logger(RulesService.name);
  private readonly sets = new Map<string, LoadedRuleSet>();

  constructor(private readonly dir: string = RULES_DIR) {}

  onModuleInit(): void {
    this.loadAll();
  }

  loadAll(): void {
    const names = readdirSync(this.dir).filter((name) => name.endsWith('.json')).sort();
    for (const name of names) {
      const path = join(this.dir, name);
      let file: RuleSetFile;
      try {
        file = JSON.parse(readFileSync(path, 'utf8')) as RuleSetFile;
      } catch (error) {
        throw new RuleSetError(`rules/${name}: not valid JSON (${(error as Error).message})`);
      }
      this.load(file, `rules/${name}`);
    }
    this.logger.log(`loaded rule sets ${[...this.sets.values()].map((s) => `${s.file.set}@${s.file.version}`).join(', ')}`);
  }

  /** Checks a rule set and makes it the one evaluated under its name; throws RuleSetError naming the problem. */
  load(file: RuleSetFile, origin = file.set): void {
    checkRuleSet(file, origin);
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const [name, operator] of Object.entries(OPERATORS)) engine.addOperator(name, operator);
    for (const [name, calculate] of Object.entries(COMPUTED_FACTS)) {
      engine.addFact(name, (_params, almanac) => calculate(almanac), { cache: true });
    }
    for (const rule of file.rules) {
      try {
        engine.addRule(rule);
      } catch (error) {
        throw new RuleSetError(`${origin}: rule ${rule.name}: ${(error as Error).message}`);
      }
    }
    this.sets.set(file.set, { file, engine });
  }

  version(set: string): { set: string; version: number; effectiveFrom: string } {
    const { file } = this.get(set);
    return { set: file.set, version: file.version, effectiveFrom: file.effectiveFrom };
  }

  /** Runs a rule set; `inputs` holds the set's input facts and `submittedOn`, the day taken as today. */
  async evaluate(set: string, inputs: Record<string, unknown> & { submittedOn: string }): Promise<Finding[]> {
    const { file, engine } = this.get(set);
    const { results } = await engine.run({ ...inputs, policy: file.data });
    return results.map((result) => toFinding(result));
  }

  private get(set: string): LoadedRuleSet {
    const loaded = this.sets.get(set);
    if (!loaded) throw new RuleSetError(`no rule set named ${set}`);
    return loaded;
  }
}

function toFinding(result: RuleResult): Finding {
  const params = result.event!.params as { ruleId: string; severity: Severity; message: { zh: string; en: string } };
  const facts: Record<string, unknown> = {};
  collectDecidingConditions(result.conditions as unknown as ConditionResult, facts);
  return { ruleId: params.ruleId, severity: params.severity, message: params.message, facts };
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

function checkRuleSet(file: RuleSetFile, origin: string): void {
  const problem = (text: string) => new RuleSetError(`${origin}: ${text}`);
  if (!file || typeof file !== 'object') throw problem('not an object');
  if (typeof file.set !== 'string' || !/^[a-z][a-z-]*$/.test(file.set)) throw problem('`set` must be a lower-case name');
  if (!Number.isInteger(file.version) || file.version < 1) throw problem('`version` must be a positive integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(file.effectiveFrom ?? '')) throw problem('`effectiveFrom` must be an ISO day');
  if (!Array.isArray(file.inputs)) throw problem('`inputs` must list the facts the caller supplies');
  if (!file.data || typeof file.data !== 'object') throw problem('`data` must be an object');
  if (!Array.isArray(file.rules) || file.rules.length === 0) throw problem('`rules` must be a non-empty list');
  const knownFacts = new Set([...file.inputs, ...AMBIENT_FACTS, ...Object.keys(COMPUTED_FACTS)]);
  const knownOperators = new Set([
    ...Object.keys(OPERATORS),
    'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
    'in', 'notIn', 'contains', 'doesNotContain',
  ]);
  const ids = new Set<string>();
  for (const rule of file.rules) {
    const name = String(rule.name ?? '?');
    const params = rule.event?.params as Record<string, unknown> | undefined;
    const message = params?.message as { zh?: unknown; en?: unknown } | undefined;
    if (rule.event?.type !== 'finding') throw problem(`rule ${name}: event.type must be "finding"`);
    if (typeof params?.ruleId !== 'string' || !/^[A-Z]+(-[A-Z]+)+$/.test(params.ruleId)) throw problem(`rule ${name}: event.params.ruleId must look like INV-MATH`);
    if (ids.has(params.ruleId)) throw problem(`rule ${name}: ruleId ${params.ruleId} appears twice`);
    ids.add(params.ruleId);
    if (!SEVERITIES.includes(params.severity as Severity)) throw problem(`rule ${name}: severity must be one of ${SEVERITIES.join(', ')}`);
    if (typeof message?.zh !== 'string' || typeof message?.en !== 'string' || !message.zh || !message.en) {
      throw problem(`rule ${name}: event.params.message needs zh and en`);
    }
    walkConditions(rule.conditions as unknown as ConditionResult, (leaf) => {
      if (!knownFacts.has(leaf.fact!)) throw problem(`rule ${name}: unknown fact "${leaf.fact}"`);
      if (!knownOperators.has(leaf.operator!)) throw problem(`rule ${name}: unknown operator "${leaf.operator}"`);
      const ref = leaf.value as { fact?: string } | undefined;
      if (ref && typeof ref === 'object' && 'fact' in ref && !knownFacts.has(ref.fact!)) {
        throw problem(`rule ${name}: unknown fact "${ref.fact}" in a value`);
      }
    });
  }
}

function walkConditions(node: ConditionResult, visit: (leaf: ConditionResult) => void): void {
  for (const child of [...(node.all ?? []), ...(node.any ?? [])]) walkConditions(child, visit);
  if (node.not) walkConditions(node.not, visit);
  if (node.fact) visit(node);
}
