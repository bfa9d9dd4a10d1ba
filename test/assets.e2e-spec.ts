import { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { AssetUncardedService } from '../src/assets/asset-uncarded.service';
import { addDays } from '../src/common/days';
import { acceptedContract, assetKeeperClient, cardedAssets, unitAssetKeeper } from './factories/asset.factory';
import { attach } from './factories/contract.factory';
import { serviceContext } from './support/app-context';
import { ApiClient, login } from './support/api';
import { FISCAL_YEAR, freshUnit } from './support/people';

async function idOf(client: ApiClient): Promise<string> {
  return (await client.get('/api/me')).body.id;
}

/** An opening-balance sheet with the template's headers and the rows given. */
async function sheet(rows: Record<string, string>[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('资产期初导入');
  const headers = ['资产名称', '资产分类代码', '规格型号', '原值（元）', '取得日期', '使用单位', '保管人账号', '使用人账号', '存放地点', '累计折旧（元）', '折旧至（年月）'];
  ws.addRow(headers);
  for (const row of rows) ws.addRow(headers.map((h) => row[h] ?? ''));
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('assets: cards from acceptance, their life, opening balances, AST-UNCARDED, who sees what', () => {
  let keeper: ApiClient;
  let context: INestApplicationContext;

  beforeAll(async () => {
    keeper = await assetKeeperClient();
    context = await serviceContext();
  });
  afterAll(async () => context?.close());

  it('takes an accepted contract to cards, issues one (领用) with an attachment, refuses issuing it again, and takes it back (交回)', async () => {
    const accepted = await acceptedContract();
    const [card, other] = await cardedAssets(accepted, { location: '装备库 3 号柜', model: 'DSJ-V9' });
    const staffId = await idOf(accepted.unit.staff);
    const receipt = await attach(keeper, 'asset', card.id, 'issue-receipt');

    const issued = await keeper.post(`/api/assets/${card.id}/issue`, { holderId: staffId, location: '城区巡逻一组', note: '巡逻配发', attachmentIds: [receipt] });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'IN_USE', holder: { id: staffId }, location: '城区巡逻一组' });

    // The holder sees it among the assets they hold, and nothing else of the unit.
    const mine = (await accepted.unit.staff.get(`/api/assets?holder=${staffId}`)).body;
    expect(mine.items.map((c: any) => c.id)).toEqual([card.id]);
    expect((await accepted.unit.staff.get(`/api/assets/${card.id}`)).status).toBe(200);
    expect((await accepted.unit.staff.get(`/api/assets/${other.id}`)).status).toBe(403);

    // Issued once: issuing again (to anyone) is refused until it comes back.
    const again = await keeper.post(`/api/assets/${card.id}/issue`, { holderId: await idOf(accepted.unit.head) });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ASSET_NOT_IN_STOCK');
    // The database refuses it too: a holder is never swapped for another without a return.
    const dataSource = context.get(DataSource);
    await expect(dataSource.query(`UPDATE asset_card SET holder_id = $2 WHERE id = $1`, [card.id, await idOf(accepted.unit.head)])).rejects.toThrow(/returned before it is issued again/);
    await expect(dataSource.query(`UPDATE asset_card SET holder_id = NULL, status = 'IN_STOCK' WHERE id = $1 AND false`, [card.id])).resolves.toBeDefined();
    await expect(dataSource.query(`UPDATE asset_card SET status = 'IN_STOCK' WHERE id = $1`, [card.id])).rejects.toThrow(/asset_card_stock_unheld/);

    // Bad input names the field; someone of another unit is no holder of this unit's asset.
    const stranger = await freshUnit({ budget: false });
    const badHolder = await keeper.post(`/api/assets/${other.id}/issue`, { holderId: await idOf(stranger.staff), occurredOn: `${FISCAL_YEAR + 1}-01-01` });
    expect(badHolder.status).toBe(400);
    expect(badHolder.body.fields.map((f: any) => f.field).sort()).toEqual(['holderId', 'occurredOn']);
    expect((await keeper.post(`/api/assets/${other.id}/issue`, { holderId: 'nobody' })).body.fields).toEqual([expect.objectContaining({ field: 'holderId' })]);

    const returned = await keeper.post(`/api/assets/${card.id}/return`, { location: '装备库 3 号柜' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'IN_STOCK', holder: null, location: '装备库 3 号柜' });
    expect((await keeper.post(`/api/assets/${card.id}/return`, {})).status).toBe(409);
    expect((await accepted.unit.staff.get(`/api/assets?holder=${staffId}`)).body.items).toEqual([]);

    const history = (await keeper.get(`/api/assets/${card.id}/history`)).body;
    expect(history.map((e: any) => e.kind)).toEqual(['carded', 'issued', 'returned']);
    expect(history[1].facts).toMatchObject({ holderId: staffId, note: '巡逻配发', attachmentIds: [receipt] });
    expect(history[2].facts).toMatchObject({ holderId: staffId });

    // The card is a subject: its attachments, and 关联查询 to the contract and acceptance (and back).
    expect((await keeper.get(`/api/subjects/asset/${card.id}/attachments`)).body.map((a: any) => a.id)).toContain(receipt);
    const related = (await keeper.get(`/api/subjects/asset/${card.id}/related`)).body;
    expect(JSON.stringify(related)).toContain(accepted.contract.id);
    expect(JSON.stringify(related)).toContain(accepted.acceptance.id);
    // The contract's readers (the unit's head) reach its cards from it.
    const fromContract = (await accepted.unit.head.get(`/api/subjects/contract/${accepted.contract.id}/related`)).body;
    expect(JSON.stringify(fromContract)).toContain(card.id);
  });

  it('sends an asset to repair and back with the cost and the repairer\'s note; a wrong cost is a 400 naming it', async () => {
    const accepted = await acceptedContract();
    const [card] = await cardedAssets(accepted);
    const staffId = await idOf(accepted.unit.staff);
    expect((await keeper.post(`/api/assets/${card.id}/issue`, { holderId: staffId })).status).toBe(200);
    expect((await keeper.post(`/api/assets/${card.id}/repair/finish`, { cost: '10.00' })).status).toBe(409);
    const missing = await keeper.post(`/api/assets/${card.id}/repair`, { reason: '' });
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f: any) => f.field).sort()).toEqual(['reason', 'vendor']);
    const started = await keeper.post(`/api/assets/${card.id}/repair`, { reason: '屏幕不亮', vendor: '义乌市海康售后服务中心' });
    expect(started.body).toMatchObject({ status: 'IN_REPAIR', holder: { id: staffId } });
    expect((await keeper.post(`/api/assets/${card.id}/repair`, { reason: '再修', vendor: '另一家' })).status).toBe(409);
    const badCost = await keeper.post(`/api/assets/${card.id}/repair/finish`, { cost: '12.345' });
    expect(badCost.status).toBe(400);
    expect(badCost.body.fields).toEqual([expect.objectContaining({ field: 'cost' })]);
    const finished = await keeper.post(`/api/assets/${card.id}/repair/finish`, { cost: '180.00', vendorNote: '更换显示屏' });
    expect(finished.body).toMatchObject({ status: 'IN_USE', holder: { id: staffId } });
    const history = (await keeper.get(`/api/assets/${card.id}/history`)).body;
    expect(history.map((e: any) => e.kind)).toEqual(['carded', 'issued', 'repair-started', 'repair-finished']);
    expect(history[3].facts).toMatchObject({ costFen: 18000, cost: '180.00', vendorNote: '更换显示屏', vendor: '义乌市海康售后服务中心' });
  });

  it('imports an opening balance whole, or refuses the whole sheet naming each bad row and column', async () => {
    const unit = await freshUnit({ budget: false });
    const keeperOfUnit = await unitAssetKeeper(unit);
    const good = { 资产名称: '台式计算机', 资产分类代码: 'A02010104', 规格型号: '联想 M437', '原值（元）': '5200.00', 取得日期: '2023-06-15', 使用单位: unit.name, 使用人账号: unit.staff.username, 存放地点: '值班室', '累计折旧（元）': '2455.56', '折旧至（年月）': '2026-11' };
    const refused = await keeperOfUnit.upload('/api/assets/import', { name: 'opening.xlsx', bytes: await sheet([good, { ...good, 资产分类代码: 'Z99', '原值（元）': '12.345' }, { ...good, 使用单位: '大陈派出所' }]) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('ASSET_SHEET_REFUSED');
    expect(refused.body.fields.map((f: any) => f.field)).toEqual(['第3行 资产分类代码', '第3行 原值（元）', '第4行 使用单位', '第4行 使用人账号']);
    expect((await keeperOfUnit.get(`/api/assets?unit=${unit.code}`)).body.total).toBe(0);

    const imported = await keeperOfUnit.upload('/api/assets/import', { name: 'opening.xlsx', bytes: await sheet([good, { ...good, 资产名称: '会议桌', 资产分类代码: 'A0602', 使用人账号: '', '累计折旧（元）': '', '折旧至（年月）': '' }]) });
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(2);
    const cards = (await keeperOfUnit.get(`/api/assets?unit=${unit.code}`)).body.items;
    expect(cards.map((c: any) => [c.name, c.source, c.status, c.usefulLifeMonths, c.netValue]).sort()).toEqual([
      ['会议桌', 'opening', 'IN_STOCK', 180, '5200.00'],
      ['台式计算机', 'opening', 'IN_USE', 72, '2744.44'],
    ]);
    // Staff cannot import; the template downloads for anyone signed in.
    expect((await unit.staff.upload('/api/assets/import', { name: 'opening.xlsx', bytes: await sheet([good]) })).status).toBe(403);
    expect((await unit.staff.download('/api/assets/import-template')).status).toBe(200);
  });

  it('AST-UNCARDED: the daily run finds an item accepted 31 days before the day, not one accepted 29 days before, and tells the keepers once', async () => {
    const early = await acceptedContract({ acceptedOn: `${FISCAL_YEAR}-11-30` });
    const later = await acceptedContract({ acceptedOn: `${FISCAL_YEAR}-12-02` });
    const day = addDays(`${FISCAL_YEAR}-11-30`, 31);
    expect(addDays(`${FISCAL_YEAR}-12-02`, 29)).toBe(day);
    const runs = context.get(AssetUncardedService);
    const first = await runs.runDaily(day);
    const ofEarly = first.lines.filter((l) => l.acceptanceId === early.acceptance.id);
    expect(ofEarly).toEqual([expect.objectContaining({ name: '执法记录仪', uncarded: 2, finding: expect.objectContaining({ ruleId: 'AST-UNCARDED', severity: 'warn' }) })]);
    expect(ofEarly[0].finding.message.zh).toContain('已过 31 天，仍有 2 件未建资产卡片');
    expect(first.lines.filter((l) => l.acceptanceId === later.acceptance.id)).toEqual([]);
    const notified = (await keeper.get('/api/notifications')).body;
    expect(JSON.stringify(notified)).toContain(early.contract.number);
    // Run again the same day or the next: the line is kept once, nobody is told twice.
    const again = await runs.runDaily(day);
    expect(again.lines.some((l) => l.acceptanceId === early.acceptance.id)).toBe(true);
    const [{ count }] = await context.get(DataSource).query(`SELECT count(*)::int AS count FROM asset_uncarded_alert WHERE acceptance_id = $1`, [early.acceptance.id]);
    expect(count).toBe(1);
    // Once carded, the line is late no more.
    await cardedAssets(early);
    expect((await runs.runDaily(addDays(day, 1))).lines.some((l) => l.acceptanceId === early.acceptance.id)).toBe(false);
  });

  it('shows each group what money-chain.md says: holders theirs, unit heads and unit keepers their unit, readers and the bureau keeper all', async () => {
    const accepted = await acceptedContract();
    const [card] = await cardedAssets(accepted);
    const otherUnit = await freshUnit({ budget: false });
    const unitKeeper = await unitAssetKeeper(accepted.unit);
    const otherKeeper = await unitAssetKeeper(otherUnit);
    const path = `/api/assets/${card.id}`;
    const readers = await Promise.all(['wangwu', 'fengjun', 'zhaoliu', 'chief'].map((u) => login(u)));
    for (const reader of [keeper, unitKeeper, accepted.unit.head, ...readers]) expect({ who: reader.username, status: (await reader.get(path)).status }).toEqual({ who: reader.username, status: 200 });
    for (const outsider of [accepted.unit.staff, otherUnit.head, otherUnit.staff, otherKeeper, await login('admin'), await login('qianfang')]) expect({ who: outsider.username, status: (await outsider.get(path)).status }).toEqual({ who: outsider.username, status: 403 });
    // The register lists the same: the other unit's head finds none of this unit's cards.
    expect((await otherUnit.head.get(`/api/assets?unit=${accepted.unit.code}`)).body.total).toBe(0);
    expect((await readers[0].get(`/api/assets?unit=${accepted.unit.code}`)).body.total).toBe(2);
    // Reading is not keeping: readers, heads and other units' keepers may not issue; the unit's own keeper may.
    const holderId = await idOf(accepted.unit.staff);
    for (const notKeeper of [readers[0], readers[3], accepted.unit.head, otherKeeper]) expect((await notKeeper.post(`${path}/issue`, { holderId })).status).toBe(403);
    expect((await unitKeeper.post(`${path}/issue`, { holderId })).status).toBe(200);
    // 待建卡 is the keepers' list: the other unit's keeper sees none of this unit's lines.
    const fresh = await acceptedContract();
    expect((await otherKeeper.get('/api/assets/pending')).body.filter((l: any) => l.acceptanceId === fresh.acceptance.id)).toEqual([]);
    expect((await keeper.get('/api/assets/pending')).body.filter((l: any) => l.acceptanceId === fresh.acceptance.id)).toHaveLength(1);
    // The people a keeper issues to: only of units they keep.
    expect((await unitKeeper.get(`/api/assets/people?unit=${accepted.unit.code}`)).body.map((p: any) => p.username)).toContain(accepted.unit.staff.username);
    expect((await unitKeeper.get(`/api/assets/people?unit=${otherUnit.code}`)).status).toBe(403);
  });
});
