import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssetsService } from '../../src/assets/assets.service';
import { isoDayInChina } from '../../src/common/clock';
import { fenToYuan, yuanToFen } from '../../src/common/money';
import { lineAmountFen } from '../../src/contracts/acceptance.service';
import { ApiClient, eventually, login } from '../support/api';
import { adminClient, FISCAL_YEAR, FRESH_PASSWORD, freshUnit, FreshUnit, taskFor } from '../support/people';
import { attach, contractBody, freshSupplier, FreshSupplier, importedAward, screenedRecord } from './contract.factory';

let keeper: Promise<ApiClient> | undefined;
/** The demo asset-keeper of the whole bureau (jiangtao). */
export function assetKeeperClient(): Promise<ApiClient> {
  return (keeper ??= login('jiangtao'));
}

export interface AcceptedContract {
  unit: FreshUnit;
  supplier: FreshSupplier;
  contract: any;
  acceptance: any;
}

/**
 * A fresh unit's contract taken through review, approval and signing, and accepted today: by default
 * 2 执法记录仪 at ¥1,500 (asset items) and 4 存储卡 at ¥250 (below the threshold).
 */
export async function acceptedContract(options: { items?: { name: string; category: string; quantity: number; unitPrice: string; specialEquipment?: boolean }[]; amount?: string; acceptedOn?: string } = {}): Promise<AcceptedContract> {
  const unit = await freshUnit();
  const supplier = await freshSupplier({ sme: true });
  const items = options.items ?? [
    { name: '执法记录仪', category: 'A021002', quantity: 2, unitPrice: '1500.00' },
    { name: '存储卡', category: 'A02010104', quantity: 4, unitPrice: '250.00' },
  ];
  const amount = options.amount ?? totalOf(items);
  const awardId = await importedAward(unit, supplier, amount);
  const created = await unit.staff.post('/api/contracts', contractBody(awardId, { amount, items, milestones: [{ name: '验收后付清', condition: 'acceptance', amount }] }));
  if (created.status !== 201) throw new Error(`could not file contract: ${created.status} ${JSON.stringify(created.body)}`);
  const screened = await screenedRecord(unit.staff, `/api/contracts/${created.body.id}`);
  if (screened.status !== 'IN_APPROVAL') throw new Error(`contract not in approval: ${JSON.stringify(screened.findings)}`);
  for (const approver of [await login('luming'), unit.head]) {
    const task = await taskFor(approver, created.body.id);
    const decided = await approver.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' });
    if (decided.status !== 200) throw new Error(`${approver.username} could not approve: ${decided.status} ${JSON.stringify(decided.body)}`);
  }
  await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'SIGNING');
  await attach(unit.staff, 'contract', created.body.id, 'signed-contract');
  const signed = await unit.staff.post(`/api/contracts/${created.body.id}/sign`, { signedOn: `${FISCAL_YEAR}-11-30` });
  if (signed.status !== 200) throw new Error(`could not sign: ${signed.status} ${JSON.stringify(signed.body)}`);
  const contract = (await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'SIGNED')).body;
  const report = await attach(unit.staff, 'contract', contract.id, 'acceptance-report');
  const today = isoDayInChina(new Date());
  // An earlier acceptance day (on or after signing) is delivered on the signing day.
  const accepted = await unit.staff.post(`/api/contracts/${contract.id}/acceptances`, {
    deliveredOn: options.acceptedOn ? `${FISCAL_YEAR}-11-30` : `${FISCAL_YEAR}-12-01` <= today ? `${FISCAL_YEAR}-12-01` : today,
    acceptedOn: options.acceptedOn ?? today,
    acceptedBy: '装备科',
    reportAttachmentId: report,
    lines: contract.items.map((item: any) => ({ itemId: item.id, quantity: Number(item.quantity) })),
  });
  if (accepted.status !== 201) throw new Error(`could not accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { unit, supplier, contract, acceptance: accepted.body };
}

function totalOf(items: { quantity: number; unitPrice: string }[]): string {
  return fenToYuan(items.reduce((sum, item) => sum + lineAmountFen(item.quantity, yuanToFen(item.unitPrice)), 0));
}

/** An asset-keeper of the unit only (`asset-keeper:<unit>`), signed in. */
export async function unitAssetKeeper(unit: FreshUnit): Promise<ApiClient> {
  const username = `k${unit.code.slice(1)}`;
  const created = await (await adminClient()).post('/api/org/users', { username, displayName: `资产管理员${unit.code.slice(1)}`, title: '资产管理员', tier: 'other', unit: unit.code, password: FRESH_PASSWORD, groups: [{ code: 'asset-keeper', unit: unit.code }] });
  if (created.status !== 201) throw new Error(`could not create the unit's asset-keeper: ${created.status} ${JSON.stringify(created.body)}`);
  return login(username, FRESH_PASSWORD);
}

/** Cards of every uncarded unit of the acceptance's asset items, made by the bureau-wide keeper. */
export async function cardedAssets(accepted: AcceptedContract, details: { location?: string; model?: string } = {}): Promise<any[]> {
  const keeper = await assetKeeperClient();
  const pending = (await keeper.get('/api/assets/pending')).body.filter((l: any) => l.acceptanceId === accepted.acceptance.id);
  const cards: any[] = [];
  for (const line of pending) {
    const carded = await keeper.post('/api/assets/from-acceptance', { acceptanceId: line.acceptanceId, itemId: line.itemId, classCode: line.proposedClass, location: details.location ?? '装备库', model: details.model ?? '' });
    if (carded.status !== 201) throw new Error(`could not card: ${carded.status} ${JSON.stringify(carded.body)}`);
    cards.push(...carded.body);
  }
  return cards;
}

export interface CardSpec {
  unit: string;
  name?: string;
  classCode?: string;
  originalValueFen?: number;
  depreciatedFen?: number;
  acceptedOn?: string;
  usefulLifeMonths?: number | null;
  /** Username it is issued to (the card is then IN_USE). */
  holder?: string;
}

/** Opening-balance cards through the one way cards are made (AssetsService.createCards), with depreciation to date when given. */
export async function openingCards(context: INestApplicationContext, specs: CardSpec[]): Promise<{ id: string; number: string }[]> {
  const dataSource = context.get(DataSource);
  const assets = context.get(AssetsService);
  return dataSource.transaction(async (tx) => {
    const cards = [];
    for (const spec of specs) {
      const [unit] = await tx.query(`SELECT id FROM org_unit WHERE code = $1`, [spec.unit]);
      const [holder] = spec.holder ? await tx.query(`SELECT id FROM app_user WHERE username = $1`, [spec.holder]) : [null];
      cards.push({
        classCode: spec.classCode ?? 'A02010104',
        name: spec.name ?? '台式计算机',
        originalValueFen: spec.originalValueFen ?? 600_000,
        source: 'opening' as const,
        acceptedOn: spec.acceptedOn ?? '2019-01-10',
        unitId: unit.id,
        holderId: holder?.id ?? null,
        usefulLifeMonths: spec.usefulLifeMonths === undefined ? 72 : spec.usefulLifeMonths,
      });
    }
    const ids = await assets.createCards(tx, cards, null);
    for (const [i, spec] of specs.entries()) {
      if (spec.depreciatedFen) await tx.query(`UPDATE asset_card SET depreciated_fen = $2 WHERE id = $1`, [ids[i], spec.depreciatedFen]);
    }
    const rows: { id: string; number: string }[] = await tx.query(`SELECT id, number FROM asset_card WHERE id = ANY($1)`, [ids]);
    return ids.map((id) => rows.find((r) => r.id === id)!);
  });
}
