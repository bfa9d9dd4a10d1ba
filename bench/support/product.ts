import { randomBytes } from 'node:crypto';

/** The product's HTTP API as the benchmarks drive it: JSON in and out, errors thrown with their status. */
export class ProductApi {
  constructor(readonly base: string) {}

  async call<T>(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.base}/api${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new HttpError(response.status, `${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async login(username: string, password: string): Promise<string> {
    return (await this.call<{ accessToken: string }>('POST', '/auth/login', undefined, { username, password })).accessToken;
  }

  /** A staff member of a unit of their own, with an ALLOW line that never runs out. */
  async benchClaimant(demoPassword = process.env.DEMO_PASSWORD ?? 'demo'): Promise<{ token: string; username: string; unit: string }> {
    const suffix = randomBytes(4).toString('hex');
    const admin = await this.login('admin', demoPassword);
    const finance = await this.login('wangwu', demoPassword);
    await this.call('POST', '/org/units', admin, { code: `b${suffix}`, name: `基准派出所${suffix}` });
    await this.call('POST', '/org/users', admin, { username: `bench${suffix}`, displayName: `基准${suffix}`, title: '民警', tier: 'other', unit: `b${suffix}`, password: 'bench-password-1' });
    await this.call('POST', '/budgets', finance, { unit: `b${suffix}`, year: new Date().getFullYear(), subject: '30201', fund: 'basic', mode: 'ALLOW', allocated: '999999999.00' });
    return { token: await this.login(`bench${suffix}`, 'bench-password-1'), username: `bench${suffix}`, unit: `基准派出所${suffix}` };
  }
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let serial = Number(BigInt(`0x${randomBytes(4).toString('hex')}`) % 100_000_000n) * 100;

/** A clean expense claim: a new invoice number and a new payee each time, so no rule links two claims. */
export function expenseClaim(username: string, unit: string) {
  serial += 1;
  const number = `2633${String(serial).padStart(16, '0')}`;
  const payee = `义乌市基准供应商${serial}有限公司`;
  const day = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
  return {
    type: 'expense', claimant: username, budgetLine: { unit, subject: '30201', fund: 'basic' }, purpose: '购置办公用品',
    items: [{ subject: '30201', description: '打印纸', amount: '113.00', invoice: number, payee }],
    invoices: [{ number, date: day, kind: 'general', amount: '100.00', taxRate: 13, tax: '13.00', total: '113.00', buyerName: '义乌市公安局', buyerTaxId: '11330782002580471H', sellerName: payee, sellerTaxId: '91330782MA28ABC1DF' }],
  };
}
