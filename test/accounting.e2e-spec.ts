import type { Client } from 'pg';
import { publishEvent, unusedPeriod } from './factories/business-event.factory';
import { buildExpenseClaim } from './factories/claim.factory';
import { ApiClient, eventually, login, screened } from './support/api';
import { openDatabase } from './support/database';
import { freshUnit } from './support/people';

/**
 * 自动制单 on the real database: business events (written as a paying feature publishes them) raise
 * balanced two-book voucher drafts without a keystroke; review, posting, reversal and period close go
 * through the API, and what must never happen is refused by the database itself (tested with SQL).
 */
describe('accounting', () => {
  let db: Client;
  let accountant: ApiClient;
  let finance: ApiClient;
  let cashier: ApiClient;
  let staff: ApiClient;

  beforeAll(async () => {
    db = await openDatabase();
    [accountant, finance, cashier, staff] = await Promise.all(['fengjun', 'wangwu', 'qianfang', 'zhangsan'].map((u) => login(u)));
  });
  afterAll(async () => db?.end());

  async function voucherOf(sourceKind: string, sourceId: string): Promise<any> {
    const list = await eventually(
      () => accountant.get(`/api/accounting/vouchers?sourceKind=${sourceKind}&sourceId=${sourceId}`),
      (r) => r.status === 200 && r.body.total > 0,
    );
    return (await accountant.get(`/api/accounting/vouchers/${list.body.items[0].id}`)).body;
  }

  async function postedVoucher(period: string, amountFen = 123456): Promise<any> {
    const event = await publishEvent(db, { occurredOn: `${period}-15`, lines: [{ amountFen }] });
    const voucher = await voucherOf(event.sourceKind, event.sourceId);
    expect((await accountant.post(`/api/accounting/vouchers/${voucher.id}/review`)).status).toBe(200);
    expect((await finance.post(`/api/accounting/vouchers/${voucher.id}/post`)).status).toBe(200);
    return voucher;
  }

  const sqlError = async (sql: string, params: unknown[] = []) => db.query(sql, params).then(() => null, (error: Error) => error.message);

  it('raises a balanced two-book voucher draft for a paid claim, linked to its event and source', async () => {
    const period = await unusedPeriod(db);
    const event = await publishEvent(db, { occurredOn: `${period}-10`, lines: [{ amountFen: 98_765, economicCode: '30211', person: 'zhangsan', unit: 'chengxi' }] });
    const voucher = await voucherOf(event.sourceKind, event.sourceId);
    expect(voucher).toMatchObject({ period, number: 1, label: '记-0001', state: 'draft', madeBy: 'system', eventId: event.id, eventKind: 'claim-paid', source: { kind: 'expense-claim', id: event.sourceId } });
    const lines = voucher.entries.map((e: any) => [e.book, e.subjectCode, e.debitFen, e.creditFen, e.economicCode]);
    expect(lines).toEqual([
      ['financial', '5001', 98_765, 0, '30211'],
      ['financial', '1011', 0, 98_765, null],
      ['budget', '7101', 98_765, 0, '30211'],
      ['budget', '8001', 0, 98_765, null],
    ]);
    expect(voucher.entries[0]).toMatchObject({ unit: 'chengxi', person: 'zhangsan', functionalCode: '2040201', subjectName: '业务活动费用' });
    expect(voucher.totals).toEqual({ financial: { debitFen: 98_765, creditFen: 98_765 }, budget: { debitFen: 98_765, creditFen: 98_765 } });
  });

  it('books treasury direct payment against 4001 / 6001 and keeps a special fund\'s project', async () => {
    const period = await unusedPeriod(db);
    const event = await publishEvent(db, { occurredOn: `${period}-03`, method: 'direct', lines: [{ amountFen: 5_000, fund: 'special', project: '执法办案专项' }] });
    const voucher = await voucherOf(event.sourceKind, event.sourceId);
    expect(voucher.entries.map((e: any) => `${e.book}:${e.subjectCode}`)).toEqual(['financial:5001', 'financial:4001', 'budget:7101', 'budget:6001']);
    expect(voucher.entries[2].project).toBe('执法办案专项');
  });

  it('raises nothing twice when the log is read again from the start', async () => {
    const period = await unusedPeriod(db);
    const event = await publishEvent(db, { occurredOn: `${period}-11` });
    await voucherOf(event.sourceKind, event.sourceId);
    await db.query(`UPDATE accounting_cursor SET last_event_id = 0`);
    // A later event is raised, so the consumer has re-read the whole log by then.
    const later = await publishEvent(db, { occurredOn: `${period}-12` });
    await voucherOf(later.sourceKind, later.sourceId);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM voucher WHERE source_id = $1`, [event.sourceId]);
    expect(rows[0].n).toBe(1);
  });

  it('lists an event no rule books as 未制单 with the reason', async () => {
    const period = await unusedPeriod(db);
    const event = await publishEvent(db, { kind: 'asset-disposed', sourceKind: 'asset', occurredOn: `${period}-05`, lines: [{ amountFen: 700, economicCode: '31002' }] });
    const unbooked = await eventually(() => accountant.get('/api/accounting/unbooked'), (r) => r.status === 200 && r.body.some((u: any) => u.eventId === event.id));
    expect(unbooked.body.find((u: any) => u.eventId === event.id)).toMatchObject({ kind: 'asset-disposed', amountFen: 700, reason: expect.stringContaining('没有记账规则匹配') });
    expect((await db.query(`SELECT count(*)::int AS n FROM voucher WHERE event_id = $1`, [event.id])).rows[0].n).toBe(0);
  });

  it('is reviewed by someone other than its maker and posted by someone other than its reviewer; the trial balance balances', async () => {
    const period = await unusedPeriod(db);
    const event = await publishEvent(db, { occurredOn: `${period}-20`, lines: [{ amountFen: 40_000 }, { amountFen: 2_500, economicCode: '30201' }] });
    const voucher = await voucherOf(event.sourceKind, event.sourceId);
    expect((await accountant.post(`/api/accounting/vouchers/${voucher.id}/post`)).status).toBe(409);
    expect((await accountant.post(`/api/accounting/vouchers/${voucher.id}/review`)).body).toMatchObject({ state: 'reviewed', reviewedBy: 'fengjun' });
    const samePerson = await accountant.post(`/api/accounting/vouchers/${voucher.id}/post`);
    expect(samePerson.status).toBe(409);
    expect(samePerson.body.messageEn).toMatch(/reviewer/);
    expect((await finance.post(`/api/accounting/vouchers/${voucher.id}/post`)).body).toMatchObject({ state: 'posted', postedBy: 'wangwu' });

    const tb = (await accountant.get(`/api/accounting/books/trial-balance?period=${period}`)).body;
    expect(tb.balanced).toBe(true);
    const row = (book: string, code: string) => tb.rows.find((r: any) => r.book === book && r.subjectCode === code);
    expect(row('financial', '5001')).toMatchObject({ debitFen: 42_500, creditFen: 0 });
    expect(row('financial', '1011')).toMatchObject({ creditFen: 42_500 });
    expect(row('budget', '7101')).toMatchObject({ debitFen: 42_500 });
    expect(row('budget', '8001')).toMatchObject({ creditFen: 42_500 });
    for (const total of tb.totals) expect(total.debitFen).toBe(total.creditFen);

    const ledger = (await accountant.get(`/api/accounting/books/ledger?subject=5001&from=${period}&economicCode=30201`)).body;
    expect(ledger.lines).toHaveLength(1);
    // The running balance starts from what earlier periods left (another run's vouchers in the same database).
    expect(ledger.lines[0]).toMatchObject({ voucherId: voucher.id, debitFen: 2_500, balanceFen: ledger.openingFen + 2_500, source: { link: `/subjects/expense-claim/${event.sourceId}` } });
  });

  it('refuses posting an unbalanced voucher in the database, whatever writes it', async () => {
    const period = await unusedPeriod(db);
    const { rows } = await db.query(`INSERT INTO voucher (period, number, voucher_date, summary, state, made_by) VALUES ($1, 0, $2, 'hand-made', 'draft', 'someone') RETURNING id, number`, [period, `${period}-01`]);
    const id = rows[0].id;
    await db.query(`INSERT INTO voucher_entry (voucher_id, line_no, book, subject_code, debit_fen) VALUES ($1, 1, 'financial', '5001', 100), ($1, 3, 'budget', '7101', 100)`, [id]);
    await db.query(`INSERT INTO voucher_entry (voucher_id, line_no, book, subject_code, credit_fen) VALUES ($1, 2, 'financial', '1011', 100), ($1, 4, 'budget', '8001', 99)`, [id]);
    await db.query(`UPDATE voucher SET state = 'reviewed', reviewed_by = 'fengjun' WHERE id = $1`, [id]);
    expect(await sqlError(`UPDATE voucher SET state = 'posted', posted_by = 'wangwu' WHERE id = $1`, [id])).toMatch(/does not balance in the budget book/);
    expect(await sqlError(`INSERT INTO voucher (period, number, voucher_date, summary, state, made_by) VALUES ($1, 0, $2, 'x', 'posted', 'someone')`, [period, `${period}-02`])).toMatch(/starts as a draft/);
    expect(await sqlError(`UPDATE voucher SET reviewed_by = made_by WHERE id = $1`, [id])).toMatch(/check constraint/);
    // Through the API the same refusal is a 409 naming the book, never a 500.
    const answer = await finance.post(`/api/accounting/vouchers/${id}/post`);
    expect(answer.status).toBe(409);
    expect(answer.body.messageEn).toMatch(/budget book/);
  });

  it('never changes a posted voucher or its entries', async () => {
    const period = await unusedPeriod(db);
    const voucher = await postedVoucher(period);
    expect(await sqlError(`UPDATE voucher_entry SET debit_fen = debit_fen + 1 WHERE voucher_id = $1 AND line_no = 1`, [voucher.id])).toMatch(/never change/);
    expect(await sqlError(`UPDATE voucher SET summary = 'changed' WHERE id = $1`, [voucher.id])).toMatch(/posted: it never changes/);
    expect(await sqlError(`DELETE FROM voucher_entry WHERE voucher_id = $1`, [voucher.id])).toMatch(/never change/);
    expect(await sqlError(`DELETE FROM voucher WHERE id = $1`, [voucher.id])).toMatch(/never deleted/);
    expect(await sqlError(`INSERT INTO voucher_entry (voucher_id, line_no, book, subject_code, debit_fen) VALUES ($1, 99, 'financial', '5001', 1)`, [voucher.id])).toMatch(/never change/);
  });

  it('closes a period only with every voucher posted, refuses any write into it in the database, and reopens only by a second person', async () => {
    const period = await unusedPeriod(db);
    const event = await publishEvent(db, { occurredOn: `${period}-08` });
    const draft = await voucherOf(event.sourceKind, event.sourceId);
    const blocked = await accountant.post(`/api/accounting/periods/${period}/close`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.checks.find((c: any) => c.id === 'unposted')).toMatchObject({ severity: 'block' });
    await accountant.post(`/api/accounting/vouchers/${draft.id}/review`);
    await finance.post(`/api/accounting/vouchers/${draft.id}/post`);
    const closed = await accountant.post(`/api/accounting/periods/${period}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closable: true });

    expect(await sqlError(`INSERT INTO voucher (period, number, voucher_date, summary, state, made_by) VALUES ($1, 0, $2, 'late', 'draft', 'someone')`, [period, `${period}-28`])).toMatch(/is closed/);
    expect(await sqlError(`UPDATE accounting_period SET status = 'closed' WHERE period = $1`, [period])).toBeNull();
    // An event of the closed period is kept as 未制单 with the reason, not lost.
    const late = await publishEvent(db, { occurredOn: `${period}-27` });
    const unbooked = await eventually(() => accountant.get('/api/accounting/unbooked'), (r) => r.body.some((u: any) => u.eventId === late.id));
    expect(unbooked.body.find((u: any) => u.eventId === late.id).reason).toMatch(/已结账/);

    const own = await accountant.post(`/api/accounting/periods/${period}/reopen`, { reason: '补记' });
    expect(own.status).toBe(403);
    const reason = `补记漏记凭证 ${period}`;
    const reopened = await finance.post(`/api/accounting/periods/${period}/reopen`, { reason });
    expect(reopened.status).toBe(200);
    expect((await db.query(`SELECT reopened_by, reopen_reason FROM accounting_period WHERE period = $1`, [period])).rows[0]).toEqual({ reopened_by: 'wangwu', reopen_reason: reason });
    const audit = await db.query(`SELECT actor, after->>'reopened_by' AS reopened_by FROM audit_event WHERE entity = 'accounting_period' AND after->>'reopen_reason' = $1`, [reason]);
    expect(audit.rows).toEqual([expect.objectContaining({ reopened_by: 'wangwu' })]);
    expect((await accountant.post('/api/accounting/unbooked/retry')).status).toBe(200);
    await voucherOf(late.sourceKind, late.sourceId);
  });

  it('reverses a posted voucher with a red voucher of the same entries in negative amounts, linked to it', async () => {
    const period = await unusedPeriod(db);
    const original = await postedVoucher(period, 7_700);
    const reversal = await accountant.post(`/api/accounting/vouchers/${original.id}/reverse`, { reason: '重复报销' });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ state: 'draft', madeBy: 'fengjun', reverses: { id: original.id }, source: original.source });
    const red = (await accountant.get(`/api/accounting/vouchers/${reversal.body.id}`)).body;
    expect(red.entries.map((e: any) => [e.subjectCode, e.debitFen, e.creditFen])).toEqual(original.entries.map((e: any) => [e.subjectCode, e.debitFen ? -e.debitFen : 0, e.creditFen ? -e.creditFen : 0]));
    expect((await accountant.post(`/api/accounting/vouchers/${original.id}/reverse`, { reason: 'again' })).status).toBe(409);
    expect((await accountant.post(`/api/accounting/vouchers/${red.id}/review`)).status).toBe(409);
    expect((await finance.post(`/api/accounting/vouchers/${red.id}/review`)).status).toBe(200);
    expect((await accountant.post(`/api/accounting/vouchers/${red.id}/post`)).body.state).toBe('posted');
    expect((await accountant.get(`/api/accounting/vouchers/${original.id}`)).body.reversedBy).toMatchObject({ id: red.id, state: 'posted' });
  });

  it('numbers vouchers per period without gaps under concurrent raises, some rolled back', async () => {
    const period = await unusedPeriod(db);
    const clients = await Promise.all(Array.from({ length: 8 }, () => openDatabase()));
    try {
      await Promise.all(
        clients.map(async (client, c) => {
          for (let i = 0; i < 5; i++) {
            await client.query('BEGIN');
            await client.query(`INSERT INTO voucher (period, number, voucher_date, summary, state, made_by) VALUES ($1, 0, $2, 'concurrent', 'draft', 'system')`, [period, `${period}-01`]);
            await client.query((c + i) % 3 === 0 ? 'ROLLBACK' : 'COMMIT');
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    const { rows } = await db.query(`SELECT number FROM voucher WHERE period = $1 ORDER BY number`, [period]);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
  });

  it('refuses a posting-rule version that books an event unbalanced, naming the event and the book', async () => {
    // The shipped version in force, not one an earlier run of this test stored.
    const shipped = (await accountant.get('/api/accounting/posting-rules')).body.filter((v: any) => v.createdBy === 'rules/accounting/posting-rules.json').at(-1);
    const period = await unusedPeriod(db);
    // A disposal line of no part the shipped rules know is left unbooked.
    const disposal = await publishEvent(db, { kind: 'asset-disposed', sourceKind: 'asset', occurredOn: `${period}-09`, lines: [{ amountFen: 300, economicCode: '31002' }] });
    await eventually(() => accountant.get('/api/accounting/unbooked'), (r) => r.body.some((u: any) => u.eventId === disposal.id));
    const oneSided = { id: 'asset-disposed-loss', label: '资产处置', event: 'asset-disposed', entries: [{ book: 'financial', side: 'debit', subject: '5301', dimensions: ['unit'] }] };
    const refused = await accountant.post('/api/accounting/posting-rules', { effectiveFrom: '2099-01-01', rules: [...shipped.rules, oneSided] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'POSTING_RULES_INVALID', book: 'financial' });
    expect(refused.body.message).toMatch(/财务会计借贷不平/);
    expect(['string', 'object']).toContain(typeof refused.body.eventId);

    const noBudgetCredit = shipped.rules.map((r: any) => (r.id === 'claim-paid-zero-balance' ? { ...r, entries: r.entries.slice(0, 3) } : r));
    const sample = await accountant.post('/api/accounting/posting-rules', { effectiveFrom: '2099-01-01', rules: noBudgetCredit });
    expect(sample.status).toBe(400);
    expect(sample.body).toMatchObject({ book: 'budget' });

    const wrongBook = await accountant.post('/api/accounting/posting-rules', { effectiveFrom: '2099-01-01', rules: [{ ...oneSided, entries: [{ book: 'budget', side: 'debit', subject: '5301', dimensions: ['unit'] }] }] });
    expect(wrongBook.status).toBe(400);
    expect(wrongBook.body.fields[0]).toMatchObject({ field: 'rules[0].entries[0].book' });

    const balanced = { ...oneSided, entries: [...oneSided.entries, { book: 'financial', side: 'credit', subject: '1601', dimensions: ['unit'] }] };
    const dry = await accountant.post('/api/accounting/posting-rules/dry-run', { effectiveFrom: '2099-01-01', rules: [...shipped.rules, balanced], last: 20 });
    expect(dry.status).toBe(200);
    const item = dry.body.items.find((i: any) => i.eventId === disposal.id);
    expect(item).toMatchObject({ changed: true, current: { unbooked: expect.any(String) }, proposed: { balanced: true, rules: ['asset-disposed-loss'] } });
    const saved = await accountant.post('/api/accounting/posting-rules', { effectiveFrom: '2099-01-01', description: 'e2e: disposal', rules: [...shipped.rules, balanced] });
    expect(saved.status).toBe(201);
    expect(saved.body.version).toBeGreaterThan(1);
    expect(saved.body.createdBy).toBe('fengjun');
  });

  it('exports the books and the vouchers in both import layouts', async () => {
    const period = await unusedPeriod(db);
    await postedVoucher(period, 1_234);
    for (const path of [`/api/accounting/books/trial-balance/export?period=${period}`, `/api/accounting/vouchers/export?period=${period}&layout=generic`, `/api/accounting/vouchers/export?period=${period}&layout=u8`, `/api/accounting/books/ledger/export?subject=5001&from=${period}`, `/api/accounting/books/final-accounts/export?year=${period.slice(0, 4)}`]) {
      const file = await accountant.download(path);
      expect(file.status).toBe(200);
      expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
    }
    expect((await accountant.get(`/api/accounting/vouchers/export?period=${period}&layout=nope`)).status).toBe(400);
    const final = (await accountant.get(`/api/accounting/books/final-accounts?year=${period.slice(0, 4)}`)).body;
    expect(final.groups.find((g: any) => g.code === '302')).toMatchObject({ actualFen: expect.any(Number) });
    expect(final.statement.expenditure.totalFen).toBe(final.totals.actualFen);
  });

  it('links a claim to its voucher in 关联查询 for those who read the books, and not for its claimant', async () => {
    const unit = await freshUnit();
    const claim = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '300.00' }));
    expect(claim.status).toBe(201);
    await screened(unit.staff, claim.body.id);
    const period = await unusedPeriod(db);
    await publishEvent(db, { sourceKind: 'expense-claim', sourceId: claim.body.id, occurredOn: `${period}-21`, lines: [{ amountFen: 30_000, unit: unit.code, economicCode: '30201', person: unit.staff.username }] });
    const voucher = await voucherOf('expense-claim', claim.body.id);
    const related = await eventually(() => finance.get(`/api/subjects/expense-claim/${claim.body.id}/related`), (r) => r.status === 200 && r.body.links.some((l: any) => l.relation === 'voucher'));
    expect(related.body.links.find((l: any) => l.relation === 'voucher')).toMatchObject({ id: voucher.id, link: `/accounting/vouchers/${voucher.id}`, fields: { period, state: 'draft', amount: '300.00' } });
    const own = await unit.staff.get(`/api/subjects/expense-claim/${claim.body.id}/related`);
    expect(own.status).toBe(200);
    expect(own.body.links.some((l: any) => l.relation === 'voucher')).toBe(false);
  });

  it('keeps the books from the cashier and staff', async () => {
    for (const client of [cashier, staff]) {
      for (const path of ['/api/accounting/vouchers', '/api/accounting/books/trial-balance?period=2026-01', '/api/accounting/books/ledger?subject=5001&from=2026-01', '/api/accounting/books/final-accounts?year=2026', '/api/accounting/periods']) {
        expect((await client.get(path)).status).toBe(403);
      }
    }
  });
});
