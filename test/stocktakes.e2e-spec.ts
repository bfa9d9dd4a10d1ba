import ExcelJS from 'exceljs';
import { randomBytes, randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { cardsInUnit, closeAssetFactory, MadeCard } from './factories/opening-cards.factory';
import { ApiClient, login } from './support/api';
import { adminClient, FRESH_PASSWORD, FreshUnit, freshUnit } from './support/people';

/** A keeper of one unit's assets (资产管理员), created for the test's own unit. */
async function unitKeeper(unit: FreshUnit): Promise<ApiClient> {
  const username = `k${randomBytes(4).toString('hex')}`;
  const created = await (await adminClient()).post('/api/org/users', {
    username, displayName: `资产员${username.slice(1)}`, title: '资产管理员', tier: 'other', unit: unit.code, password: FRESH_PASSWORD, groups: [{ code: 'asset-keeper', unit: unit.code }],
  });
  if (created.status !== 201) throw new Error(`could not create keeper: ${created.status} ${JSON.stringify(created.body)}`);
  return login(username, FRESH_PASSWORD);
}

const scan = (code: string, id = randomUUID()) => ({ id, code, scannedAt: new Date().toISOString(), device: 'test-phone' });

describe('stocktakes (资产盘点)', () => {
  let unit: FreshUnit;
  let keeper: ApiClient;
  let bureauKeeper: ApiClient;
  let cards: MadeCard[];
  let location: string;

  beforeAll(async () => {
    unit = await freshUnit({ budget: false });
    keeper = await unitKeeper(unit);
    bureauKeeper = await login('jiangtao');
    ({ cards, location } = await cardsInUnit(unit.code, 4));
  });
  afterAll(() => closeAssetFactory());

  it('counts a unit with two phones, a replayed offline scan once, and closes only once every gap is decided', async () => {
    const opened = await keeper.post('/api/stocktakes', { unit: unit.code, location });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'OPEN', expected: 4, found: 0, missing: 4, surplus: 0, location, canManage: true });
    const id = opened.body.id;
    // The same place cannot be counted twice at once.
    expect((await bureauKeeper.post('/api/stocktakes', { unit: unit.code, location })).body.error).toBe('STOCKTAKE_ALREADY_OPEN');

    const [a, b, c, d] = cards;
    // Phone 1 (the unit's keeper) and phone 2 (the bureau-wide keeper) both scan card b.
    const phone1 = await keeper.post(`/api/stocktakes/${id}/scans`, { scans: [scan(a.number), scan(b.number)] });
    expect(phone1.status).toBe(200);
    expect(phone1.body.scans.map((s: any) => s.outcome)).toEqual(['found', 'found']);
    const offline = scan(c.number);
    const phone2 = await bureauKeeper.post(`/api/stocktakes/${id}/scans`, { scans: [scan(` ${b.number.toLowerCase()} `), offline, scan('ZC2099-000001')] });
    expect(phone2.body.scans.map((s: any) => s.outcome)).toEqual(['again', 'found', 'surplus']);
    expect(phone2.body).toMatchObject({ found: 3, expected: 4 });
    // Phone 2's queue sends the scan made offline again once the network is back: stored once, counted once.
    const replay = await bureauKeeper.post(`/api/stocktakes/${id}/scans`, { scans: [offline] });
    expect(replay.body.scans).toEqual([expect.objectContaining({ id: offline.id, outcome: 'replayed' })]);
    expect(replay.body.found).toBe(3);

    const live = (await unit.head.get(`/api/stocktakes/${id}`)).body;
    expect(live).toMatchObject({ found: 3, missing: 1, surplus: 1, scanCount: 5, undecidedMissing: 1, canManage: false });
    expect(live.missingItems.map((i: any) => i.number)).toEqual([d.number]);
    expect(live.surplusItems).toEqual([expect.objectContaining({ key: 'ZC2099-000001', source: 'scan', card: null, scans: 1, decision: null })]);

    // Closing with the missing card undecided is refused by the stocktake rule set.
    const refused = await keeper.post(`/api/stocktakes/${id}/close`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('AST-STOCKTAKE-GAP');
    expect(refused.body.message).toContain('1 项盘亏资产未作处理意见');
    expect(refused.body.findings).toEqual([expect.objectContaining({ ruleId: 'AST-STOCKTAKE-GAP', severity: 'block', ruleSet: 'stocktake@1' })]);
    expect((await keeper.get(`/api/stocktakes/${id}`)).body.status).toBe('OPEN');

    // A decision on a gap the count does not have, or of the wrong kind, names the field.
    const wrong = await keeper.post(`/api/stocktakes/${id}/decisions`, { decisions: [{ kind: 'missing', key: a.id, decision: 'write-off' }, { kind: 'surplus', key: 'ZC2099-000001', decision: 'write-off' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.map((f: any) => f.field)).toEqual(['decisions[0].key', 'decisions[1].decision']);

    const decided = await keeper.post(`/api/stocktakes/${id}/decisions`, {
      decisions: [{ kind: 'missing', key: d.id, decision: 'write-off', note: '查无下落' }, { kind: 'surplus', key: 'ZC2099-000001', decision: 'create-card' }],
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ undecidedMissing: 0, undecidedSurplus: 0 });

    const closed = await keeper.post(`/api/stocktakes/${id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', found: 3, missing: 1, surplus: 1 });

    // Each card's history says how the count found it; the written-off card is MISSING.
    const missingCard = (await bureauKeeper.get(`/api/assets/${d.id}`)).body;
    expect(missingCard.status).toBe('MISSING');
    const missingHistory = (await bureauKeeper.get(`/api/assets/${d.id}/history`)).body;
    expect(missingHistory.at(-1)).toMatchObject({ kind: 'missing', subject: { kind: 'stocktake', id }, facts: { decision: 'write-off', note: '查无下落' } });
    const countedHistory = (await bureauKeeper.get(`/api/assets/${b.id}/history`)).body;
    expect(countedHistory.filter((e: any) => e.kind === 'counted')).toHaveLength(1);
    expect((await bureauKeeper.get(`/api/assets/${b.id}`)).body.status).toBe('IN_STOCK');

    // A closed count takes no more scans.
    const late = await keeper.post(`/api/stocktakes/${id}/scans`, { scans: [scan(d.number)] });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('STOCKTAKE_CLOSED');

    // The result report opens in Excel with the summary, the gaps and their decisions, and every card.
    const file = await unit.head.download(`/api/stocktakes/${id}/export`);
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const summary = Object.fromEntries(book.getWorksheet('汇总')!.getSheetValues().slice(2).map((row: any) => [row[1], row[2]]));
    expect(summary).toMatchObject({ '账面数（应盘）': 4, 实盘相符: 3, 盘亏: 1, 盘盈: 1, 状态: '已结束' });
    const gaps = book.getWorksheet('盘盈盘亏')!.getSheetValues().slice(2).map((row: any) => [row[1], row[2], row[5]]);
    expect(gaps).toEqual([['盘亏', d.number, '报损'], ['盘盈', 'ZC2099-000001', '建卡']]);
    expect(book.getWorksheet('盘点清单')!.rowCount).toBe(5);
  });

  it('lets a unit head read but not scan, keeps staff and other units out, and names bad scans', async () => {
    const { location: shelf, cards: [card] } = await cardsInUnit(unit.code, 1);
    const id = (await keeper.post('/api/stocktakes', { unit: unit.code, location: shelf })).body.id;
    expect((await unit.head.get(`/api/stocktakes/${id}`)).status).toBe(200);
    expect((await unit.head.post(`/api/stocktakes/${id}/scans`, { scans: [scan(card.number)] })).status).toBe(403);
    expect((await unit.staff.get(`/api/stocktakes/${id}`)).status).toBe(403);
    const other = await freshUnit({ budget: false });
    expect((await other.head.get(`/api/stocktakes/${id}`)).status).toBe(403);
    expect((await other.head.get('/api/stocktakes')).body.map((s: any) => s.id)).not.toContain(id);
    expect((await unit.head.get('/api/stocktakes')).body.map((s: any) => s.id)).toContain(id);
    expect((await keeper.post('/api/stocktakes', { unit: other.code })).status).toBe(403);

    const bad = await keeper.post(`/api/stocktakes/${id}/scans`, { scans: [{ id: 'not-a-uuid', code: '', scannedAt: 'yesterday' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field).sort()).toEqual(['scans[0].code', 'scans[0].id', 'scans[0].scannedAt']);
    const blank = await keeper.post(`/api/stocktakes/${id}/scans`, { scans: [scan(card.number), { ...scan('  '), scannedAt: '1970-01-01T00:00:00Z' }] });
    expect(blank.status).toBe(400);
    expect(blank.body.fields.map((f: any) => f.field)).toEqual(['scans[1].code', 'scans[1].scannedAt']);
    // Nothing of a refused batch is stored, not even its good scan.
    expect((await keeper.get(`/api/stocktakes/${id}`)).body.scanCount).toBe(0);

    // 盘盈 by hand, then every missing card decided at once.
    const extra = await keeper.post(`/api/stocktakes/${id}/extras`, { description: '无标签的打印机一台' });
    expect(extra.status).toBe(201);
    expect(extra.body.surplusItems).toEqual([expect.objectContaining({ source: 'manual', description: '无标签的打印机一台' })]);
    const all = await keeper.post(`/api/stocktakes/${id}/decisions`, { allMissing: 'investigate' });
    expect(all.body).toMatchObject({ undecidedMissing: 0, missing: 1 });
    expect((await keeper.post(`/api/stocktakes/${id}/close`)).status).toBe(200);
    // 待查 settles the gap without writing the card off.
    expect((await keeper.get(`/api/assets/${card.id}`)).body.status).toBe('IN_STOCK');
  });

  it('prints label sheets of a unit for its keeper, A4 and label-printer, and to no one else', async () => {
    const a4 = await keeper.download(`/api/asset-labels?layout=a4&unit=${unit.code}&location=${encodeURIComponent(location)}`);
    expect(a4.status).toBe(200);
    expect(a4.headers.get('content-type')).toBe('application/pdf');
    expect(a4.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const roll = await keeper.download(`/api/asset-labels?layout=roll&ids=${cards.slice(0, 3).map((c) => c.id).join(',')}`);
    expect(roll.status).toBe(200);
    // One label a page on the roll: three pages.
    expect((await PDFDocument.load(roll.bytes)).getPageCount()).toBe(3);
    expect((await unit.head.download(`/api/asset-labels?unit=${unit.code}`)).status).toBe(403);
    const bad = await keeper.get('/api/asset-labels?layout=a5');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field)).toEqual(['layout', 'unit']);
  });
});
