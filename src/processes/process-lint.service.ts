import { Injectable } from '@nestjs/common';
import type { BpmnModdle } from 'bpmn-moddle';
import type { LintReport } from 'bpmnlint';
import { FormsService } from '../forms/forms.service';
import { WorkerHost } from '../engine/worker-host';
import { shippedProcessKeys } from '../engine/deployment.service';
import { checkFlowSafety } from './flow-safety';

export interface LintProblem {
  /** The element the problem is on, for the modeler to select. */
  id: string | null;
  rule: string;
  category: 'error' | 'warn';
  message: string;
}

interface LintContext {
  topics: Set<string>;
  forms: Set<string>;
  callableProcesses: Set<string>;
}

/** A BPMN element as bpmn-moddle parses it: typed, with unknown-namespace attributes in `$attrs`. */
interface ModdleElement {
  $type: string;
  id?: string;
  $attrs?: Record<string, string>;
  [key: string]: unknown;
}

/** Chinese beside bpmnlint's own messages, as the product's rules word theirs. */
const MESSAGES_ZH: Record<string, string> = {
  'Incoming flows do not join': '多条入线未经网关汇合',
  'Element is missing bpmndi': '元素缺少图形信息（BPMNDI）',
  'Element is missing label/name': '元素缺少名称',
  'Element is not connected': '元素没有连线',
  'Process is missing start event': '流程缺少开始事件',
  'Process is missing end event': '流程缺少结束事件',
  'Element has disallowed type <bpmn:ComplexGateway>': '不支持复杂网关',
  'Element has disallowed type <bpmn:InclusiveGateway>': '不支持包容网关',
  'Gateway is superfluous. It only has one source and target.': '网关多余：只有一条入线和一条出线',
  'Element is an implicit end': '元素没有出线，隐式结束',
  'Element is an implicit start': '元素没有入线，隐式开始',
  'Flow splits implicitly': '未经网关的隐式分支',
  'Element has a duplicate id': '元素编号重复',
  'Element overlaps with other element': '元素与其他元素重叠',
  'Element is outside of parent boundary': '元素超出上级边界',
  'Element is missing name': '元素缺少名称',
  'Element is unused': '元素未被使用',
  'Element name is not unique': '元素名称重复',
  'An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>': '事件网关至少需要两条出线',
  'Conditional event is missing a condition': '条件事件缺少条件',
  'Duplicate incoming sequence flows': '重复的入线',
  'Duplicate outgoing sequence flows': '重复的出线',
  'Event has multiple event definitions': '事件有多个事件定义',
  'Gateway forks and joins': '网关同时分支和汇合',
  'Link event is missing link name': '链接事件缺少链接名',
  'Sequence flow has superfluous label': '顺序流有多余标签',
  'Sequence flow is missing condition': '顺序流缺少条件',
  'SequenceFlow is a duplicate': '顺序流重复',
  'Start event is missing event definition': '开始事件缺少事件定义',
  'Start event must be blank': '开始事件应为空白事件',
  'Termination is superfluous.': '终止结束事件多余',
};
const bilingual = (message: string) => (MESSAGES_ZH[message] ? `${MESSAGES_ZH[message]} / ${message}` : message);

const camunda = (element: ModdleElement, name: string): string | undefined => element.$attrs?.[`camunda:${name}`];

/**
 * Rules of our own that know this product, in bpmnlint's rule shape: a factory answering `check`.
 * They read the Camunda attributes from `$attrs`, so no Camunda moddle extension is needed.
 */
function productRules(context: LintContext): Record<string, () => { check: (node: ModdleElement, reporter: { report: (id: string, message: string) => void }) => void }> {
  return {
    // A flow cannot run code: the whole model is checked once, from its root (src/processes/flow-safety.ts).
    'no-code': () => ({
      check(node, reporter) {
        if (node.$type !== 'bpmn:Definitions') return;
        for (const problem of checkFlowSafety(node, context)) reporter.report(problem.id ?? node.id!, problem.message);
      },
    }),
    'topic-served': () => ({
      check(node, reporter) {
        if (!/ServiceTask|SendTask|BusinessRuleTask|IntermediateThrowEvent|EndEvent/.test(node.$type)) return;
        if (camunda(node, 'type') !== 'external') return;
        const topic = camunda(node, 'topic');
        if (!topic) reporter.report(node.id!, '外部任务缺少 topic / the external task has no topic');
        else if (!context.topics.has(topic)) reporter.report(node.id!, `没有工作者处理 topic “${topic}” / no worker serves topic "${topic}"`);
      },
    }),
    'user-task-holder': () => ({
      check(node, reporter) {
        if (node.$type !== 'bpmn:UserTask') return;
        if (!camunda(node, 'assignee') && !camunda(node, 'candidateUsers') && !camunda(node, 'candidateGroups')) {
          reporter.report(node.id!, '用户任务需要办理人、候选人或候选组 / the user task needs an assignee, candidate users or candidate groups');
        }
      },
    }),
    'form-exists': () => ({
      check(node, reporter) {
        const key = camunda(node, 'formKey');
        if (!key) return;
        const name = key.startsWith('formio:') ? key.slice('formio:'.length) : null;
        if (!name || !context.forms.has(name)) reporter.report(node.id!, `表单 “${key}” 不存在 / form "${key}" does not exist`);
      },
    }),
    'history-ttl': () => ({
      check(node, reporter) {
        if (node.$type === 'bpmn:Process' && node.isExecutable && !camunda(node, 'historyTimeToLive')) {
          reporter.report(node.id!, '流程需要设置历史保留期 historyTimeToLive / the process needs a historyTimeToLive');
        }
      },
    }),
    'gateway-default': () => ({
      check(node, reporter) {
        if (!/ExclusiveGateway|InclusiveGateway/.test(node.$type)) return;
        const outgoing = (node.outgoing as ModdleElement[] | undefined) ?? [];
        const conditioned = outgoing.filter((flow) => flow.conditionExpression);
        if (conditioned.length > 0 && outgoing.length > 1 && !node.default && conditioned.length === outgoing.length && !coversAll(conditioned)) {
          reporter.report(node.id!, '带条件的网关需要默认流 / a gateway with conditions needs a default flow');
        }
      },
    }),
  };
}

/**
 * A gateway whose conditions are a decision's complete set (`${x}` and `${!x}`, or the decision
 * values the tasks set) needs no default; anything else does. Kept simple: two flows that negate
 * each other count as complete.
 */
function coversAll(flows: ModdleElement[]): boolean {
  const bodies = flows.map((flow) => String((flow.conditionExpression as { body?: string } | undefined)?.body ?? '').replace(/\s/g, ''));
  return bodies.length === 2 && (bodies[0] === bodies[1].replace('${!', '${') || bodies[1] === bodies[0].replace('${!', '${'));
}

/**
 * Lints BPMN the way the modeler does: bpmnlint's recommended rules plus ours (nothing in the flow
 * can run code — `flow-safety.ts`; every external task's topic is served by a worker, every user task has someone to hold it, every form key names
 * a form, history time-to-live is set, a gateway with conditions has a default flow).
 */
@Injectable()
export class ProcessLintService {
  private moddle?: BpmnModdle;

  constructor(private readonly workers: WorkerHost, private readonly forms: FormsService) {}

  /** The topics the workers of this product serve, for the modeler's own check as for ours. */
  topics(): string[] {
    return [...new Set(this.workers.handlers().map((h) => h.options.topic))].sort();
  }

  async lint(xml: string): Promise<{ problems: LintProblem[]; parseError: string | null }> {
    // Loaded on first use: bpmn-moddle is an ES module, which Node requires but the test runner's module system cannot.
    const { BpmnModdle } = await import('bpmn-moddle');
    const { Linter } = await import('bpmnlint');
    const { default: NodeResolver } = await import('bpmnlint/lib/resolver/node-resolver');
    this.moddle ??= new BpmnModdle();
    let root: object;
    try {
      ({ rootElement: root } = await this.moddle.fromXML(xml, 'bpmn:Definitions'));
    } catch (error) {
      return { problems: [], parseError: (error as Error).message };
    }
    const context: LintContext = {
      topics: new Set(this.topics()),
      forms: new Set((await this.forms.list()).map((f) => f.name)),
      callableProcesses: new Set(await shippedProcessKeys()),
    };
    const ours = productRules(context);
    const node = new NodeResolver();
    const resolver = {
      resolveRule: (pkg: string, name: string) => (pkg === 'bpmnlint-plugin-jingbao' ? ours[name] : node.resolveRule(pkg, name)),
      resolveConfig: (pkg: string, name: string) => node.resolveConfig(pkg, name),
    };
    const config = {
      extends: 'bpmnlint:recommended',
      rules: {
        // Our diagrams put Chinese and English in one label and leave some flows unlabelled on purpose.
        'label-required': 'off',
        'jingbao/no-code': 'error',
        'jingbao/topic-served': 'error',
        'jingbao/user-task-holder': 'error',
        'jingbao/form-exists': 'error',
        'jingbao/history-ttl': 'error',
        'jingbao/gateway-default': 'warn',
      },
    };
    const reports = await new Linter({ config, resolver }).lint(root);
    const problems = Object.entries(reports).flatMap(([rule, list]) =>
      (list as LintReport[]).map((report) => ({
        id: report.id ?? null,
        rule,
        category: report.category === 'warn' || report.category === 'info' ? ('warn' as const) : ('error' as const),
        message: bilingual(report.message),
      })),
    );
    return { problems, parseError: null };
  }
}
