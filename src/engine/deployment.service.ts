import { PROJECT_ROOT } from '../common/project-root';
import { Injectable, Logger } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { EngineClient } from './engine-client';
import { checkFlowSafety, FlowSafetyProblem } from '../processes/flow-safety';

export const PROCESSES_DIR = join(PROJECT_ROOT, 'processes');
const DEPLOYMENT_NAME = 'jingbao-processes';

/** The product's own processes, by key (each file is named after its process): what a call activity may call. */
export async function shippedProcessKeys(dir = PROCESSES_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.bpmn')).map((name) => name.slice(0, -'.bpmn'.length));
}

export class UnsafeProcessError extends Error {
  constructor(file: string, problems: FlowSafetyProblem[]) {
    super(`${file} is refused: ${problems.map((p) => p.message).join('; ')}`);
  }
}

/**
 * Deploys processes/*.bpmn; the engine makes a new version only of the files that changed. Each file
 * is held to the same rule as an administrator's model first: nothing in it may run code.
 */
@Injectable()
export class DeploymentService {
  private readonly logger = new Logger(DeploymentService.name);

  constructor(private readonly engine: EngineClient, private readonly audit: AuditService) {}

  async deployAll(dir = PROCESSES_DIR): Promise<void> {
    const names = (await readdir(dir)).filter((name) => name.endsWith('.bpmn')).sort();
    const files = await Promise.all(names.map(async (name) => ({ name, content: await readFile(join(dir, name), 'utf8') })));
    const { BpmnModdle } = await import('bpmn-moddle');
    const context = { callableProcesses: new Set(await shippedProcessKeys(dir)) };
    for (const file of files) {
      const problems = checkFlowSafety((await new BpmnModdle().fromXML(file.content, 'bpmn:Definitions')).rootElement, context);
      if (problems.length > 0) throw new UnsafeProcessError(file.name, problems);
    }
    const deployment = await this.engine.deploy(DEPLOYMENT_NAME, files);
    const changed = Object.values(deployment.deployedProcessDefinitions ?? {});
    if (changed.length === 0) this.logger.log(`processes unchanged (${names.join(', ')})`);
    for (const definition of changed) {
      this.logger.log(`deployed ${definition.key} version ${definition.version}`);
      await this.audit.record('process.deploy', 'process_definition', definition.id, null, { key: definition.key, version: definition.version, deployment: deployment.id }, 'system:start');
    }
  }
}
