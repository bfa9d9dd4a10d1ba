import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { acceptedContract, assetKeeperClient } from './factories/asset.factory';
import { serviceContext } from './support/app-context';
import { ApiClient, login } from './support/api';

describe('asset cards from acceptance', () => {
  let keeper: ApiClient;
  let context: INestApplicationContext;

  beforeAll(async () => {
    keeper = await assetKeeperClient();
    context = await serviceContext();
  });
  afterAll(async () => context?.close());

  it('lists the accepted asset items as 待建卡 and cards one per unit of quantity, numbered, with a carded entry each', async () => {
    const { unit, contract, acceptance } = await acceptedContract();
    const recorder = contract.items.find((i: any) => i.name === '执法记录仪');
    const pending = (await keeper.get('/api/assets/pending')).body.filter((l: any) => l.acceptanceId === acceptance.id);
    // Only the item at the threshold waits for cards; the ¥250 memory cards are not assets.
    expect(pending).toEqual([expect.objectContaining({ itemId: recorder.id, name: '执法记录仪', quantity: 2, carded: 0, uncarded: 2, proposedClass: 'A021002', unitPrice: '1500.00' })]);

    const carded = await keeper.post('/api/assets/from-acceptance', { acceptanceId: acceptance.id, itemId: recorder.id, classCode: 'A021002', location: '装备库 3 号柜', model: 'DSJ-V9' });
    expect(carded.status).toBe(201);
    expect(carded.body).toHaveLength(2);
    expect(carded.body.map((c: any) => c.number)).toEqual([expect.stringMatching(/^ZC\d{4}-\d{6}$/), expect.stringMatching(/^ZC\d{4}-\d{6}$/)]);
    expect(new Set(carded.body.map((c: any) => c.number)).size).toBe(2);
    expect(carded.body[0]).toMatchObject({
      name: '执法记录仪', model: 'DSJ-V9', classCode: 'A021002', className: '执法记录仪', originalValue: '1500.00', netValue: '1500.00', source: 'acceptance',
      contractId: contract.id, unit: { code: unit.code }, location: '装备库 3 号柜', usefulLifeMonths: 60, status: 'IN_STOCK',
    });
    const history = (await keeper.get(`/api/assets/${carded.body[0].id}/history`)).body;
    expect(history.map((e: any) => e.kind)).toEqual(['carded']);
    expect((await keeper.get('/api/assets/pending')).body.filter((l: any) => l.acceptanceId === acceptance.id)).toEqual([]);

    // The unit's head sees the unit's cards; staff of the unit hold none, so see none.
    expect((await unit.head.get(`/api/assets?unit=${unit.code}`)).body.total).toBe(2);
    expect((await unit.staff.get(`/api/assets/${carded.body[0].id}`)).status).toBe(403);
    expect((await unit.staff.get('/api/assets')).body.items).toEqual([]);
  });

  it('refuses carding more units than were accepted, also when two keepers card at once', async () => {
    const { acceptance, contract } = await acceptedContract();
    const recorder = contract.items.find((i: any) => i.name === '执法记录仪');
    const body = { acceptanceId: acceptance.id, itemId: recorder.id, classCode: 'A021002', count: 2 };
    const [first, second] = await Promise.all([keeper.post('/api/assets/from-acceptance', body), (await login('jiangtao')).post('/api/assets/from-acceptance', body)]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect([first, second].find((r) => r.status === 409)!.body).toMatchObject({ error: 'ASSET_ALREADY_CARDED', uncarded: 0 });
    const dataSource = context.get(DataSource);
    const [{ cards }] = await dataSource.query(`SELECT count(*)::int AS cards FROM asset_card WHERE acceptance_id = $1`, [acceptance.id]);
    expect(cards).toBe(2);
  });

  it('names the bad field of a carding request and writes nothing; only an asset-keeper cards', async () => {
    const { unit, acceptance, contract } = await acceptedContract();
    const recorder = contract.items.find((i: any) => i.name === '执法记录仪');
    const unknownClass = await keeper.post('/api/assets/from-acceptance', { acceptanceId: acceptance.id, itemId: recorder.id, classCode: 'A99999999' });
    expect(unknownClass.status).toBe(400);
    expect(unknownClass.body.fields).toEqual([expect.objectContaining({ field: 'classCode' })]);
    const byStaff = await unit.staff.post('/api/assets/from-acceptance', { acceptanceId: acceptance.id, itemId: recorder.id, classCode: 'A021002' });
    expect(byStaff.status).toBe(403);
    const dataSource = context.get(DataSource);
    expect((await dataSource.query(`SELECT 1 FROM asset_card WHERE acceptance_id = $1`, [acceptance.id])).length).toBe(0);
    // History is never rewritten.
    await expect(dataSource.query(`UPDATE asset_event SET kind = 'x' WHERE id = (SELECT min(id) FROM asset_event)`)).rejects.toThrow(/never changed/);
  });
});
