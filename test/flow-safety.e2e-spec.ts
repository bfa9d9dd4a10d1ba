import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { maliciousProbes } from './fixtures/malicious-bpmn';
import { copyOf } from './factories/process.factory';
import { readStack, TEST_DATA_DIR } from './setup/stack';
import { engine } from './support/api';
import { adminClient } from './support/people';

/** A deployment straight at the engine, as anyone with the given headers, with one BPMN file. */
async function deployAtEngine(path: string, name: string, xml: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const form = new FormData();
  form.append('deployment-name', name);
  form.append(`${name}.bpmn`, new Blob([xml], { type: 'application/xml' }), `${name}.bpmn`);
  const response = await fetch(path, { method: 'POST', headers, body: form });
  return { status: response.status, text: await response.text() };
}

const keyOf = (xml: string) => /<bpmn:process id="([^"]+)"/.exec(xml)![1];
async function definitionsOf(key: string): Promise<unknown[]> {
  return engine<unknown[]>('GET', `/process-definition?key=${encodeURIComponent(key)}`);
}

/** A person's engine account: the Cockpit administrator's, whose password the launcher generated. */
function engineAdminBasicAuth(): Record<string, string> {
  const file = resolve(TEST_DATA_DIR, 'engine-admin-password');
  const password = process.env.ENGINE_PASSWORD ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
  return { Authorization: 'Basic ' + Buffer.from(`${process.env.ENGINE_USER ?? 'admin'}:${password}`).toString('base64') };
}

const suffix = randomBytes(3).toString('hex');
const probes = maliciousProbes(suffix);

describe('a deployed flow cannot run code', () => {
  it.each(probes.map((p) => [p.name, p] as const))('the product refuses the probe %s in lint and at deployment, naming the element', async (_name, probe) => {
    const admin = await adminClient();
    const lint = (await admin.post('/api/processes/lint', { xml: probe.xml })).body;
    expect(lint.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: probe.element, rule: 'jingbao/no-code', category: 'error', message: expect.stringMatching(/[\u4e00-\u9fff].* \/ /) }),
    ]));
    const refused = await admin.post('/api/processes/deploy', { xml: probe.xml });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'PROCESS_REFUSED', fields: expect.arrayContaining([expect.objectContaining({ field: probe.element })]) });
    expect(await definitionsOf(keyOf(probe.xml))).toEqual([]);
  });

  it("refuses every probe sent straight to the engine's REST API with a person's engine credentials, and through Cockpit's copy of it", async () => {
    const { engineUrl } = readStack();
    const cockpitApi = engineUrl.replace(/\/engine-rest$/, '/operaton/api/engine/engine/default');
    const credentials = engineAdminBasicAuth();
    // The credentials are good: the same person reads the engine.
    expect((await fetch(`${engineUrl}/version`, { headers: credentials })).status).toBe(200);
    for (const probe of probes) {
      const direct = await deployAtEngine(`${engineUrl}/deployment/create`, keyOf(probe.xml), probe.xml, credentials);
      expect([probe.name, direct.status, direct.text]).toEqual([probe.name, 403, expect.stringContaining('only the product')]);
      const viaCockpit = await deployAtEngine(`${cockpitApi}/deployment/create`, keyOf(probe.xml), probe.xml, credentials);
      expect([probe.name, viaCockpit.status]).toEqual([probe.name, 403]);
      expect(await definitionsOf(keyOf(probe.xml))).toEqual([]);
    }
    // Not even a harmless model goes in that way.
    const harmless = copyOf(`expense-claim-direct-${randomBytes(3).toString('hex')}`);
    expect((await deployAtEngine(`${engineUrl}/deployment/create`, keyOf(harmless), harmless, credentials)).status).toBe(403);
  });

  it('holds in the engine itself: even the API\'s own account cannot deploy a probe that runs code', async () => {
    const { engineUrl, engineHeaders } = readStack();
    // Calling a process that is not the product's is the product's rule, not code the engine could run.
    for (const probe of probes.filter((p) => p.name !== 'call-foreign-process')) {
      const answer = await deployAtEngine(`${engineUrl}/deployment/create`, keyOf(probe.xml), probe.xml, engineHeaders);
      expect([probe.name, answer.status >= 400, answer.text]).toEqual([probe.name, true, expect.stringContaining('may not run code')]);
      expect(await definitionsOf(keyOf(probe.xml))).toEqual([]);
    }
  });

  it('accepts every shipped flow through the product, and the engine takes them from the API', async () => {
    const admin = await adminClient();
    const dir = resolve(__dirname, '..', 'processes');
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.bpmn'))) {
      const xml = readFileSync(join(dir, name), 'utf8');
      const lint = (await admin.post('/api/processes/lint', { xml })).body;
      expect({ name, ...lint }).toEqual({ name, problems: [], parseError: null });
      // Under a key of its own, so the flows the other tests run keep their versions.
      const key = keyOf(xml);
      const copy = xml.replace(`id="${key}"`, `id="${key}-accepted-${suffix}"`).replace(`bpmnElement="${key}"`, `bpmnElement="${key}-accepted-${suffix}"`);
      const deployed = await admin.post('/api/processes/deploy', { xml: copy });
      expect([name, deployed.status]).toEqual([name, 201]);
    }
  });
});
