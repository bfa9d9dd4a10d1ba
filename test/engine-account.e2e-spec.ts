import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readStack, TEST_DATA_DIR } from './setup/stack';
import { login } from './support/api';

/** The API reaches the engine with its own technical credential, which no wrong password can lock. */
describe("the API's own engine account", () => {
  it('keeps working while someone tries wrong passwords on the engine admin', async () => {
    const { engineUrl } = readStack();
    for (let i = 0; i < 3; i++) {
      const refused = await fetch(`${engineUrl}/version`, { headers: { Authorization: 'Basic ' + Buffer.from(`admin:wrong-${i}`).toString('base64') } });
      expect(refused.status).toBe(401);
    }

    const health = await (await login('admin')).get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.engine.status).toBe('up');
    expect((await (await login('lisi')).get('/api/tasks')).status).toBe(200);
  });

  it("refuses a wrong API token at the engine, and the API's token is not the admin's password", async () => {
    const wrong = await fetch(`${readStack().engineUrl}/version`, { headers: { 'X-Jingbao-Engine-Token': 'not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    const token = resolve(TEST_DATA_DIR, 'engine-api-token');
    const admin = resolve(TEST_DATA_DIR, 'engine-admin-password');
    if (existsSync(token) && existsSync(admin)) {
      expect(readFileSync(token, 'utf8').trim()).not.toBe(readFileSync(admin, 'utf8').trim());
      const right = await fetch(`${readStack().engineUrl}/version`, { headers: { 'X-Jingbao-Engine-Token': readFileSync(token, 'utf8').trim() } });
      expect(right.status).toBe(200);
    }
  });
});
