import { ApiClient, eventually, login } from '../support/api';
import { financeClient, FISCAL_YEAR, FreshUnit } from '../support/people';
import { buildSupplier } from './supplier.factory';

export const PROJECT = '信息化设备更新';

/** A special line (31002 办公设备购置) of the unit for procurement, FORBID. */
export async function procurementLine(unit: FreshUnit, allocated = '5000000.00'): Promise<{ id: string; ref: { subject: string; fund: 'special'; name: string } }> {
  const created = await (await financeClient()).post('/api/budgets', { unit: unit.code, year: FISCAL_YEAR, subject: '31002', fund: 'special', name: PROJECT, mode: 'FORBID', allocated });
  if (created.status !== 201) throw new Error(`could not create the line: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, ref: { subject: '31002', fund: 'special', name: PROJECT } };
}

/** Registered suppliers, by the demo procurement administrator. */
export async function suppliers(count: number): Promise<{ id: string; name: string; creditCode: string }[]> {
  const keeper = await login('hesong');
  const made = [];
  for (let i = 0; i < count; i++) {
    const created = await keeper.post('/api/suppliers', buildSupplier());
    if (created.status !== 201) throw new Error(`could not register a supplier: ${created.status} ${JSON.stringify(created.body)}`);
    made.push(created.body);
  }
  return made;
}

export function buildRequest(line: { ref: object }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { budgetLine: line.ref, category: 'A02010104', items: [{ name: '台式计算机', quantity: 12, unitPrice: '6000.00' }], method: '自行采购', reason: '派出所办公电脑更新', ...overrides };
}

/** The request once screening has decided it. */
export async function screenedRequest(client: ApiClient, id: string): Promise<any> {
  return (await eventually(() => client.get(`/api/procurement/requests/${id}`), (r) => r.status === 200 && r.body.status !== 'SCREENING')).body;
}

export async function reservedOn(lineId: string): Promise<string> {
  return (await (await financeClient()).get(`/api/budgets/${lineId}`)).body.reserved;
}
