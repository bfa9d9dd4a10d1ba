import { randomBytes } from 'node:crypto';
import { isoDayInChina } from '../../src/common/clock';
import { ApiClient, eventually, login } from './api';

/** The password of every person freshUnit() creates. */
export const FRESH_PASSWORD = 'e2e-password-1';
const PASSWORD = FRESH_PASSWORD;
let admin: Promise<ApiClient> | undefined;

/** The demo process administrator, who creates units and people. */
export function adminClient(): Promise<ApiClient> {
  return (admin ??= login('admin'));
}

let finance: Promise<ApiClient> | undefined;
/** The demo finance reviewer, who keeps the budget. */
export function financeClient(): Promise<ApiClient> {
  return (finance ??= login('wangwu'));
}

/** Subjects the tests spend on, each given a generous FORBID line in a fresh unit. */
const FUNDED_SUBJECTS = ['30211', '30201', '30217'];
export const FISCAL_YEAR = Number(isoDayInChina(new Date()).slice(0, 4));

export interface FreshUnit {
  code: string;
  name: string;
  /** A 民警 of the unit (tier other). */
  staff: ApiClient;
  /** The unit's head (所长), holder of `unit-head:<code>`. */
  head: ApiClient;
}

/**
 * A unit of its own with a member of staff and a head, so a test's trips, invoices and claims
 * never meet another test's — on a fresh database or one earlier runs have filled.
 */
export async function freshUnit(options: { staffTier?: 'minister' | 'bureau' | 'other'; budget?: boolean } = {}): Promise<FreshUnit> {
  const suffix = randomBytes(4).toString('hex');
  const code = `t${suffix}`;
  const name = `测试派出所${suffix}`;
  const root = await adminClient();
  const unit = await root.post('/api/org/units', { code, name });
  if (unit.status !== 201) throw new Error(`could not create unit: ${unit.status} ${JSON.stringify(unit.body)}`);
  const people = [
    { username: `s${suffix}`, displayName: `民警${suffix}`, title: '民警', tier: options.staffTier ?? 'other', unit: code, password: PASSWORD },
    { username: `h${suffix}`, displayName: `所长${suffix}`, title: '所长', tier: 'other', unit: code, password: PASSWORD, groups: [{ code: 'unit-head' }] },
  ];
  for (const person of people) {
    const created = await root.post('/api/org/users', person);
    if (created.status !== 201) throw new Error(`could not create ${person.username}: ${created.status} ${JSON.stringify(created.body)}`);
  }
  if (options.budget !== false) {
    const keeper = await financeClient();
    for (const subject of FUNDED_SUBJECTS) {
      const line = await keeper.post('/api/budgets', { unit: code, year: FISCAL_YEAR, subject, fund: 'basic', mode: 'FORBID', allocated: '1000000.00' });
      if (line.status !== 201) throw new Error(`could not create budget line: ${line.status} ${JSON.stringify(line.body)}`);
    }
  }
  const [staff, head] = await Promise.all(people.map((person) => login(person.username, PASSWORD)));
  return { code, name, staff, head };
}

/** The task of a subject (claim or travel request) in an approver's list, once it is there. */
export async function taskFor(approver: ApiClient, subjectId: string): Promise<any> {
  const response = await eventually(
    () => approver.get(`/api/tasks?subject=${subjectId}`),
    (r) => r.status === 200 && r.body.items.some((t: any) => t.subjectId === subjectId),
  );
  return response.body.items.find((t: any) => t.subjectId === subjectId);
}

/** Files a travel request as the unit's staff member and has the unit head approve it. */
export async function approvedRequest(unit: FreshUnit, trip: { destination: string; start: string; end: string; estimate?: string }): Promise<string> {
  const submitted = await unit.staff.post('/api/travel-requests', { traveller: unit.staff.username, estimate: '1500.00', purpose: '业务培训', ...trip });
  if (submitted.status !== 201) throw new Error(`travel request refused: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const task = await taskFor(unit.head, submitted.body.id);
  const decided = await unit.head.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' });
  if (decided.status !== 200) throw new Error(`approval refused: ${decided.status} ${JSON.stringify(decided.body)}`);
  await eventually(() => unit.staff.get(`/api/travel-requests/${submitted.body.id}`), (r) => r.body.status === 'APPROVED');
  return submitted.body.id;
}
