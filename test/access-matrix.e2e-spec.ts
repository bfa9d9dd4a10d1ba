import ExcelJS from 'exceljs';
import { readStack } from './setup/stack';
import { ApiClient, login } from './support/api';

/**
 * Role × endpoint: every cell asserted. A role may (any answer but 401/403 — a 400 or 404 means the
 * request reached the endpoint), is forbidden (403), or, signed out, is unauthenticated (401).
 */
const ROLES = ['staff', 'unitHead', 'finance', 'deputyChief', 'chief', 'processAdmin', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
const USERS: Record<Exclude<Role, 'anonymous'>, string> = { staff: 'zhangsan', unitHead: 'lisi', finance: 'wangwu', deputyChief: 'zhaoliu', chief: 'chief', processAdmin: 'admin' };
const SIGNED_IN: Role[] = ['staff', 'unitHead', 'finance', 'deputyChief', 'chief', 'processAdmin'];
const NOBODY_ID = '6f1c2a52-0000-4000-8000-000000000000';

interface Row { method: string; path: (ids: Ids) => string; body?: unknown; may: Role[]; public?: boolean }
interface Ids { otherUnitLine: string }

const MATRIX: Row[] = [
  { method: 'GET', path: () => '/api/health', may: ROLES.slice(), public: true },
  { method: 'POST', path: () => '/api/auth/login', body: {}, may: ROLES.slice(), public: true },
  { method: 'GET', path: () => '/api/me', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/claims', may: SIGNED_IN },
  { method: 'POST', path: () => '/api/claims', body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/claims/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/claims/${NOBODY_ID}/progress`, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/claims/${NOBODY_ID}/withdraw`, may: SIGNED_IN },
  { method: 'PUT', path: () => `/api/claims/${NOBODY_ID}`, body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => '/api/travel-requests', may: SIGNED_IN },
  { method: 'POST', path: () => '/api/travel-requests', body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/travel-requests/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'GET', path: () => '/api/tasks', may: SIGNED_IN },
  { method: 'POST', path: () => `/api/tasks/${NOBODY_ID}/complete`, body: { decision: 'approve' }, may: SIGNED_IN },
  { method: 'GET', path: () => '/api/tasks?view=done', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/tasks/counts', may: SIGNED_IN },
  { method: 'GET', path: () => `/api/tasks/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/tasks/${NOBODY_ID}/approve`, body: {}, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/tasks/${NOBODY_ID}/transfer`, body: {}, may: SIGNED_IN },
  { method: 'POST', path: () => '/api/tasks/batch-approve', body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => '/api/subjects', may: SIGNED_IN },
  { method: 'GET', path: () => `/api/subjects/travel-request/${NOBODY_ID}/related`, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/subjects/expense-claim/${NOBODY_ID}/copy`, body: {}, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/subjects/expense-claim/${NOBODY_ID}/urge`, body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/subjects/expense-claim/${NOBODY_ID}/related`, may: SIGNED_IN },
  { method: 'GET', path: () => '/api/notifications', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/forms/travel-claim', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/standards', may: SIGNED_IN },
  { method: 'PUT', path: () => '/api/standards', body: {}, may: ['finance'] },
  { method: 'GET', path: () => '/api/budgets', may: ['staff', 'unitHead', 'finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: () => '/api/budgets?unit=dachen', may: ['finance', 'deputyChief', 'chief'] },
  { method: 'POST', path: () => '/api/budgets', body: {}, may: ['finance'] },
  { method: 'GET', path: (ids) => `/api/budgets/${ids.otherUnitLine}`, may: ['finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: (ids) => `/api/budgets/${ids.otherUnitLine}/ledger`, may: ['finance', 'deputyChief', 'chief'] },
  { method: 'POST', path: (ids) => `/api/budgets/${ids.otherUnitLine}/allocations`, body: {}, may: ['finance'] },
  { method: 'POST', path: () => '/api/budget-adjustments', body: {}, may: ['finance'] },
  { method: 'GET', path: () => `/api/budget-adjustments/${NOBODY_ID}`, may: ['finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: () => '/api/budget-alerts', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/reports/budget-execution', may: ['finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: () => '/api/rules', may: SIGNED_IN },
  { method: 'PUT', path: () => '/api/rules/invoice', body: {}, may: ['processAdmin'] },
  { method: 'POST', path: () => '/api/rules/invoice/dry-run', body: {}, may: ['processAdmin'] },
  { method: 'GET', path: () => '/api/processes', may: ['processAdmin'] },
  { method: 'POST', path: () => '/api/processes/lint', body: {}, may: ['processAdmin'] },
  { method: 'POST', path: () => '/api/processes/deploy', body: {}, may: ['processAdmin'] },
  { method: 'POST', path: () => '/api/org/units', body: {}, may: ['processAdmin'] },
  { method: 'POST', path: () => '/api/org/users', body: {}, may: ['processAdmin'] },
  { method: 'GET', path: () => '/api/processes/topics', may: ['processAdmin'] },
  { method: 'GET', path: () => '/api/processes/expense-claim/versions/1/xml', may: ['processAdmin'] },
  { method: 'PUT', path: () => '/api/forms/expense-claim', body: {}, may: ['processAdmin'] },
  { method: 'GET', path: () => '/api/org/units', may: ['processAdmin'] },
  { method: 'PATCH', path: () => '/api/org/units/no-such-unit', body: {}, may: ['processAdmin'] },
  { method: 'GET', path: () => '/api/org/users', may: ['processAdmin'] },
  { method: 'PATCH', path: () => '/api/org/users/no-such-user', body: {}, may: ['processAdmin'] },
  { method: 'PUT', path: () => '/api/org/users/no-such-user/groups', body: {}, may: ['processAdmin'] },
  { method: 'POST', path: () => '/api/org/users/no-such-user/deactivate', may: ['processAdmin'] },
  { method: 'POST', path: () => '/api/org/users/no-such-user/activate', may: ['processAdmin'] },
  { method: 'GET', path: () => '/api/contracts', may: SIGNED_IN },
  { method: 'POST', path: () => '/api/contracts', body: {}, may: SIGNED_IN },
  { method: 'POST', path: () => '/api/contracts/import', body: {}, may: [] },
  { method: 'GET', path: () => '/api/contracts/execution', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/contracts/execution/export', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/contracts/sme-due', may: ['finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: () => `/api/contracts/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/contracts/${NOBODY_ID}/progress`, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/contracts/${NOBODY_ID}/sign`, body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/contracts/${NOBODY_ID}/acceptances`, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/contracts/${NOBODY_ID}/acceptances`, body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => '/api/contract-payments', may: SIGNED_IN },
  { method: 'POST', path: () => '/api/contract-payments', body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/contract-payments/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/contract-payments/${NOBODY_ID}/progress`, may: SIGNED_IN },
  { method: 'PUT', path: () => `/api/contracts/${NOBODY_ID}`, body: {}, may: SIGNED_IN },
  { method: 'PUT', path: () => `/api/contract-payments/${NOBODY_ID}`, body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/subjects/contract/${NOBODY_ID}/related`, may: SIGNED_IN },
  { method: 'GET', path: () => '/api/audit', may: ['finance', 'processAdmin'] },
  { method: 'GET', path: () => '/api/audit/verify', may: ['finance', 'processAdmin'] },
  { method: 'GET', path: () => '/api/suppliers', may: SIGNED_IN },
  { method: 'POST', path: () => '/api/suppliers', body: {}, may: [] },
  { method: 'GET', path: () => '/api/suppliers/export', may: ['finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: () => '/api/suppliers/import-template', may: [] },
  { method: 'POST', path: () => '/api/suppliers/import', may: [] },
  { method: 'GET', path: () => `/api/suppliers/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'PATCH', path: () => `/api/suppliers/${NOBODY_ID}`, body: {}, may: [] },
  { method: 'POST', path: () => '/api/procurement/awards/import', body: {}, may: [] },
  { method: 'GET', path: () => `/api/procurement/awards/${NOBODY_ID}`, may: ['finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: () => `/api/procurement/awards/by-supplier/${NOBODY_ID}`, may: ['finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: () => '/api/procurement/policy', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/procurement/proposal?category=A02010104&amount=72000.00', may: SIGNED_IN },
  { method: 'POST', path: () => '/api/procurement/requests', body: {}, may: SIGNED_IN },
  { method: 'GET', path: () => '/api/procurement/requests', may: SIGNED_IN },
  { method: 'GET', path: () => `/api/procurement/requests/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/procurement/requests/${NOBODY_ID}/withdraw`, may: SIGNED_IN },
  { method: 'POST', path: () => `/api/procurement/requests/${NOBODY_ID}/quotes`, body: {}, may: [] },
  { method: 'POST', path: () => `/api/procurement/requests/${NOBODY_ID}/award`, body: {}, may: [] },
  { method: 'GET', path: () => '/api/procurement/supplier-report', may: ['finance', 'deputyChief', 'chief'] },
  { method: 'GET', path: () => '/api/procurement/supplier-report/export', may: ['finance', 'deputyChief', 'chief'] },
  // Asset transfers and disposals: filed by asset-keepers only (none of these roles); read as the assets are.
  { method: 'POST', path: () => '/api/asset-transfers', body: { cardIds: [NOBODY_ID], toUnit: 'dachen', reason: '调拨' }, may: [] },
  { method: 'GET', path: () => '/api/asset-transfers', may: SIGNED_IN },
  { method: 'GET', path: () => '/api/asset-transfers/units', may: SIGNED_IN },
  { method: 'GET', path: () => `/api/asset-transfers/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/asset-transfers/${NOBODY_ID}/progress`, may: SIGNED_IN },
  { method: 'POST', path: () => '/api/asset-disposals', body: { cardIds: [NOBODY_ID], way: 'scrap', reason: '报废' }, may: [] },
  { method: 'GET', path: () => '/api/asset-disposals', may: SIGNED_IN },
  { method: 'GET', path: () => `/api/asset-disposals/${NOBODY_ID}`, may: SIGNED_IN },
  { method: 'GET', path: () => `/api/asset-disposals/${NOBODY_ID}/progress`, may: SIGNED_IN },
];

describe('role × endpoint matrix', () => {
  const clients = new Map<Role, ApiClient>();
  let ids: Ids;

  beforeAll(async () => {
    for (const role of SIGNED_IN) clients.set(role, await login(USERS[role as Exclude<Role, 'anonymous'>]));
    const [line] = (await clients.get('finance')!.get('/api/budgets?unit=dachen')).body;
    ids = { otherUnitLine: line.id };
  });

  it(`answers each of ${MATRIX.length} endpoints × ${ROLES.length} roles as the matrix says`, async () => {
    const cells: string[] = [];
    for (const row of MATRIX) {
      for (const role of ROLES) {
        const client = clients.get(role);
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (client) headers.Authorization = client.authorization();
        const path = row.path(ids);
        const response = await fetch(readStack().baseUrl + path, { method: row.method, headers, body: row.body === undefined ? undefined : JSON.stringify(row.body) });
        await response.arrayBuffer();
        const expected = role === 'anonymous' && !row.public ? 'unauthenticated' : row.may.includes(role) ? 'allowed' : 'forbidden';
        const actual = response.status === 401 ? 'unauthenticated' : response.status === 403 ? 'forbidden' : response.status >= 500 ? `error ${response.status}` : 'allowed';
        cells.push(`${row.method} ${path} as ${role}: ${actual}${actual === expected ? '' : ` (expected ${expected})`}`);
      }
    }
    expect(cells.filter((cell) => cell.includes('expected') || cell.includes('error'))).toEqual([]);
    expect(cells).toHaveLength(MATRIX.length * ROLES.length);
  });
});

/**
 * Payment (出纳支付) × the money chain's roles: the cashier pays, finance, the accountant and the
 * leaders read the batches, staff and unit heads see none of it; accounts are kept by the administrator.
 */
describe('role × payment endpoint matrix', () => {
  const PAYMENT_ROLES = ['staff', 'unitHead', 'finance', 'cashier', 'accountant', 'deputyChief', 'chief', 'processAdmin', 'anonymous'] as const;
  type PaymentRole = (typeof PAYMENT_ROLES)[number];
  const PAYMENT_USERS: Record<Exclude<PaymentRole, 'anonymous'>, string> = { ...USERS, cashier: 'qianfang', accountant: 'fengjun' };
  const READ: PaymentRole[] = ['finance', 'cashier', 'accountant', 'deputyChief', 'chief'];
  const ROWS: { method: string; path: string; body?: unknown; may: PaymentRole[] }[] = [
    { method: 'GET', path: '/api/payments/due', may: READ },
    { method: 'GET', path: '/api/payments/batches', may: READ },
    { method: 'POST', path: '/api/payments/batches', body: { lines: [{ kind: 'claim', id: NOBODY_ID }] }, may: ['cashier'] },
    { method: 'GET', path: `/api/payments/batches/${NOBODY_ID}`, may: READ },
    { method: 'POST', path: `/api/payments/batches/${NOBODY_ID}/withdraw`, may: ['cashier'] },
    { method: 'GET', path: `/api/payments/batches/${NOBODY_ID}/export?layout=csv-generic`, may: ['cashier'] },
    { method: 'POST', path: `/api/payments/batches/${NOBODY_ID}/result`, may: ['cashier'] },
    { method: 'GET', path: '/api/payments/card-reconciliation', may: READ },
    { method: 'POST', path: '/api/payments/card-statements', may: ['cashier'] },
    { method: 'POST', path: '/api/payments/card-statements/rematch', may: ['cashier'] },
    { method: 'GET', path: '/api/org/users/zhangsan/bank-account', may: ['finance', 'cashier', 'accountant', 'processAdmin'] },
    { method: 'PUT', path: '/api/org/users/zhangsan/bank-account', body: {}, may: ['processAdmin'] },
  ];
  const clients = new Map<PaymentRole, ApiClient>();

  beforeAll(async () => {
    for (const role of PAYMENT_ROLES) if (role !== 'anonymous') clients.set(role, await login(PAYMENT_USERS[role]));
  });

  it(`answers each of ${ROWS.length} payment endpoints × ${PAYMENT_ROLES.length} roles as the matrix says`, async () => {
    const cells: string[] = [];
    for (const row of ROWS) {
      for (const role of PAYMENT_ROLES) {
        const client = clients.get(role);
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (client) headers.Authorization = client.authorization();
        const response = await fetch(readStack().baseUrl + row.path, { method: row.method, headers, body: row.body === undefined ? undefined : JSON.stringify(row.body) });
        await response.arrayBuffer();
        const expected = role === 'anonymous' ? 'unauthenticated' : row.may.includes(role) ? 'allowed' : 'forbidden';
        const actual = response.status === 401 ? 'unauthenticated' : response.status === 403 ? 'forbidden' : response.status >= 500 ? `error ${response.status}` : 'allowed';
        cells.push(`${row.method} ${row.path} as ${role}: ${actual}${actual === expected ? '' : ` (expected ${expected})`}`);
      }
    }
    expect(cells.filter((cell) => cell.includes('expected') || cell.includes('error'))).toEqual([]);
  });
});

/** The books (money-chain brief, 谁看什么): accountants and finance read and write them, leaders read, nobody else. */
describe('accounting × role', () => {
  const PEOPLE = { accountant: 'fengjun', finance: 'wangwu', chief: 'chief', cashier: 'qianfang', staff: 'zhangsan', unitHead: 'lisi', processAdmin: 'admin' } as const;
  type Person = keyof typeof PEOPLE | 'anonymous';
  const READERS: Person[] = ['accountant', 'finance', 'chief'];
  const KEEPERS: Person[] = ['accountant', 'finance'];
  const ROWS: { method: string; path: string; body?: unknown; may: Person[] }[] = [
    { method: 'GET', path: '/api/accounting/chart', may: READERS },
    { method: 'GET', path: '/api/accounting/vouchers', may: READERS },
    { method: 'GET', path: '/api/accounting/vouchers?sourceKind=expense-claim&sourceId=x', may: READERS },
    { method: 'GET', path: '/api/accounting/vouchers/export?period=2026-01', may: READERS },
    { method: 'GET', path: '/api/accounting/voucher-layouts', may: READERS },
    { method: 'GET', path: `/api/accounting/vouchers/${NOBODY_ID}`, may: READERS },
    { method: 'POST', path: `/api/accounting/vouchers/${NOBODY_ID}/review`, may: KEEPERS },
    { method: 'POST', path: `/api/accounting/vouchers/${NOBODY_ID}/unreview`, may: KEEPERS },
    { method: 'POST', path: `/api/accounting/vouchers/${NOBODY_ID}/post`, may: KEEPERS },
    { method: 'POST', path: `/api/accounting/vouchers/${NOBODY_ID}/reverse`, body: {}, may: KEEPERS },
    { method: 'GET', path: '/api/accounting/unbooked', may: READERS },
    { method: 'POST', path: '/api/accounting/unbooked/retry', may: KEEPERS },
    { method: 'GET', path: '/api/accounting/posting-rules', may: READERS },
    { method: 'GET', path: '/api/accounting/posting-rules/1', may: READERS },
    { method: 'POST', path: '/api/accounting/posting-rules', body: {}, may: KEEPERS },
    { method: 'POST', path: '/api/accounting/posting-rules/dry-run', body: {}, may: KEEPERS },
    { method: 'GET', path: '/api/accounting/periods', may: READERS },
    { method: 'GET', path: '/api/accounting/periods/2026-01/checks', may: READERS },
    { method: 'POST', path: '/api/accounting/periods/2999-01/accrue', may: KEEPERS },
    { method: 'POST', path: '/api/accounting/periods/2999-01/close', may: KEEPERS },
    { method: 'POST', path: '/api/accounting/periods/2999-01/reopen', body: {}, may: KEEPERS },
    { method: 'GET', path: '/api/accounting/books/trial-balance?period=2026-01', may: READERS },
    { method: 'GET', path: '/api/accounting/books/trial-balance/export?period=2026-01', may: READERS },
    { method: 'GET', path: '/api/accounting/books/ledger?subject=5001&from=2026-01', may: READERS },
    { method: 'GET', path: '/api/accounting/books/ledger/export?subject=5001&from=2026-01', may: READERS },
    { method: 'GET', path: '/api/accounting/books/final-accounts?year=2026', may: READERS },
    { method: 'GET', path: '/api/accounting/books/final-accounts/export?year=2026', may: READERS },
  ];

  it(`answers each of ${ROWS.length} accounting endpoints as the brief says`, async () => {
    const clients = new Map<Person, ApiClient>();
    for (const [person, username] of Object.entries(PEOPLE)) clients.set(person as Person, await login(username));
    const cells: string[] = [];
    for (const row of ROWS) {
      for (const person of [...Object.keys(PEOPLE), 'anonymous'] as Person[]) {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        const client = clients.get(person);
        if (client) headers.Authorization = client.authorization();
        const response = await fetch(readStack().baseUrl + row.path, { method: row.method, headers, body: row.body === undefined ? undefined : JSON.stringify(row.body) });
        await response.arrayBuffer();
        const expected = person === 'anonymous' ? 'unauthenticated' : row.may.includes(person) ? 'allowed' : 'forbidden';
        const actual = response.status === 401 ? 'unauthenticated' : response.status === 403 ? 'forbidden' : response.status >= 500 ? `error ${response.status}` : 'allowed';
        cells.push(`${row.method} ${row.path} as ${person}: ${actual}${actual === expected ? '' : ` (expected ${expected})`}`);
      }
    }
    expect(cells.filter((cell) => cell.includes('expected') || cell.includes('error'))).toEqual([]);
  });
});

/**
 * The money chain's groups on contracts and contract payments (money-chain.md, who sees what): a
 * signed contract of 城西派出所, imported with one payment made, read by each group's demo person.
 */
describe('who sees contracts and contract payments, per group', () => {
  const PEOPLE = { staff: 'zhangsan', unitHead: 'lisi', otherUnitHead: 'zhoujiu', procurement: 'hesong', contractReview: 'luming', finance: 'wangwu', accountant: 'fengjun', cashier: 'qianfang', deputyChief: 'zhaoliu', chief: 'chief', processAdmin: 'admin' } as const;
  type Person = keyof typeof PEOPLE;
  const CONTRACT_READERS: Person[] = ['unitHead', 'procurement', 'contractReview', 'finance', 'accountant', 'deputyChief', 'chief'];
  const PAYMENT_READERS: Person[] = [...CONTRACT_READERS, 'cashier'];
  const SME_DUE_READERS: Person[] = ['finance', 'accountant', 'cashier', 'deputyChief', 'chief'];
  const clients = new Map<Person, ApiClient>();
  let contractId: string;
  let paymentId: string;

  beforeAll(async () => {
    for (const [person, username] of Object.entries(PEOPLE)) clients.set(person as Person, await login(username));
    const keeper = clients.get('procurement')!;
    const code = `91330782MA${Date.now().toString().slice(-7)}`;
    const { creditCodeCheckCharacter } = await import('../src/invoices/credit-code');
    const supplier = await keeper.post('/api/suppliers', { name: `矩阵测试供应商${code.slice(-7)}`, creditCode: code + creditCodeCheckCharacter(code), account: '62220000000000042', sme: true });
    expect(supplier.status).toBe(201);
    const year = new Date().getFullYear();
    const imported = await keeper.post('/api/contracts/import', {
      contracts: [{ ref: `HT-MATRIX-${code.slice(-7)}`, unit: 'chengxi', budgetLine: { unit: 'chengxi', subject: '30211', fund: 'basic' }, supplier: supplier.body.creditCode, amount: '100.00', awardAmount: '100.00',
        awardedOn: `${year}-01-05`, signedOn: `${year}-01-10`, milestones: [{ name: '签订后付清', amount: '100.00', condition: 'signing' }], payments: [{ milestone: '签订后付清', amount: '100.00', paidOn: `${year}-01-20` }] }],
    });
    expect(imported.status).toBe(201);
    contractId = imported.body.contracts[0].id;
    paymentId = (await keeper.get(`/api/contracts/${contractId}`)).body.payments[0].id;
  });

  const cases: { what: string; path: () => string; readers: Person[] }[] = [
    { what: 'the contract', path: () => `/api/contracts/${contractId}`, readers: CONTRACT_READERS },
    { what: 'its 关联查询', path: () => `/api/subjects/contract/${contractId}/related`, readers: CONTRACT_READERS },
    { what: 'its payment', path: () => `/api/contract-payments/${paymentId}`, readers: PAYMENT_READERS },
    { what: 'the SME due list', path: () => '/api/contracts/sme-due', readers: SME_DUE_READERS },
  ];
  it.each(cases.map((c) => [c.what, c] as const))('%s: readable by exactly its readers', async (_what, c) => {
    const answers: string[] = [];
    for (const person of Object.keys(PEOPLE) as Person[]) {
      const status = (await clients.get(person)!.get(c.path())).status;
      answers.push(`${person}: ${status}`);
    }
    expect(answers).toEqual((Object.keys(PEOPLE) as Person[]).map((person) => `${person}: ${c.readers.includes(person) ? 200 : 403}`));
  });

  it('lets only procurement import contracts, and lists a unit head only their unit’s', async () => {
    for (const person of Object.keys(PEOPLE) as Person[]) {
      const status = (await clients.get(person)!.post('/api/contracts/import', {})).status;
      expect([person, status === 403 ? 403 : 'reached']).toEqual([person, person === 'procurement' ? 'reached' : 403]);
    }
    expect((await clients.get('unitHead')!.get('/api/contracts')).body.map((c: any) => c.id)).toContain(contractId);
    expect((await clients.get('otherUnitHead')!.get('/api/contracts')).body.map((c: any) => c.id)).not.toContain(contractId);
    expect((await clients.get('staff')!.get('/api/contracts')).body.map((c: any) => c.id)).not.toContain(contractId);
  });
});

/**
 * Assets (money-chain.md, 谁看什么) × role, on a card of 城西派出所 imported for the test: its keepers
 * (the bureau-wide asset-keeper) act on it; the unit's head, finance, the accountant and the leaders
 * read it; staff who do not hold it, the cashier and the process administrator see nothing of it.
 */
describe('assets × role', () => {
  const PEOPLE = { staff: 'zhangsan', unitHead: 'lisi', otherUnitHead: 'zhoujiu', finance: 'wangwu', accountant: 'fengjun', cashier: 'qianfang', deputyChief: 'zhaoliu', chief: 'chief', assetKeeper: 'jiangtao', processAdmin: 'admin' } as const;
  type Person = keyof typeof PEOPLE | 'anonymous';
  const EVERYONE = Object.keys(PEOPLE) as Person[];
  const READERS: Person[] = ['unitHead', 'finance', 'accountant', 'deputyChief', 'chief', 'assetKeeper'];
  const KEEPERS: Person[] = ['assetKeeper'];
  const clients = new Map<Person, ApiClient>();
  let cardId = '';
  let cardNumber = '';

  beforeAll(async () => {
    for (const person of EVERYONE) clients.set(person, await login(PEOPLE[person as keyof typeof PEOPLE]));
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('资产期初导入');
    sheet.addRow(['资产名称', '资产分类代码', '原值（元）', '取得日期', '使用单位']);
    sheet.addRow(['便携式计算机（权限测试）', 'A02010105', '6800.00', '2024-03-01', '城西派出所']);
    const imported = await clients.get('assetKeeper')!.upload('/api/assets/import', { name: 'opening.xlsx', bytes: Buffer.from(await book.xlsx.writeBuffer()) });
    if (imported.status !== 201) throw new Error(`could not import the test card: ${imported.status} ${JSON.stringify(imported.body)}`);
    cardId = imported.body.assets[0];
    cardNumber = (await clients.get('assetKeeper')!.get(`/api/assets/${cardId}`)).body.number;
  });

  const FUTURE = '2999-01-01';
  const ROWS: { method: string; path: () => string; body?: unknown; may: Person[] }[] = [
    { method: 'GET', path: () => '/api/assets', may: EVERYONE },
    { method: 'GET', path: () => '/api/assets/classes', may: EVERYONE },
    { method: 'GET', path: () => '/api/assets/filters', may: EVERYONE },
    { method: 'GET', path: () => '/api/assets/pending', may: EVERYONE },
    { method: 'GET', path: () => '/api/assets/import-template', may: EVERYONE },
    { method: 'POST', path: () => '/api/assets/import', may: KEEPERS },
    { method: 'GET', path: () => '/api/assets/people?unit=chengxi', may: KEEPERS },
    { method: 'POST', path: () => '/api/assets/from-acceptance', body: { acceptanceId: NOBODY_ID, itemId: NOBODY_ID, classCode: 'A021002' }, may: KEEPERS },
    { method: 'GET', path: () => `/api/assets/${cardId}`, may: READERS },
    { method: 'GET', path: () => `/api/assets/by-number/${cardNumber}`, may: READERS },
    { method: 'GET', path: () => `/api/assets/${cardId}/history`, may: READERS },
    { method: 'GET', path: () => `/api/subjects/asset/${cardId}/related`, may: READERS },
    // Each change is refused (future day) after the keeper check, so nothing changes here.
    { method: 'POST', path: () => `/api/assets/${cardId}/issue`, body: { holderId: NOBODY_ID, occurredOn: FUTURE }, may: KEEPERS },
    { method: 'POST', path: () => `/api/assets/${cardId}/return`, body: { occurredOn: FUTURE }, may: KEEPERS },
    { method: 'POST', path: () => `/api/assets/${cardId}/repair`, body: { reason: '测试', vendor: '测试', occurredOn: FUTURE }, may: KEEPERS },
    { method: 'POST', path: () => `/api/assets/${cardId}/repair/finish`, body: { cost: '1.00', occurredOn: FUTURE }, may: KEEPERS },
  ];

  it(`answers each of ${ROWS.length} asset endpoints × ${EVERYONE.length + 1} people as the matrix says`, async () => {
    const cells: string[] = [];
    for (const row of ROWS) {
      for (const person of [...EVERYONE, 'anonymous' as const]) {
        const client = clients.get(person);
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (client) headers.Authorization = client.authorization();
        const response = await fetch(readStack().baseUrl + row.path(), { method: row.method, headers, body: row.body === undefined ? undefined : JSON.stringify(row.body) });
        await response.arrayBuffer();
        const expected = person === 'anonymous' ? 'unauthenticated' : row.may.includes(person) ? 'allowed' : 'forbidden';
        const actual = response.status === 401 ? 'unauthenticated' : response.status === 403 ? 'forbidden' : response.status >= 500 ? `error ${response.status}` : 'allowed';
        cells.push(`${row.method} ${row.path()} as ${person}: ${actual}${actual === expected ? '' : ` (expected ${expected})`}`);
      }
    }
    expect(cells.filter((cell) => cell.includes('expected') || cell.includes('error'))).toEqual([]);
    expect((await clients.get('assetKeeper')!.get(`/api/assets/${cardId}/history`)).body.map((e: any) => e.kind)).toEqual(['carded']);
    // Attachments tell who may not see the card that it does not exist (404), as for every subject.
    const attachments = async (person: Person) => (await clients.get(person)!.get(`/api/subjects/asset/${cardId}/attachments`)).status;
    expect(await Promise.all(EVERYONE.map(async (person) => `${person}: ${await attachments(person)}`))).toEqual(EVERYONE.map((person) => `${person}: ${READERS.includes(person) ? 200 : 404}`));
  });
});

/**
 * Depreciation and the asset reports (docs/depreciation.md): finance, the accountant and the leaders
 * read all; the bureau's asset-keeper and a unit head the reports of their units; only the
 * accountant and finance run a month; the reconciliation against the books is for readers of the books.
 */
describe('depreciation and asset reports × role', () => {
  const PEOPLE = { accountant: 'fengjun', finance: 'wangwu', deputyChief: 'zhaoliu', chief: 'chief', assetKeeper: 'jiangtao', unitHead: 'lisi', staff: 'zhangsan', cashier: 'qianfang', processAdmin: 'admin' } as const;
  type Person = keyof typeof PEOPLE | 'anonymous';
  const READERS: Person[] = ['accountant', 'finance', 'deputyChief', 'chief'];
  const SCOPED: Person[] = [...READERS, 'assetKeeper', 'unitHead'];
  const ROWS: { method: string; path: string; body?: unknown; may: Person[] }[] = [
    { method: 'GET', path: '/api/depreciation/runs', may: READERS },
    { method: 'POST', path: '/api/depreciation/runs', body: { period: '2999-01' }, may: ['accountant', 'finance'] },
    { method: 'GET', path: '/api/depreciation/runs/2999-01', may: READERS },
    { method: 'GET', path: '/api/asset-reports/register?by=status', may: SCOPED },
    { method: 'GET', path: '/api/asset-reports/register/export', may: SCOPED },
    { method: 'GET', path: '/api/asset-reports/movements?from=2026-01&to=2026-12', may: SCOPED },
    { method: 'GET', path: '/api/asset-reports/movements/export?from=2026-01', may: SCOPED },
    { method: 'GET', path: '/api/asset-reports/schedule?year=2026', may: SCOPED },
    { method: 'GET', path: '/api/asset-reports/schedule/export?year=2026', may: SCOPED },
    { method: 'GET', path: '/api/asset-reports/reconciliation', may: READERS },
    { method: 'GET', path: '/api/asset-reports/reconciliation/export', may: READERS },
  ];

  it(`answers each of ${ROWS.length} depreciation and asset report endpoints as the brief says`, async () => {
    const clients = new Map<Person, ApiClient>();
    for (const [person, username] of Object.entries(PEOPLE)) clients.set(person as Person, await login(username));
    const cells: string[] = [];
    for (const row of ROWS) {
      for (const person of [...Object.keys(PEOPLE), 'anonymous'] as Person[]) {
        const client = clients.get(person);
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (client) headers.Authorization = client.authorization();
        const response = await fetch(readStack().baseUrl + row.path, { method: row.method, headers, body: row.body === undefined ? undefined : JSON.stringify(row.body) });
        await response.arrayBuffer();
        const expected = person === 'anonymous' ? 'unauthenticated' : row.may.includes(person) ? 'allowed' : 'forbidden';
        const actual = response.status === 401 ? 'unauthenticated' : response.status === 403 ? 'forbidden' : response.status >= 500 ? `error ${response.status}` : 'allowed';
        cells.push(`${row.method} ${row.path} as ${person}: ${actual}${actual === expected ? '' : ` (expected ${expected})`}`);
      }
    }
    expect(cells.filter((cell) => cell.includes('expected') || cell.includes('error'))).toEqual([]);
  });
});

/**
 * Stocktakes and labels × the groups: asset-keepers of the unit (or bureau-wide) open, scan, decide,
 * close and print; the unit's head, finance, the books and leaders read; everyone else is refused.
 * On an open count of 城西派出所 with two cards, read and worked by each group's demo person.
 */
describe('who runs and reads stocktakes, per group', () => {
  const PEOPLE = { staff: 'zhangsan', unitHead: 'lisi', otherUnitHead: 'zhoujiu', keeper: 'jiangtao', finance: 'wangwu', accountant: 'fengjun', cashier: 'qianfang', deputyChief: 'zhaoliu', chief: 'chief', processAdmin: 'admin' } as const;
  type Person = keyof typeof PEOPLE | 'unitKeeper';
  const PERSONS: Person[] = [...(Object.keys(PEOPLE) as Person[]), 'unitKeeper'];
  const READERS: Person[] = ['unitHead', 'keeper', 'unitKeeper', 'finance', 'accountant', 'deputyChief', 'chief'];
  const KEEPERS: Person[] = ['keeper', 'unitKeeper'];
  const clients = new Map<Person, ApiClient>();
  let id: string;
  let location: string;

  beforeAll(async () => {
    for (const [person, username] of Object.entries(PEOPLE)) clients.set(person as Person, await login(username));
    const username = `kc${Date.now().toString(36)}`;
    const created = await clients.get('processAdmin')!.post('/api/org/users', { username, displayName: '城西资产员', title: '资产管理员', tier: 'other', unit: 'chengxi', password: 'e2e-password-1', groups: [{ code: 'asset-keeper', unit: 'chengxi' }] });
    expect(created.status).toBe(201);
    clients.set('unitKeeper', await login(username, 'e2e-password-1'));
    const { cardsInUnit, closeAssetFactory } = await import('./factories/opening-cards.factory');
    ({ location } = await cardsInUnit('chengxi', 2));
    await closeAssetFactory();
    const opened = await clients.get('keeper')!.post('/api/stocktakes', { unit: 'chengxi', location });
    expect(opened.status).toBe(201);
    id = opened.body.id;
  });

  const scan = () => ({ scans: [{ id: crypto.randomUUID(), code: 'ZC1999-000001', scannedAt: new Date().toISOString() }] });
  const cases: { what: string; method: string; path: () => string; body?: () => unknown; may: Person[] }[] = [
    { what: 'read the count', method: 'GET', path: () => `/api/stocktakes/${id}`, may: READERS },
    { what: 'export its report', method: 'GET', path: () => `/api/stocktakes/${id}/export`, may: READERS },
    { what: 'open a count of the same place', method: 'POST', path: () => '/api/stocktakes', body: () => ({ unit: 'chengxi', location }), may: KEEPERS },
    { what: 'scan', method: 'POST', path: () => `/api/stocktakes/${id}/scans`, body: scan, may: KEEPERS },
    { what: 'enter an item by hand', method: 'POST', path: () => `/api/stocktakes/${id}/extras`, body: () => ({ description: '矩阵测试物品' }), may: KEEPERS },
    { what: 'decide', method: 'POST', path: () => `/api/stocktakes/${id}/decisions`, body: () => ({}), may: KEEPERS },
    { what: 'close (refused for undecided gaps)', method: 'POST', path: () => `/api/stocktakes/${id}/close`, may: KEEPERS },
    { what: 'print labels', method: 'GET', path: () => `/api/asset-labels?unit=chengxi&location=${encodeURIComponent(location)}`, may: KEEPERS },
  ];
  it.each(cases.map((c) => [c.what, c] as const))('%s: exactly its groups', async (_what, c) => {
    const answers: string[] = [];
    for (const person of PERSONS) {
      const client = clients.get(person)!;
      // Downloads (the report, the labels) answer bytes, not JSON.
      const status = c.method === 'GET' ? (await client.download(c.path())).status : (await client.call(c.method, c.path(), c.body?.())).status;
      answers.push(`${person}: ${status === 403 ? 'forbidden' : status >= 500 ? `error ${status}` : 'reached'}`);
    }
    expect(answers).toEqual(PERSONS.map((person) => `${person}: ${c.may.includes(person) ? 'reached' : 'forbidden'}`));
  });

  it('lists the count to its readers only', async () => {
    for (const person of PERSONS) {
      const ids = (await clients.get(person)!.get('/api/stocktakes')).body.map((s: { id: string }) => s.id);
      expect([person, ids.includes(id)]).toEqual([person, READERS.includes(person)]);
    }
  });
});
