import { randomBytes, randomInt } from 'node:crypto';
import { creditCodeCheckCharacter } from '../../src/invoices/credit-code';
import { ApiClient, eventually, login } from '../support/api';
import { FreshUnit, FISCAL_YEAR } from '../support/people';
import { files } from './file.factory';

let procurement: Promise<ApiClient> | undefined;
/** The demo procurement administrator (hesong), who keeps suppliers and imports awards and contracts. */
export function procurementClient(): Promise<ApiClient> {
  return (procurement ??= login('hesong'));
}

/** A 统一社会信用代码 of valid shape and check character, new to this run. */
export function freshCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = '913307' + Array.from({ length: 11 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return body + creditCodeCheckCharacter(body);
}

export interface FreshSupplier {
  id: string;
  name: string;
  creditCode: string;
  account: string;
}

export async function freshSupplier(options: { sme?: boolean } = {}): Promise<FreshSupplier> {
  const keeper = await procurementClient();
  const creditCode = freshCreditCode();
  const account = `6222${Array.from({ length: 13 }, () => randomInt(10)).join('')}`;
  const name = `测试供应商${randomBytes(3).toString('hex')}有限公司`;
  const created = await keeper.post('/api/suppliers', { name, creditCode, account, bankName: '中国工商银行义乌分行', sme: options.sme ?? true });
  if (created.status !== 201) throw new Error(`could not register supplier: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, name, creditCode, account };
}

/** An earlier award to the supplier on the unit's 30211 line, imported as the register keeps it. */
export async function importedAward(unit: FreshUnit, supplier: FreshSupplier, amount: string, awardedOn = `${FISCAL_YEAR}-11-15`): Promise<string> {
  const keeper = await procurementClient();
  const imported = await keeper.post('/api/procurement/awards/import', {
    awards: [{ unit: unit.code, budgetLine: { unit: unit.code, subject: '30211', fund: 'basic' }, category: 'A02010104', method: '询价', supplier: supplier.creditCode, amount, awardedOn }],
  });
  if (imported.status !== 201) throw new Error(`could not import award: ${imported.status} ${JSON.stringify(imported.body)}`);
  return imported.body.awards[0];
}

/** A contract body drawn from an award: one acceptance milestone and two items adding up to the amount. */
export function contractBody(awardId: string, overrides: Record<string, unknown> = {}) {
  return {
    awardId,
    title: '执法记录仪采购合同',
    amount: '4000.00',
    signedOn: `${FISCAL_YEAR}-11-30`,
    milestones: [
      { name: '签订后预付', condition: 'signing', percent: 30 },
      { name: '验收后付清', condition: 'acceptance', percent: 70 },
    ],
    items: [
      { name: '执法记录仪', category: 'A02010104', quantity: 2, unitPrice: '1500.00' },
      { name: '存储卡', category: 'A02010104', quantity: 4, unitPrice: '250.00' },
    ],
    ...overrides,
  };
}

/** Waits until screening has decided the contract (or payment) and answers it. */
export async function screenedRecord(client: ApiClient, path: string): Promise<any> {
  return (await eventually(() => client.get(path), (r) => r.status === 200 && r.body.status !== 'SCREENING')).body;
}

/** Uploads a synthetic PDF to the subject under the category. */
export async function attach(client: ApiClient, kind: string, id: string, category: string): Promise<string> {
  const uploaded = await client.upload(`/api/subjects/${kind}/${id}/attachments`, { name: `${category}.pdf`, bytes: files.pdf(), type: 'application/pdf' }, { category });
  if (uploaded.status !== 201) throw new Error(`could not attach ${category}: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  return uploaded.body.id;
}
