import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openingCards } from './factories/asset.factory';
import { serviceContext } from './support/app-context';
import { ApiClient, eventually, login } from './support/api';
import { adminClient, financeClient, FRESH_PASSWORD, freshUnit, FreshUnit, taskFor } from './support/people';

/**
 * 调拨 and 处置 of asset cards (src/asset-flows): a transfer approved by both heads moves the cards
 * and writes their history; nobody approves their own; a disposal before the useful life warns
 * AST-DISPOSAL-EARLY, and approved it publishes asset-disposed, whose voucher balances in both books.
 */
describe('asset flows: transfer and disposal', () => {
  let context: INestApplicationContext;
  let db: DataSource;
  let keeper: ApiClient;
  let deputy: ApiClient;
  let finance: ApiClient;
  let accountant: ApiClient;

  beforeAll(async () => {
    context = await serviceContext();
    db = context.get(DataSource);
    [keeper, deputy, finance, accountant] = await Promise.all([login('jiangtao'), login('zhaoliu'), financeClient(), login('fengjun')]);
  });
  afterAll(async () => context?.close());

  const card = async (id: string) => (await db.query(`SELECT c.status, u.code AS unit, c.keeper_id, c.holder_id FROM asset_card c JOIN org_unit u ON u.id = c.unit_id WHERE c.id = $1`, [id]))[0];
  const history = async (id: string) => db.query(`SELECT kind, subject_kind, subject_id, facts FROM asset_event WHERE card_id = $1 ORDER BY id`, [id]);

  async function decide(approver: ApiClient, subjectId: string, decision: 'approve' | 'reject'): Promise<void> {
    const task = await taskFor(approver, subjectId);
    const decided = await approver.post(`/api/tasks/${task.id}/complete`, { decision, comment: decision === 'reject' ? '不同意' : undefined });
    if (decided.status !== 200) throw new Error(`${approver.username} could not ${decision}: ${decided.status} ${JSON.stringify(decided.body)}`);
  }

  /** A head of `unit` who also keeps its assets (a small station's 所长), able to file for it. */
  async function headKeeper(unit: FreshUnit): Promise<ApiClient> {
    const username = `k${randomBytes(4).toString('hex')}`;
    const created = await (await adminClient()).post('/api/org/users', {
      username, displayName: `所长兼资产员${username}`, title: '所长', tier: 'other', unit: unit.code, password: FRESH_PASSWORD,
      groups: [{ code: 'unit-head' }, { code: 'asset-keeper', unit: unit.code }],
    });
    if (created.status !== 201) throw new Error(`could not create ${username}: ${created.status} ${JSON.stringify(created.body)}`);
    return login(username, FRESH_PASSWORD);
  }

  it('moves cards approved by the head giving them, then the head taking them, clearing keeper and holder, each with its event', async () => {
    const [from, to] = await Promise.all([freshUnit({ budget: false }), freshUnit({ budget: false })]);
    const [issued, stocked] = await openingCards(context, [{ unit: from.code, holder: from.staff.username }, { unit: from.code, name: '打印机', classCode: 'A02010601' }]);
    const filed = await keeper.post('/api/asset-transfers', { cardIds: [issued.id, stocked.id], toUnit: to.code, reason: '警力调整，随人调拨' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'IN_APPROVAL', fromUnit: { code: from.code }, toUnit: { code: to.code } });
    expect(filed.body.approvalChain.map((s: any) => s.group)).toEqual([`unit-head:${from.code}`, `unit-head:${to.code}`]);
    expect(await card(issued.id)).toMatchObject({ status: 'TRANSFERRING', unit: from.code });

    // The receiving head has nothing to do until the giving head has approved.
    expect((await to.head.get(`/api/tasks?subject=${filed.body.id}`)).body.items).toEqual([]);
    const task = await taskFor(from.head, filed.body.id);
    expect(task).toMatchObject({ kind: 'asset-transfer', subjectId: filed.body.id });
    await decide(from.head, filed.body.id, 'approve');
    await decide(to.head, filed.body.id, 'approve');
    const done = (await eventually(() => keeper.get(`/api/asset-transfers/${filed.body.id}`), (r) => r.body.status === 'APPROVED')).body;
    expect(done.cards.map((c: any) => [c.number, c.status, c.previousStatus])).toEqual([[issued.number, 'IN_STOCK', 'IN_USE'], [stocked.number, 'IN_STOCK', 'IN_STOCK']]);
    expect(await card(issued.id)).toMatchObject({ status: 'IN_STOCK', unit: to.code, keeper_id: null, holder_id: null });
    const events = await history(issued.id);
    expect(events.map((e: any) => e.kind)).toEqual(['carded', 'transferred']);
    expect(events[1]).toMatchObject({ subject_kind: 'asset-transfer', subject_id: filed.body.id, facts: { transfer: done.number, fromUnit: from.code, toUnit: to.code } });

    // The approval history of both steps, and the cards among its links.
    const related = (await to.head.get(`/api/subjects/asset-transfer/${filed.body.id}/related`)).body;
    expect(related.history.map((h: any) => [h.operation, h.actor])).toEqual([['approve', from.head.username], ['approve', to.head.username]]);
    expect(related.links.map((l: any) => l.relation)).toEqual(['asset-card', 'asset-card']);
  });

  it('hands the step a filing head holds to the deputy chief, refuses the head the step, and gives rejected cards back their status', async () => {
    const [from, to] = await Promise.all([freshUnit({ budget: false }), freshUnit({ budget: false })]);
    const headWhoKeeps = await headKeeper(from);
    const [issued] = await openingCards(context, [{ unit: from.code, holder: from.staff.username }]);
    const filed = await headWhoKeeps.post('/api/asset-transfers', { cardIds: [issued.id], toUnit: to.code, reason: '调剂使用' });
    expect(filed.status).toBe(201);
    expect(filed.body.approvalChain.map((s: any) => [s.group, s.substitutedFor ?? null])).toEqual([['deputy-chief', 'from-head'], [`unit-head:${to.code}`, null]]);
    const task = await taskFor(deputy, filed.body.id);
    const own = await headWhoKeeps.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.error).toBe('TASK_OWN_SUBMISSION');
    expect((await headWhoKeeps.get(`/api/tasks?subject=${filed.body.id}`)).body.items).toEqual([]);

    await decide(deputy, filed.body.id, 'reject');
    await eventually(() => keeper.get(`/api/asset-transfers/${filed.body.id}`), (r) => r.body.status === 'REJECTED');
    expect(await card(issued.id)).toMatchObject({ status: 'IN_USE', unit: from.code, holder_id: expect.any(String) });
    expect((await history(issued.id)).map((e: any) => e.kind)).toEqual(['carded', 'transfer-rejected']);
  });

  it('refuses bad filings naming the field, writing nothing', async () => {
    const [unitA, unitB] = await Promise.all([freshUnit({ budget: false }), freshUnit({ budget: false })]);
    const keeperOfA = await headKeeper(unitA);
    const [a1, a2, b1] = await openingCards(context, [{ unit: unitA.code }, { unit: unitA.code }, { unit: unitB.code }]);
    const fields = (r: any) => (r.body.fields ?? []).map((f: any) => f.field);

    // A card of another unit in one filing; a card of a unit the keeper does not keep.
    const mixed = await keeper.post('/api/asset-transfers', { cardIds: [a1.id, b1.id], toUnit: unitB.code, reason: '混合' });
    expect([mixed.status, fields(mixed)]).toEqual([400, ['cardIds[1]']]);
    const notMine = await keeperOfA.post('/api/asset-disposals', { cardIds: [b1.id], way: 'scrap', reason: '报废', residual: '0' });
    expect([notMine.status, fields(notMine)]).toEqual([400, ['cardIds[0]']]);
    expect(await card(a1.id)).toMatchObject({ status: 'IN_STOCK' });
    expect((await db.query(`SELECT count(*)::int AS n FROM asset_flow_card WHERE card_id = ANY($1)`, [[a1.id, b1.id]]))[0].n).toBe(0);

    // Negative amounts, an unknown unit, proceeds from a donation.
    const negative = await keeper.post('/api/asset-disposals', { cardIds: [a1.id], way: 'sale', reason: '出售', residual: '-1.00', proceeds: '-5' });
    expect(negative.status).toBe(400);
    expect(fields(negative).sort()).toEqual(['proceeds', 'residual']);
    expect(fields(await keeper.post('/api/asset-transfers', { cardIds: [a1.id], toUnit: 'nosuchunit', reason: 'x' }))).toEqual(['toUnit']);
    expect(fields(await keeper.post('/api/asset-disposals', { cardIds: [a1.id], way: 'donation', reason: '捐赠', proceeds: '10.00' }))).toEqual(['proceeds']);
    expect(fields(await keeper.post('/api/asset-transfers', { cardIds: [a1.id], toUnit: unitA.code, reason: '同单位' }))).toEqual(['toUnit']);

    // A card already in a transfer cannot go into a disposal, and the database refuses a second open flow outright.
    const transfer = await keeper.post('/api/asset-transfers', { cardIds: [a1.id], toUnit: unitB.code, reason: '调拨' });
    expect(transfer.status).toBe(201);
    const busy = await keeper.post('/api/asset-disposals', { cardIds: [a2.id, a1.id], way: 'scrap', reason: '报废' });
    expect([busy.status, fields(busy)]).toEqual([400, ['cardIds[1]']]);
    expect(await card(a2.id)).toMatchObject({ status: 'IN_STOCK' });
    await expect(db.query(`INSERT INTO asset_flow_card (flow_kind, flow_id, card_id, position, previous_status, cost_fen, depreciated_fen) VALUES ('asset-disposal', gen_random_uuid(), $1, 0, 'IN_STOCK', 1, 0)`, [a1.id])).rejects.toMatchObject({ code: '23505' });

    // Staff file nothing.
    expect((await unitA.staff.post('/api/asset-transfers', { cardIds: [a2.id], toUnit: unitB.code, reason: 'x' })).status).toBe(403);
  });

  it('warns AST-DISPOSAL-EARLY before the useful life has passed, routes by the authority lines, and on approval disposes the cards and books a balanced voucher', async () => {
    const unit = await freshUnit({ budget: false });
    const [young, old] = await openingCards(context, [
      { unit: unit.code, acceptedOn: '2024-03-15', originalValueFen: 600_000, depreciatedFen: 150_000 },
      { unit: unit.code, acceptedOn: '2018-01-10', originalValueFen: 400_000, depreciatedFen: 400_000, name: '复印机', classCode: 'A020201' },
    ]);
    const filed = await keeper.post('/api/asset-disposals', { cardIds: [young.id, old.id], way: 'sale', reason: '设备老化，公开出售', residual: '500.00', proceeds: '800.00' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'IN_APPROVAL', cost: '10000.00', depreciated: '5500.00', netValue: '4500.00', residual: '500.00', proceeds: '800.00' });
    expect(filed.body.findings).toEqual([expect.objectContaining({ ruleId: 'AST-DISPOSAL-EARLY', severity: 'warn', facts: expect.objectContaining({ disposalEarly: expect.objectContaining({ count: 1, cards: [expect.objectContaining({ number: young.number, lifeEndsOn: '2030-03-15' })] }), ruleSet: 'asset-disposal@1' }) })]);
    // ¥10,000 is below the first authority line: the unit head, then finance.
    expect(filed.body.approvalChain.map((s: any) => s.group)).toEqual([`unit-head:${unit.code}`, 'finance']);
    expect(await card(young.id)).toMatchObject({ status: 'DISPOSING' });

    await decide(unit.head, filed.body.id, 'approve');
    await decide(finance, filed.body.id, 'approve');
    await eventually(() => keeper.get(`/api/asset-disposals/${filed.body.id}`), (r) => r.body.status === 'APPROVED');
    expect(await card(young.id)).toMatchObject({ status: 'DISPOSED' });
    expect((await history(old.id)).map((e: any) => e.kind)).toEqual(['carded', 'disposed']);

    const [event] = await db.query(`SELECT id, payload FROM business_event WHERE kind = 'asset-disposed' AND source_kind = 'asset-disposal' AND source_id = $1`, [filed.body.id]);
    expect(event.payload.facts).toMatchObject({ way: 'sale', costFen: 1_000_000, depreciatedFen: 550_000, residualFen: 50_000, proceedsFen: 80_000 });
    // Per card its accumulated depreciation and net value (the old copier is fully depreciated: no net value), then the proceeds.
    expect(event.payload.lines.map((l: any) => [l.part, l.amountFen])).toEqual([['depreciation', 150_000], ['net-value', 450_000], ['depreciation', 400_000], ['proceeds', 80_000]]);

    const list = await eventually(() => accountant.get(`/api/accounting/vouchers?sourceKind=asset-disposal&sourceId=${filed.body.id}`), (r) => r.status === 200 && r.body.items.length === 1);
    const voucher = (await accountant.get(`/api/accounting/vouchers/${list.body.items[0].id}`)).body;
    expect(voucher.eventKind).toBe('asset-disposed');
    const sum = (book: string, subject: string, side: 'debitFen' | 'creditFen') => voucher.entries.filter((e: any) => e.book === book && e.subjectCode === subject).reduce((s: number, e: any) => s + e[side], 0);
    expect(sum('financial', '1602', 'debitFen')).toBe(550_000);
    expect(sum('financial', '5301', 'debitFen')).toBe(450_000);
    expect(sum('financial', '1601', 'creditFen')).toBe(1_000_000);
    expect([sum('financial', '1002', 'debitFen'), sum('financial', '2103', 'creditFen')]).toEqual([80_000, 80_000]);
    // Both books balance; the write-off and the proceeds owed to the treasury touch no budget account.
    expect(voucher.totals).toEqual({ financial: { debitFen: 1_080_000, creditFen: 1_080_000 }, budget: { debitFen: 0, creditFen: 0 } });

    // A disposed card goes into no other filing.
    const again = await keeper.post('/api/asset-disposals', { cardIds: [old.id], way: 'scrap', reason: '再次处置' });
    expect([again.status, again.body.fields?.[0]?.field]).toEqual([400, 'cardIds[0]']);
  });
});
