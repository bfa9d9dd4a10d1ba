declare module 'bpmnlint' {
  export interface LintReport {
    id?: string;
    message: string;
    category?: 'error' | 'warn' | 'info' | 'rule-error';
    path?: (string | number)[];
  }
  export class Linter {
    constructor(options: { config: object; resolver: object });
    lint(definitions: object): Promise<Record<string, LintReport[]>>;
  }
}

declare module 'bpmnlint/lib/resolver/node-resolver' {
  export default class NodeResolver {
    constructor(options?: { require?: NodeRequire });
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
}

declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: object);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: object; warnings: unknown[] }>;
  }
}
