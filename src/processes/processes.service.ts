import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DomainError, DomainErrorKind } from '../common/domain-error';
import { EngineClient } from '../engine/engine-client';
import { LintProblem, ProcessLintService } from './process-lint.service';

export class ProcessNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(key: string, version?: number) {
    super('PROCESS_NOT_FOUND', `流程 ${key}${version ? ` 第 ${version} 版` : ''} 不存在`, `Process ${key}${version ? ` version ${version}` : ''} does not exist`);
  }
}

export class ProcessRefusedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(problems: LintProblem[], parseError: string | null) {
    const errors = problems.filter((p) => p.category === 'error');
    super(
      'PROCESS_REFUSED',
      parseError ? `不是有效的 BPMN：${parseError}` : `流程有 ${errors.length} 个错误，未部署`,
      parseError ? `Not valid BPMN: ${parseError}` : `The process has ${errors.length} error(s); nothing was deployed`,
      { problems, fields: errors.map((p) => ({ field: p.id ?? p.rule, message: p.message })) },
    );
  }
}

export interface ProcessVersionView {
  id: string;
  version: number;
  deployedAt: string | null;
  deployment: string | null;
  source: string | null;
  runningInstances: number;
}

/**
 * 流程管理: the process definitions with their versions and running instances, each version's BPMN,
 * and deployment of an edited model — linted here again, refused while it has errors. New instances
 * start on the new version; running ones stay on theirs (the engine's versioning).
 */
@Injectable()
export class ProcessesService {
  private readonly logger = new Logger(ProcessesService.name);

  constructor(private readonly engine: EngineClient, private readonly lint: ProcessLintService, private readonly audit: AuditService) {}

  async list(): Promise<{ key: string; name: string | null; versions: ProcessVersionView[] }[]> {
    const definitions = (await this.engine.processDefinitions()).filter((d) => !d.key.endsWith('-bare'));
    const deployments = new Map(await Promise.all([...new Set(definitions.map((d) => d.deploymentId))].map(async (id) => [id, await this.engine.deployment(id)] as const)));
    const byKey = new Map<string, { key: string; name: string | null; versions: ProcessVersionView[] }>();
    for (const definition of definitions) {
      const entry = byKey.get(definition.key) ?? { key: definition.key, name: definition.name, versions: [] };
      const deployment = deployments.get(definition.deploymentId);
      entry.versions.push({
        id: definition.id,
        version: definition.version,
        deployedAt: deployment?.deploymentTime ?? null,
        deployment: deployment?.name ?? null,
        source: deployment?.source ?? null,
        runningInstances: await this.engine.runningInstanceCount(definition.id),
      });
      byKey.set(definition.key, entry);
    }
    return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  async xml(key: string, version: number): Promise<string> {
    const definition = (await this.engine.processDefinitions()).find((d) => d.key === key && d.version === version);
    if (!definition) throw new ProcessNotFoundError(key, version);
    return this.engine.processDefinitionXml(definition.id);
  }

  /** Deploys an edited model under its process key; refused while lint finds errors. */
  async deploy(xml: string, actor: string): Promise<{ key: string; version: number; id: string; problems: LintProblem[] }> {
    const { problems, parseError } = await this.lint.lint(xml);
    if (parseError || problems.some((p) => p.category === 'error')) throw new ProcessRefusedError(problems, parseError);
    const key = /<bpmn\d?:process[^>]*\sid="([^"]+)"/.exec(xml)?.[1];
    if (!key) throw new ProcessRefusedError([{ id: null, rule: 'process', category: 'error', message: '模型中没有流程 / the model has no process' }], null);
    const deployment = await this.engine.deploy(`${key} by ${actor}`, [{ name: `${key}.bpmn`, content: xml }]);
    const deployed = Object.values(deployment.deployedProcessDefinitions ?? {}).find((d) => d.key === key);
    const current = deployed ?? (await this.engine.processDefinitions()).find((d) => d.key === key);
    if (!current) throw new ProcessNotFoundError(key);
    await this.audit.record('process.deploy', 'process', key, null, { version: current.version, definitionId: current.id, unchanged: !deployed });
    this.logger.log(`${actor} deployed ${key} version ${current.version}${deployed ? '' : ' (unchanged)'}`);
    return { key, version: current.version, id: current.id, problems };
  }
}
