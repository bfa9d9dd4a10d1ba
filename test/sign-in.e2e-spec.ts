import { randomBytes } from 'node:crypto';
import { readStack } from './setup/stack';
import { ApiClient, login } from './support/api';
import { FRESH_PASSWORD, freshUnit, FreshUnit } from './support/people';

/** Guessing passwords gets nowhere: accounts lock, addresses wait, and a token dies at logout. */
describe('sign-in throttling and logout', () => {
  let unit: FreshUnit;
  beforeAll(async () => {
    unit = await freshUnit({ budget: false });
  });

  const signIn = async (username: string, password: string, address?: string) => {
    const response = await fetch(`${readStack().baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(address ? { 'X-Forwarded-For': address } : {}) },
      body: JSON.stringify({ username, password }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  };

  it('locks an account after five wrong passwords, refusing even the right one meanwhile', async () => {
    const username = unit.head.username;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await signIn(username, `wrong-${i}`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 429, 429]);

    const right = await signIn(username, FRESH_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.error).toBe('ACCOUNT_LOCKED');
    expect(right.body.message).toContain('账户已锁定');
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await signIn(unit.staff.username, FRESH_PASSWORD)).status).toBe(200);
  });

  it('makes an address with too many failed sign-ins wait, whatever account it tries', async () => {
    const address = `203.0.113.${randomBytes(1)[0]}`;
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) status = (await signIn(`nobody-${randomBytes(4).toString('hex')}`, 'guess', address)).status;
    expect(status).toBe(429);

    const blocked = await signIn(unit.staff.username, FRESH_PASSWORD, address);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toBe('TOO_MANY_SIGN_INS');
    expect((await signIn(unit.staff.username, FRESH_PASSWORD, '198.51.100.7')).status).toBe(200);
  });

  it('revokes the token at logout', async () => {
    const client = await login(unit.staff.username, FRESH_PASSWORD);
    expect((await client.get('/api/me')).status).toBe(200);

    expect((await client.post('/api/auth/logout')).status).toBe(204);

    expect((await client.get('/api/me')).status).toBe(401);
    const again = await login(unit.staff.username, FRESH_PASSWORD);
    expect((await again.get('/api/me')).status).toBe(200);
    expect(again).toBeInstanceOf(ApiClient);
  });
});

describe('the money chain’s demo people', () => {
  it.each([
    ['qianfang', 'cashier'],
    ['fengjun', 'accountant'],
    ['hesong', 'procurement'],
    ['luming', 'contract-review'],
    ['jiangtao', 'asset-keeper'],
  ])('signs %s in with the group %s', async (username, group) => {
    const me = await (await login(username)).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.groups).toContain(group);
  });
});
