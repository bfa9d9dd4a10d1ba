/**
 * What a deployed flow may contain, so that a process administrator edits approval flows and never
 * programs: the one check both the modeler's lint (`POST /api/processes/lint`, which the modeler
 * calls) and every deployment run (`ProcessesService.deploy`, `DeploymentService.deployAll`).
 *
 * Allowed: external tasks on served topics (checked by `jingbao/topic-served`), user tasks,
 * gateways, timers, messages, errors, call activities of the product's own processes, and the
 * structure and diagram around them. Every `${…}` / `#{…}` anywhere in the model is held to a small
 * grammar — plain variable names, literals, comparisons, `&&` `||` `!` and parentheses — so no method
 * call, property access, bean or function can run. Refused outright: script tasks and scripts of
 * any kind, Java classes, delegate and method expressions, listeners, connectors, DMN and CMMN calls,
 * multi-instance collections and script conditions.
 *
 * Pure: it reads the tree bpmn-moddle parses (without the Camunda extension, so Camunda attributes
 * sit in `$attrs` and Camunda extension elements are generic, attributes as own properties and
 * children in `$children`).
 */

export interface FlowSafetyContext {
  /** Process keys a call activity may call: the product's own processes. */
  callableProcesses: ReadonlySet<string>;
}

export interface FlowSafetyProblem {
  /** The element refused (or the nearest one with an id), for the modeler to mark. */
  id: string | null;
  message: string;
}

interface Node {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, unknown>;
  $children?: Node[];
  $body?: string;
  [key: string]: unknown;
}

/** BPMN element types a flow may hold; anything else is refused by name. */
const ALLOWED_TYPES = new Set([
  'bpmn:Definitions', 'bpmn:Process', 'bpmn:Collaboration', 'bpmn:Participant', 'bpmn:MessageFlow', 'bpmn:LaneSet', 'bpmn:Lane',
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent',
  'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:ErrorEventDefinition', 'bpmn:TerminateEventDefinition',
  'bpmn:Message', 'bpmn:Error',
  'bpmn:SequenceFlow', 'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway',
  'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ReceiveTask', 'bpmn:CallActivity', 'bpmn:SubProcess',
  'bpmn:FormalExpression', 'bpmn:Expression', 'bpmn:ExtensionElements', 'bpmn:Documentation',
  'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:Category', 'bpmn:CategoryValue',
  'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
  'bpmndi:BPMNDiagram', 'bpmndi:BPMNPlane', 'bpmndi:BPMNShape', 'bpmndi:BPMNEdge', 'bpmndi:BPMNLabel', 'bpmndi:BPMNLabelStyle',
  'dc:Bounds', 'dc:Point', 'dc:Font', 'di:Waypoint',
  // Camunda extension elements that only carry data (their texts still meet the expression grammar).
  'camunda:properties', 'camunda:property', 'camunda:inputOutput', 'camunda:inputParameter', 'camunda:outputParameter',
  'camunda:list', 'camunda:map', 'camunda:entry', 'camunda:value', 'camunda:in', 'camunda:out',
  'camunda:formData', 'camunda:formField', 'camunda:validation', 'camunda:constraint', 'camunda:failedJobRetryTimeCycle',
]);

/** Why the common refused types are refused, in words an administrator understands. */
const REFUSED_TYPES: Record<string, [string, string]> = {
  'bpmn:ScriptTask': ['脚本任务会在引擎上执行代码', 'a script task runs code on the engine'],
  'bpmn:Script': ['脚本会在引擎上执行代码', 'a script runs code on the engine'],
  'camunda:script': ['脚本会在引擎上执行代码', 'a script runs code on the engine'],
  'camunda:executionListener': ['执行监听器会在引擎上执行代码，流程不允许监听器', 'an execution listener runs code on the engine; flows have no listeners'],
  'camunda:taskListener': ['任务监听器会在引擎上执行代码，流程不允许监听器', 'a task listener runs code on the engine; flows have no listeners'],
  'camunda:connector': ['连接器会从引擎发起调用', 'a connector makes calls from the engine'],
  'camunda:field': ['字段注入只用于 Java 类', 'field injection only serves Java classes'],
  'camunda:errorEventDefinition': ['外部任务错误映射使用表达式求值', 'an external task error mapping evaluates expressions'],
  'bpmn:MultiInstanceLoopCharacteristics': ['多实例会对集合表达式求值', 'multi-instance evaluates a collection expression'],
  'bpmn:ConditionalEventDefinition': ['条件事件不在允许的元素之内', 'conditional events are not among the allowed elements'],
  'bpmn:SignalEventDefinition': ['信号事件不在允许的元素之内', 'signal events are not among the allowed elements'],
  'bpmn:Task': ['无类型任务不做任何事，请用用户任务或外部任务', 'an untyped task does nothing; use a user task or an external task'],
  'bpmn:ManualTask': ['手工任务不在允许的元素之内，请用用户任务', 'manual tasks are not among the allowed elements; use a user task'],
};

/** Attributes (Camunda's, or BPMN's own) that name code to run. */
const REFUSED_ATTRIBUTES: Record<string, [string, string]> = {
  class: ['指定了 Java 类', 'names a Java class'],
  expression: ['指定了要执行的表达式', 'names an expression to execute'],
  delegateExpression: ['指定了委托表达式', 'names a delegate expression'],
  decisionRef: ['调用 DMN 决策', 'calls a DMN decision'],
  caseRef: ['调用 CMMN 案例', 'calls a CMMN case'],
  variableMappingClass: ['指定了变量映射 Java 类', 'names a variable mapping class'],
  variableMappingDelegateExpression: ['指定了变量映射委托表达式', 'names a variable mapping delegate expression'],
  scriptFormat: ['指定了脚本语言', 'names a script language'],
  resource: ['引用外部脚本资源', 'refers to an external script resource'],
};

/** Names the engine resolves to its own objects rather than to the product's variables. */
const RESERVED_NAMES = new Set(['execution', 'task', 'caseExecution', 'variableScope', 'authenticatedUserId', 'connector', 'processEngine', 'processEngineServices', 'dateTime']);
const LITERAL_WORDS = new Set(['true', 'false', 'null']);
const WORD_OPERATORS: Record<string, string> = { and: '&&', or: '||', not: '!', eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=' };
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

type Token = { kind: 'name' | 'literal' | 'op'; text: string };

/** Splits an expression body into tokens; answers why not when a character outside the grammar appears. */
function tokenize(body: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const rest = body.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) { i += space[0].length; continue; }
    const string = /^('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/.exec(rest);
    if (string) { tokens.push({ kind: 'literal', text: string[0] }); i += string[0].length; continue; }
    const number = /^-?\d+(?:\.\d+)?(?![\w.])/.exec(rest);
    if (number && (number[0][0] !== '-' || tokens.length === 0 || tokens[tokens.length - 1].kind === 'op')) {
      tokens.push({ kind: 'literal', text: number[0] }); i += number[0].length; continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (word) {
      const text = word[0];
      if (WORD_OPERATORS[text]) tokens.push({ kind: 'op', text: WORD_OPERATORS[text] });
      else tokens.push({ kind: LITERAL_WORDS.has(text) ? 'literal' : 'name', text });
      i += text.length;
      continue;
    }
    const op = /^(==|!=|<=|>=|&&|\|\||[<>!()])/.exec(rest);
    if (op) { tokens.push({ kind: 'op', text: op[0] }); i += op[0].length; continue; }
    return `“${rest[0]}” 不在允许的表达式语法内 / "${rest[0]}" is outside the allowed expression grammar`;
  }
  return tokens;
}

/**
 * or := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | comparison ;
 * comparison := operand (cmp operand)? ; operand := name | literal | '(' or ')'.
 * Answers null when the body parses, else why not.
 */
function checkGrammar(body: string): string | null {
  const tokens = tokenize(body);
  if (typeof tokens === 'string') return tokens;
  if (tokens.length === 0) return '表达式为空 / the expression is empty';
  let at = 0;
  const peek = () => tokens[at];
  const fail = (what: string) => { throw new Error(what); };
  const operand = (): void => {
    const token = peek();
    if (!token) fail('表达式不完整 / the expression is incomplete');
    if (token.kind === 'literal') { at++; return; }
    if (token.kind === 'name') {
      if (RESERVED_NAMES.has(token.text)) fail(`“${token.text}” 是引擎对象而非流程变量 / "${token.text}" is an engine object, not a process variable`);
      at++;
      if (peek()?.text === '(') fail(`不允许调用方法或函数 “${token.text}(…)” / calling "${token.text}(…)" is not allowed`);
      return;
    }
    if (token.text === '(') { at++; or(); if (peek()?.text !== ')') fail('括号不配对 / unbalanced parentheses'); at++; return; }
    fail(`此处不应出现 “${token.text}” / "${token.text}" is not expected here`);
  };
  const comparison = () => { operand(); if (peek() && COMPARISONS.has(peek().text)) { at++; operand(); } };
  const unary = (): void => { if (peek()?.text === '!') { at++; unary(); } else comparison(); };
  const and = () => { unary(); while (peek()?.text === '&&') { at++; unary(); } };
  const or = () => { and(); while (peek()?.text === '||') { at++; and(); } };
  try {
    or();
    if (at < tokens.length) fail(`此处不应出现 “${peek().text}” / "${peek().text}" is not expected here`);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The `${…}` / `#{…}` bodies in a text, or why it cannot be read (an expression left open). */
export function expressionsIn(text: string): { bodies: string[]; unclosed: boolean } {
  const bodies: string[] = [];
  let i = 0;
  while ((i = text.search(/[$#]\{/)) >= 0) {
    let j = i + 2;
    let quote: string | null = null;
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) { if (c === '\\') j++; else if (c === quote) quote = null; }
      else if (c === '"' || c === "'") quote = c;
      else if (c === '}') break;
    }
    if (j >= text.length) return { bodies, unclosed: true };
    bodies.push(text.slice(i + 2, j));
    text = text.slice(j + 1);
  }
  return { bodies, unclosed: false };
}

/** Why an expression-bearing text is refused, or null when every expression in it meets the grammar. */
export function expressionProblem(text: string): string | null {
  const { bodies, unclosed } = expressionsIn(text);
  if (unclosed) return '表达式缺少右花括号 / an expression is not closed with "}"';
  for (const body of bodies) {
    const why = checkGrammar(body);
    if (why) return `表达式 “${body.trim()}” 不允许：${why.split(' / ')[0]} / expression "${body.trim()}" is not allowed: ${why.split(' / ')[1] ?? why}`;
  }
  return null;
}

const label = (node: Node | null) => (node ? (node.name ? `“${node.name}”（${node.id}）` : `${node.id ?? node.$type}`) : '模型');
const labelEn = (node: Node | null) => (node ? (node.name ? `"${node.name}" (${node.id})` : `${node.id ?? node.$type}`) : 'the model');
const localName = (attribute: string) => attribute.slice(attribute.indexOf(':') + 1);

/** Checks a parsed model (the root bpmn-moddle answers) and lists every refusal. */
export function checkFlowSafety(root: object, context: FlowSafetyContext): FlowSafetyProblem[] {
  const problems: FlowSafetyProblem[] = [];
  const seen = new Set<object>();
  const refuse = (owner: Node | null, zh: string, en: string) => {
    const message = `${label(owner)}：${zh} / ${labelEn(owner)}: ${en}`;
    if (!problems.some((p) => p.id === (owner?.id ?? null) && p.message === message)) problems.push({ id: owner?.id ?? null, message });
  };
  const checkText = (owner: Node | null, where: string, text: string) => {
    const why = expressionProblem(text);
    if (why) refuse(owner, `${where} 中的${why.split(' / ')[0]}`, `${why.split(' / ').slice(1).join(' / ')} (in ${where})`);
  };

  const visit = (node: Node, owner: Node | null) => {
    if (seen.has(node)) return;
    seen.add(node);
    const self = typeof node.id === 'string' && node.id ? node : owner;
    const type = node.$type;
    if (!ALLOWED_TYPES.has(type)) {
      const [zh, en] = (Object.hasOwn(REFUSED_TYPES, type) ? REFUSED_TYPES[type] : null) ?? ['此类元素不在允许之列', 'this kind of element is not allowed'];
      refuse(self, `${type} 被拒绝：${zh}`, `${type} refused: ${en}`);
    }
    if (/^bpmn:(ServiceTask|SendTask|BusinessRuleTask)$/.test(type) && node.$attrs?.['camunda:type'] !== 'external') {
      refuse(self, '服务类任务只能是外部任务（camunda:type="external"）', 'a service, send or business rule task must be an external task (camunda:type="external")');
    }
    if (type === 'bpmn:CallActivity') {
      const called = String(node.calledElement ?? '');
      if (!context.callableProcesses.has(called)) {
        refuse(self, `只能调用本产品的流程，“${called}” 不是`, `may call only the product's own processes, and "${called}" is not one`);
      }
    }
    if (type === 'bpmn:FormalExpression' && typeof node.language === 'string' && node.language) {
      refuse(self, `条件使用脚本语言 “${node.language}”`, `the condition uses the script language "${node.language}"`);
    }
    // Attributes: BPMN's own as properties, Camunda's in $attrs (typed elements) or as properties (generic ones).
    const attributes: [string, unknown][] = [...Object.entries(node).filter(([key]) => !key.startsWith('$')), ...Object.entries(node.$attrs ?? {})];
    for (const [key, value] of attributes) {
      const name = localName(key);
      if (Object.hasOwn(REFUSED_ATTRIBUTES, name) && (key.startsWith('camunda:') || !type.startsWith('bpmn') || name === 'scriptFormat')) {
        const [zh, en] = REFUSED_ATTRIBUTES[name];
        refuse(self, `属性 ${key} ${zh}`, `attribute ${key} ${en}`);
      } else if (typeof value === 'string') {
        checkText(self, key, value);
      }
    }
    if (typeof node.$body === 'string') checkText(self, type, node.$body);
    for (const [key, value] of Object.entries(node)) {
      if (key === '$parent' || key === '$attrs') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as Node).$type === 'string') visit(child as Node, self);
      }
    }
  };
  visit(root as Node, null);
  return problems;
}
