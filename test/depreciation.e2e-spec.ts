import ExcelJS from 'exceljs';
import type { Client } from 'pg';
import { insertCard, unusedMonths } from './factories/asset-card.factory';
import { ApiClient, eventually, login } from './support/api';
import { openDatabase } from './support/database';
import { FreshUnit, freshUnit } from './support/people';

/**
 * Depreciation on the real database and accounting consumer: a card accepted mid-month starts the
 * next month and stops at the end of its life; a month run twice, or twice at once, books one event;
 * the voucher raised from it balances with Dr 5001 / Cr 1602 per unit and class; the reports agree
 * with the cards.
 */
describe('depreciation', () => {
  let db: Client;
  let accountant: ApiClient;
  let finance: ApiClient;
  let unit: FreshUnit;
  let months: string[];
  let computer: { id: string; number: string };
  let car: { id: string; number: string };

  beforeAll(async () => {
    db = await openDatabase();
    [accountant, finance] = await Promise.all([login('fengjun'), login('wangwu')]);
    unit = await freshUnit({ budget: false });
    months = await unusedMonths(db, 5);
    // Accepted mid-month in months[0]: first depreciated in months[1], life over after months[3].
    computer = await insertCard(db, { unitCode: unit.code, acceptedOn: `${months[0]}-15`, classCode: 'A02010104', originalValueFen: 100_000, usefulLifeMonths: 3 });
    car = await insertCard(db, { unitCode: unit.code, acceptedOn: `${months[0]}-28`, classCode: 'A020305', name: '警用乘用车（测试）', originalValueFen: 240_001, usefulLifeMonths: 3 });
  });
  afterAll(async () => db?.end());

  const rowsOf = async (cardId: string) =>
    (await db.query(`SELECT period, amount_fen::int AS amount, accumulated_fen::int AS accumulated FROM asset_depreciation WHERE card_id = $1 ORDER BY period`, [cardId])).rows;
  const cardOf = async (cardId: string) =>
    (await db.query(`SELECT depreciated_fen::int AS depreciated, depreciated_through AS through FROM asset_card WHERE id = $1`, [cardId])).rows[0];

  it('starts a card accepted mid-month the next month and stops it at the end of its life, the last month taking the remainder', async () => {
    const first = await accountant.post('/api/depreciation/runs', { period: months[0] });
    expect(first.status).toBe(200);
    expect(first.body.created).toBe(true);
    expect(await rowsOf(computer.id)).toEqual([]);
    expect(await cardOf(computer.id)).toEqual({ depreciated: 0, through: null });

    for (const period of months.slice(1)) expect((await accountant.post('/api/depreciation/runs', { period })).body.created).toBe(true);
    expect(await rowsOf(computer.id)).toEqual([
      { period: months[1], amount: 33_333, accumulated: 33_333 },
      { period: months[2], amount: 33_333, accumulated: 66_666 },
      { period: months[3], amount: 33_334, accumulated: 100_000 },
    ]);
    expect(await cardOf(computer.id)).toEqual({ depreciated: 100_000, through: months[3] });
    expect((await rowsOf(car.id)).map((r) => r.amount)).toEqual([80_000, 80_000, 80_001]);
  });

  it('leaves cards without a useful life and disposed cards alone', async () => {
    const [land, gone] = await Promise.all([
      insertCard(db, { unitCode: unit.code, acceptedOn: '2010-01-10', classCode: 'A01', name: '土地（测试）', usefulLifeMonths: null }),
      insertCard(db, { unitCode: unit.code, acceptedOn: '2010-01-10', status: 'DISPOSED' }),
    ]);
    const [period] = await unusedMonths(db, 1);
    expect((await finance.post('/api/depreciation/runs', { period })).status).toBe(200);
    expect(await rowsOf(land.id)).toEqual([]);
    expect(await rowsOf(gone.id)).toEqual([]);
  });

  it('books a month once however often it is run, two runs at once included', async () => {
    const [accepted, period] = await unusedMonths(db, 2);
    const card = await insertCard(db, { unitCode: unit.code, acceptedOn: `${accepted}-02`, originalValueFen: 360_000, usefulLifeMonths: 12 });
    const [a, b] = await Promise.all([accountant.post('/api/depreciation/runs', { period }), finance.post('/api/depreciation/runs', { period })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
    expect(a.body.run.id).toBe(b.body.run.id);
    const again = await accountant.post('/api/depreciation/runs', { period });
    expect(again.body).toMatchObject({ created: false, run: { id: a.body.run.id } });
    const events = await db.query(`SELECT id FROM business_event WHERE kind = 'depreciation' AND source_kind = 'depreciation-run' AND source_id = $1`, [period]);
    expect(events.rows).toHaveLength(1);
    expect(await rowsOf(card.id)).toEqual([{ period, amount: 30_000, accumulated: 30_000 }]);
    expect(await cardOf(card.id)).toEqual({ depreciated: 30_000, through: period });
  });

  it('refuses a month still to come and a malformed one, naming the field', async () => {
    const future = await accountant.post('/api/depreciation/runs', { period: '2999-01' });
    expect(future.status).toBe(400);
    expect(future.body.fields).toEqual([expect.objectContaining({ field: 'period' })]);
    expect((await accountant.post('/api/depreciation/runs', { period: '2026-13' })).status).toBe(400);
    expect((await unit.staff.post('/api/depreciation/runs', { period: months[0] })).status).toBe(403);
  });

  it('raises a voucher that balances with Dr 5001 / Cr 1602 for each unit and class', async () => {
    const list = await eventually(() => accountant.get(`/api/accounting/vouchers?sourceKind=depreciation-run&sourceId=${months[1]}`), (r) => r.status === 200 && r.body.total > 0);
    const voucher = (await accountant.get(`/api/accounting/vouchers/${list.body.items[0].id}`)).body;
    expect(voucher).toMatchObject({ period: months[1], eventKind: 'depreciation', state: 'draft' });
    expect(voucher.totals.financial.debitFen).toBe(voucher.totals.financial.creditFen);
    expect(voucher.totals.budget).toEqual({ debitFen: 0, creditFen: 0 });
    const ours = voucher.entries.filter((e: any) => e.unit === unit.code).map((e: any) => [e.subjectCode, e.debitFen, e.creditFen, e.summary.includes('台式计算机') ? 'computer' : e.summary.includes('乘用车') ? 'car' : '?']);
    expect(ours.sort()).toEqual([
      ['1602', 0, 33_333, 'computer'],
      ['1602', 0, 80_000, 'car'],
      ['5001', 33_333, 0, 'computer'],
      ['5001', 80_000, 0, 'car'],
    ].sort());
    const run = (await accountant.get(`/api/depreciation/runs/${months[1]}`)).body;
    expect(run.lines.filter((l: any) => l.unitCode === unit.code).map((l: any) => [l.classCode, l.cards, l.amountFen])).toEqual([['A02010104', 1, 33_333], ['A020305', 1, 80_000]]);
    expect(run.run.totalFen).toBe(voucher.totals.financial.debitFen);
  });

  it('reports what the cards say: register, additions, schedules and the books', async () => {
    const cards = (await db.query(`SELECT count(*)::int AS n, sum(original_value_fen)::bigint AS original, sum(depreciated_fen)::bigint AS depreciated FROM asset_card c JOIN org_unit u ON u.id = c.unit_id WHERE u.code = $1 AND status <> 'DISPOSED'`, [unit.code])).rows[0];
    const register = await unit.head.get('/api/asset-reports/register?by=unit');
    expect(register.status).toBe(200);
    expect(register.body.rows).toEqual([{ key: unit.code, name: unit.name, cards: cards.n, originalFen: Number(cards.original), depreciatedFen: Number(cards.depreciated), netFen: Number(cards.original) - Number(cards.depreciated) }]);
    const byClass = await accountant.get('/api/asset-reports/register?by=class');
    expect(byClass.body.rows.find((r: any) => r.key === 'A020305')).toMatchObject({ name: '乘用车' });

    const movements = await unit.head.get(`/api/asset-reports/movements?from=${months[0]}&to=${months[0]}`);
    expect(movements.body.additions.map((r: any) => r.number).sort()).toEqual([computer.number, car.number].sort());

    const schedule = await unit.head.get(`/api/asset-reports/schedule?card=${computer.id}`);
    expect(schedule.body.lines.map((l: any) => [l.period, l.amountFen, l.booked])).toEqual([[months[1], 33_333, true], [months[2], 33_333, true], [months[3], 33_334, true]]);
    const year = Number(months[1].slice(0, 4));
    const classYear = await accountant.get(`/api/asset-reports/schedule?year=${year}`);
    // Months through the last run are what the runs booked; later ones are projections.
    const through: string = classYear.body.bookedThrough;
    const booked = (await db.query(`SELECT coalesce(sum(amount_fen), 0)::bigint AS total FROM asset_depreciation WHERE period LIKE $1 AND period <= $2`, [`${year}-%`, through])).rows[0];
    const bookedMonths = classYear.body.monthTotals.filter((_: number, i: number) => `${year}-${String(i + 1).padStart(2, '0')}` <= through);
    expect(bookedMonths.reduce((s: number, v: number) => s + v, 0)).toBe(Number(booked.total));

    const reconciled = await eventually(() => accountant.get('/api/asset-reports/reconciliation'), (r) => r.body.rows?.find((row: any) => row.unitCode === unit.code)?.depreciatedDifferenceFen === 0);
    // Opening cards were never bought through the books here: their cost shows as the difference.
    expect(reconciled.body.rows.find((row: any) => row.unitCode === unit.code)).toMatchObject({ cardsOriginalFen: Number(cards.original), booksOriginalFen: 0, originalDifferenceFen: Number(cards.original), cardsDepreciatedFen: Number(cards.depreciated) });
    expect(reconciled.body.agrees).toBe(false);

    for (const path of ['/api/asset-reports/register/export?by=keeper', `/api/asset-reports/movements/export?from=${months[0]}`, `/api/asset-reports/schedule/export?year=${year}`, `/api/asset-reports/schedule/export?card=${computer.id}`]) {
      expect((await accountant.download(path)).status).toBe(200);
    }
    const sheet = await accountant.download('/api/asset-reports/reconciliation/export');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.bytes as unknown as ArrayBuffer);
    const row = book.worksheets[0].getRows(2, book.worksheets[0].rowCount - 1)!.find((r) => r.getCell(1).value === unit.name)!;
    expect([row.getCell(2).value, row.getCell(5).value]).toEqual([Number(cards.original) / 100, Number(cards.original) / 100]);
    expect(row.getCell(5).font?.color?.argb).toBe('FFD03050');
  });

  it('shows a unit head their unit only, and keeps the books and the reports from staff', async () => {
    expect((await unit.head.get('/api/asset-reports/reconciliation')).status).toBe(403);
    expect((await unit.staff.get('/api/asset-reports/register')).status).toBe(403);
    const other = await freshUnit({ budget: false });
    expect((await other.head.get(`/api/asset-reports/schedule?card=${computer.id}`)).status).toBe(403);
    expect((await other.head.get('/api/asset-reports/register')).body.rows).toEqual([]);
  });
});
