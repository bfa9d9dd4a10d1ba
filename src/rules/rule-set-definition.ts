import type { RuleProperties } from 'json-rules-engine';
import type { Severity } from '../claims/claim.entities';

export const SEVERITIES: Severity[] = ['block', 'warn', 'adjust', 'info'];

export const BUILT_IN_OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'contains', 'doesNotContain',
];

/** A rule set as stored in `rules/<set>.json` and in `rule_set_version`. */
export interface RuleSetDefinition {
  set: string;
  version: number;
  /** The first submission day screened with this version. */
  effectiveFrom: string;
  description?: string;
  /** Facts the caller supplies for each evaluation. */
  inputs: string[];
  /** Policy values the rules reference as the `policy` fact. */
  data: Record<string, unknown>;
  rules: RuleProperties[];
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** Params of a `finding` event: one row of the rule catalogue. */
export interface FindingEventParams {
  ruleId: string;
  severity: Severity;
  message: Bilingual;
  /** For `adjust` findings: the fact (and path) holding the amount in fen to cut. */
  adjustBy?: { fact: string; path?: string };
  /** Whole facts kept with the finding to explain it (the cap, the other claim, …). */
  explain?: string[];
  /**
   * Set on an `info` finding of the routing set: when it fires the claim needs no human step
   * (自动审批) and its chain is empty. The message may name explained facts as `{fact.path}`.
   */
  autoApprove?: boolean;
}

/** Params of a `route` event: one step of an approval chain. */
export interface RouteEventParams {
  step: string;
  order: number;
  reason: Bilingual;
}

export class RuleSetError extends Error {
  /** Where in the rule set the problem is (`rules[2].conditions.all[0]`), when it is one place. */
  constructor(message: string, readonly path?: string) {
    super(message);
  }
}

interface ConditionNode {
  all?: ConditionNode[];
  any?: ConditionNode[];
  not?: ConditionNode;
  fact?: string;
  operator?: string;
  value?: unknown;
}

/**
 * Checks a rule set's shape and that it names only facts and operators that exist, so a bad
 * file stops the start and a bad `PUT /api/rules/:set` is refused before it is stored.
 */
export function checkRuleSet(
  file: RuleSetDefinition,
  origin: string,
  known: { facts: Iterable<string>; operators: Iterable<string> },
): void {
  const problem = (text: string, path?: string) => new RuleSetError(`${origin}: ${text}`, path);
  if (!file || typeof file !== 'object') throw problem('not an object');
  if (typeof file.set !== 'string' || !/^[a-z][a-z-]*$/.test(file.set)) throw problem('`set` must be a lower-case name');
  if (!Number.isInteger(file.version) || file.version < 1) throw problem('`version` must be a positive integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(file.effectiveFrom ?? '')) throw problem('`effectiveFrom` must be an ISO day');
  if (!Array.isArray(file.inputs)) throw problem('`inputs` must list the facts the caller supplies');
  if (!file.data || typeof file.data !== 'object' || Array.isArray(file.data)) throw problem('`data` must be an object');
  if (!Array.isArray(file.rules) || file.rules.length === 0) throw problem('`rules` must be a non-empty list');
  const knownFacts = new Set([...file.inputs, ...known.facts]);
  const knownOperators = new Set([...BUILT_IN_OPERATORS, ...known.operators]);
  const ids = new Set<string>();
  for (const [index, rule] of file.rules.entries()) {
    if (!isObject(rule)) throw problem(`rules[${index}] must be an object`, `rules[${index}]`);
    const name = String(rule?.name ?? '?');
    const params = rule?.event?.params as Record<string, unknown> | undefined;
    if (rule?.event?.type === 'finding') {
      const finding = params as unknown as FindingEventParams;
      if (typeof finding?.ruleId !== 'string' || !/^[A-Z]+(-[A-Z]+)+$/.test(finding.ruleId)) throw problem(`rule ${name}: event.params.ruleId must look like INV-MATH`);
      // One rule id may have several rules (BUD-INSUFFICIENT blocks under FORBID, warns under WARN); names are unique.
      if (ids.has(name)) throw problem(`rule name ${name} appears twice`);
      ids.add(name);
      if (!SEVERITIES.includes(finding.severity)) throw problem(`rule ${name}: severity must be one of ${SEVERITIES.join(', ')}`);
      checkBilingual(finding.message, () => problem(`rule ${name}: event.params.message needs zh and en`));
      if (finding.severity === 'adjust' && !finding.adjustBy) throw problem(`rule ${name}: an adjust finding needs event.params.adjustBy`);
      if (finding.adjustBy && !knownFacts.has(finding.adjustBy.fact)) throw problem(`rule ${name}: adjustBy names unknown fact "${finding.adjustBy.fact}"`);
      for (const fact of finding.explain ?? []) if (!knownFacts.has(fact)) throw problem(`rule ${name}: explain names unknown fact "${fact}"`);
      if (finding.autoApprove !== undefined && (finding.autoApprove !== true || finding.severity !== 'info')) throw problem(`rule ${name}: autoApprove may only be true, on an info finding`);
    } else if (rule?.event?.type === 'route') {
      const route = params as unknown as RouteEventParams;
      if (typeof route?.step !== 'string' || !route.step) throw problem(`rule ${name}: a route event needs params.step`);
      if (!Number.isInteger(route.order)) throw problem(`rule ${name}: a route event needs an integer params.order`);
      checkBilingual(route.reason, () => problem(`rule ${name}: event.params.reason needs zh and en`));
    } else {
      throw problem(`rule ${name}: event.type must be "finding" or "route"`);
    }
    const at = `rules[${index}]`;
    if (rule.priority !== undefined && (!Number.isInteger(rule.priority) || (rule.priority as number) < 1)) {
      throw problem(`rule ${name}: priority must be a positive integer`, `${at}.priority`);
    }
    const conditions = rule.conditions as unknown;
    if (!isObject(conditions) || !BOOLEAN_KEYS.some((key) => key in conditions)) {
      throw problem(`rule ${name}: conditions must be an object with "all", "any" or "not"`, `${at}.conditions`);
    }
    walkConditions(conditions, `${at}.conditions`, (text, path) => problem(`rule ${name}: ${text} at ${path}`, path), (leaf, path) => {
      if (!knownFacts.has(leaf.fact!)) throw problem(`rule ${name}: unknown fact "${leaf.fact}" at ${path}`, `${path}.fact`);
      if (typeof leaf.operator !== 'string' || !knownOperators.has(leaf.operator)) throw problem(`rule ${name}: unknown operator "${String(leaf.operator)}" at ${path}`, `${path}.operator`);
      const ref = leaf.value as { fact?: string } | undefined;
      if (ref && typeof ref === 'object' && 'fact' in ref && !knownFacts.has(ref.fact!)) {
        throw problem(`rule ${name}: unknown fact "${ref.fact}" in a value at ${path}`, `${path}.value`);
      }
    });
  }
}

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkBilingual(text: Bilingual | undefined, fail: () => Error): void {
  if (typeof text?.zh !== 'string' || typeof text?.en !== 'string' || !text.zh || !text.en) throw fail();
}

/**
 * Walks a condition tree, refusing any node that is not an object with exactly one of `all` / `any`
 * (lists), `not` (a node) or `fact` (a leaf with a fact name and an operator), naming its path.
 */
function walkConditions(
  node: unknown,
  path: string,
  fail: (text: string, path: string) => RuleSetError,
  visit: (leaf: ConditionNode, path: string) => void,
): void {
  if (!isObject(node)) throw fail('a condition must be an object (all, any, not, or a fact with an operator)', path);
  const kinds = [...BOOLEAN_KEYS, 'fact'].filter((key) => key in node);
  if (kinds.length !== 1) throw fail('a condition needs exactly one of "all", "any", "not" or "fact"', path);
  const [kind] = kinds;
  if (kind === 'all' || kind === 'any') {
    const children = node[kind];
    if (!Array.isArray(children)) throw fail(`"${kind}" must be a list of conditions`, `${path}.${kind}`);
    children.forEach((child, i) => walkConditions(child, `${path}.${kind}[${i}]`, fail, visit));
  } else if (kind === 'not') {
    walkConditions(node.not, `${path}.not`, fail, visit);
  } else {
    if (typeof node.fact !== 'string') throw fail('"fact" must be a fact name', `${path}.fact`);
    if (node.path !== undefined && typeof node.path !== 'string') throw fail('"path" must be a JSONPath text', `${path}.path`);
    if (node.params !== undefined && !isObject(node.params)) throw fail('"params" must be an object', `${path}.params`);
    visit(node as ConditionNode, path);
  }
}
