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

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The first day of the bench traveller's approved travel: trips of one night follow it every other day. */
const TRAVEL_FROM = Date.now() - 340 * DAY;
/** How many one-night trips fit between TRAVEL_FROM and yesterday without overlapping. */
export const TRAVEL_CLAIMS_MAX = 165;

export interface BenchTraveller {
  token: string;
  username: string;
  unit: string;
}

/**
 * A member of staff of a unit of their own, with a unit head, ALLOW lines, and one approved travel
 * request to 杭州 covering the last 340 days, so that each travel claim's one-night trip has a request
 * (its dates differ from the request's, a warning) and no trip overlaps another.
 */
export async function benchTraveller(api: ProductApi, demoPassword = process.env.DEMO_PASSWORD ?? 'demo'): Promise<BenchTraveller> {
  const suffix = randomBytes(4).toString('hex');
  const admin = await api.login('admin', demoPassword);
  const finance = await api.login('wangwu', demoPassword);
  const unit = `基准出差所${suffix}`;
  await api.call('POST', '/org/units', admin, { code: `bt${suffix}`, name: unit });
  const password = 'bench-password-1';
  await api.call('POST', '/org/users', admin, { username: `bt${suffix}`, displayName: `基准出差${suffix}`, title: '民警', tier: 'other', unit: `bt${suffix}`, password });
  await api.call('POST', '/org/users', admin, { username: `bh${suffix}`, displayName: `基准所长${suffix}`, title: '所长', tier: 'other', unit: `bt${suffix}`, password, groups: [{ code: 'unit-head' }] });
  await api.call('POST', '/budgets', finance, { unit: `bt${suffix}`, year: new Date().getFullYear(), subject: '30211', fund: 'basic', mode: 'ALLOW', allocated: '999999999.00' });
  const token = await api.login(`bt${suffix}`, password);
  const head = await api.login(`bh${suffix}`, password);
  const request = await api.call<{ id: string }>('POST', '/travel-requests', token, {
    traveller: `bt${suffix}`, destination: '杭州', start: isoDay(TRAVEL_FROM), end: isoDay(Date.now() - DAY), estimate: '1500.00', purpose: '基准测试出差',
  });
  for (const deadline = Date.now() + 60_000; ; ) {
    const { items } = await api.call<{ items: { id: string; subjectId: string | null }[] }>('GET', `/tasks?subject=${request.id}`, head);
    const task = items.find((t) => t.subjectId === request.id);
    if (task) {
      await api.call('POST', `/tasks/${task.id}/complete`, head, { decision: 'approve' });
      break;
    }
    if (Date.now() > deadline) throw new Error('the bench travel request never reached its approver');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { token, username: `bt${suffix}`, unit };
}

/** The n-th travel claim of the bench traveller: a one-night trip to 杭州 with its hotel invoice. */
export function travelClaim(traveller: BenchTraveller, n: number) {
  if (n >= TRAVEL_CLAIMS_MAX) throw new Error(`at most ${TRAVEL_CLAIMS_MAX} bench travel claims fit the traveller's year`);
  serial += 1;
  const start = isoDay(TRAVEL_FROM + 2 * n * DAY);
  const end = isoDay(TRAVEL_FROM + (2 * n + 1) * DAY);
  const number = `2633${String(serial).padStart(16, '0')}`;
  return {
    type: 'travel', claimant: traveller.username, budgetLine: { unit: traveller.unit, subject: '30211', fund: 'basic' }, purpose: '赴杭州参加业务培训',
    trips: [{
      traveller: traveller.username, destination: '杭州', start, end,
      legs: [
        { mode: 'train', class: '二等座', from: '义乌', to: '杭州', date: start, fare: '47.50' },
        { mode: 'train', class: '二等座', from: '杭州', to: '义乌', date: end, fare: '47.50' },
      ],
      lodging: [{ city: '杭州', nights: 1, amount: '380.00', invoice: number }],
      allowances: { mealDays: 2, meal: '200.00', transportDays: 2, transport: '160.00' },
    }],
    invoices: [{ number, date: end, kind: 'lodging', city: '杭州', amount: '358.49', taxRate: 6, tax: '21.51', total: '380.00', buyerName: '义乌市公安局', buyerTaxId: '11330782002580471H', sellerName: '杭州西湖宾馆有限公司', sellerTaxId: '91330100MA27Y8K3P3' }],
  };
}
