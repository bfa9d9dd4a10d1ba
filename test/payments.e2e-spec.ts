import { Client } from 'pg';
import { buildExpenseClaim } from './factories/claim.factory';
import { ApiClient, eventually, login } from './support/api';
import { openDatabase } from './support/database';
import { approveBatch, approvedClaim, cashierClient, csvResult, csvRows, giveAccount, xlsxResult } from './support/payments';
import { adminClient, financeClient, freshUnit, FreshUnit, taskFor } from './support/people';

/** 出纳支付 on the real engine and database: 待支付 → batch → approval → bank file → the bank's result. */
describe('payment batches', () => {
  let db: Client;
  let cashier: ApiClient;
  let unit: FreshUnit;
  let account: { accountNo: string; cardNo: string | null };

  beforeAll(async () => {
    db = await openDatabase();
    cashier = await cashierClient();
    unit = await freshUnit();
    account = await giveAccount(unit.staff.username);
  });
  afterAll(() => db.end());

  const claim = (amount: string, purpose: string, date = '2026-10-23') => buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount, purpose, date });

  async function batchOf(ids: string[]): Promise<any> {
    const built = await cashier.post('/api/payments/batches', { lines: ids.map((id) => ({ kind: 'claim', id })), title: '测试批次' });
    expect(built.status).toBe(201);
    return built.body;
  }

  it('pays one line and fails another from the bank result, once, however often the result is imported', async () => {
    const paidId = await approvedClaim(unit.staff, claim('1200.00', '购置打印纸'), [unit.head]);
    const failedId = await approvedClaim(unit.staff, claim('860.00', '购置墨盒'), [unit.head]);

    const due = await cashier.get('/api/payments/due');
    expect(due.status).toBe(200);
    const line = due.body.find((d: any) => d.id === paidId);
    expect(line).toMatchObject({ kind: 'claim', payee: expect.stringMatching(/^民警/), account: account.accountNo, amount: '1200.00', method: 'authorized', daysSinceApproval: 0, missingAccount: false });
    expect(line.budget).toContain('30201');
    // 办公费 above ¥1,000 with no card transaction: the cashier reads PAY-CARD-REQUIRED beside it.
    expect(line.notes.map((n: any) => [n.ruleId, n.severity])).toEqual([['PAY-CARD-REQUIRED', 'warn']]);
    expect(due.body.find((d: any) => d.id === failedId).notes).toEqual([]);

    const batch = await batchOf([paidId, failedId]);
    expect(batch).toMatchObject({ status: 'IN_APPROVAL', lineCount: 2, total: '2060.00', number: expect.stringMatching(/^PB-\d{4}-\d{4}$/) });
    // A line stands in one open batch only.
    const again = await cashier.post('/api/payments/batches', { lines: [{ kind: 'claim', id: paidId }] });
    expect(again.status).toBe(400);
    expect(again.body.fields[0].field).toBe('lines[0]');
    expect((await cashier.get('/api/payments/due')).body.some((d: any) => d.id === paidId)).toBe(false);
    // Nothing is exported before approval.
    expect((await cashier.download(`/api/payments/batches/${batch.id}/export?layout=csv-generic`)).status).toBe(409);

    await approveBatch(batch.id);
    const first = await cashier.download(`/api/payments/batches/${batch.id}/export?layout=csv-generic`);
    expect(first.status).toBe(200);
    const second = await cashier.download(`/api/payments/batches/${batch.id}/export?layout=csv-generic`);
    expect(csvRows(second.bytes)).toEqual(csvRows(first.bytes));
    const rows = csvRows(first.bytes);
    expect(rows.map((r) => [r['业务编号'], r['金额'], r['收款账号']])).toEqual([[`claim:${paidId}`, '1200.00', account.accountNo], [`claim:${failedId}`, '860.00', account.accountNo]]);

    const result = csvResult(first.bytes, (row) => (row['业务编号'] === `claim:${paidId}` ? ['成功', ''] : ['失败', '收款账户已冻结']));
    const imported = await cashier.upload(`/api/payments/batches/${batch.id}/result`, { name: 'result.csv', bytes: result, type: 'text/csv' });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ paid: 1, failed: 1, refused: [], status: 'COMPLETED' });

    // Paid: the claim, its ledger entry, its business event, the claimant told.
    expect((await unit.staff.get(`/api/claims/${paidId}`)).body.status).toBe('PAID');
    const pay = await db.query(`SELECT amount_fen FROM budget_entry WHERE claim_id = $1 AND kind = 'pay'`, [paidId]);
    expect(pay.rows.map((r) => Number(r.amount_fen))).toEqual([120000]);
    const [ledgerLine] = (await db.query(`SELECT l.paid_fen, l.committed_fen FROM budget_line l JOIN budget_entry e ON e.line_id = l.id WHERE e.claim_id = $1 AND e.kind = 'pay'`, [paidId])).rows;
    expect(Number(ledgerLine.paid_fen)).toBe(120000);
    const events = await db.query(`SELECT payload, occurred_on FROM business_event WHERE kind = 'claim-paid' AND source_id = $1`, [paidId]);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].payload).toMatchObject({ method: 'authorized', lines: [{ amountFen: 120000, unit: unit.code, economicCode: '30201', fund: 'basic', person: unit.staff.username }] });
    expect(events.rows[0].payload.summary).toMatch(/^民警\S+ 报销办公费 BX-/);
    const told = (await unit.staff.get('/api/notifications')).body.items.find((n: any) => n.kind === 'paid' && n.subjectId === paidId);
    expect(told.params).toMatchObject({ amount: '1200.00', paidOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    // …and it books itself: one draft voucher in both books, raised from the event without a keystroke.
    const accountant = await login('fengjun');
    const vouchers = await eventually(() => accountant.get(`/api/accounting/vouchers?sourceKind=expense-claim&sourceId=${paidId}`), (r) => r.status === 200 && r.body.total === 1, 30_000);
    const voucher = (await accountant.get(`/api/accounting/vouchers/${vouchers.body.items[0].id}`)).body;
    expect(voucher.state).toBe('draft');
    const sides = (book: string) => voucher.entries.filter((e: any) => e.book === book).map((e: any) => [e.subjectCode, e.debitFen, e.creditFen]);
    expect(sides('financial')).toEqual([['5001', 120000, 0], ['1011', 0, 120000]]);
    expect(sides('budget')).toEqual([['7101', 120000, 0], ['8001', 0, 120000]]);

    // Failed: due again with the bank's reason; the claim stays approved.
    expect((await unit.staff.get(`/api/claims/${failedId}`)).body.status).toBe('APPROVED');
    const dueAgain = (await cashier.get('/api/payments/due')).body.find((d: any) => d.id === failedId);
    expect(dueAgain.lastFailure).toMatchObject({ batch: batch.number, reason: '收款账户已冻结' });
    expect((await unit.staff.get(`/api/payments/claims/${failedId}`)).body[0]).toMatchObject({ batch: batch.number, status: 'FAILED', bankReason: '收款账户已冻结' });

    // The same result again changes nothing.
    const replay = await cashier.upload(`/api/payments/batches/${batch.id}/result`, { name: 'result.csv', bytes: result, type: 'text/csv' });
    expect(replay.body).toMatchObject({ paid: 0, failed: 0, refused: [] });
    expect(replay.body.unchanged.map((u: any) => u.row)).toEqual([2, 3]);
    expect((await db.query(`SELECT count(*)::int AS n FROM business_event WHERE kind = 'claim-paid' AND source_id = $1`, [paidId])).rows[0].n).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM budget_entry WHERE claim_id = $1 AND kind = 'pay'`, [paidId])).rows[0].n).toBe(1);

    // The failed claim can go into a new batch.
    const next = await batchOf([failedId]);
    expect(next.lines[0]).toMatchObject({ sourceId: failedId, status: 'PENDING' });

    const view = (await cashier.get(`/api/payments/batches/${batch.id}`)).body;
    expect(view.history.map((h: any) => h.action)).toEqual(['built', 'approved', 'exported', 'exported', 'result-imported', 'result-imported']);
    const attachments = (await cashier.get(`/api/subjects/payment-batch/${batch.id}/attachments`)).body;
    expect(attachments.map((a: any) => a.category).sort()).toEqual(['银行回单（支付结果）', '银行回单（支付结果）', '银行批量支付文件']);
  });

  it('refuses by row a changed amount, an unknown key and another batch’s line, and a malformed file whole', async () => {
    const first = await approvedClaim(unit.staff, claim('700.00', '购置文件夹'), [unit.head]);
    const second = await approvedClaim(unit.staff, claim('650.00', '购置订书机'), [unit.head]);
    const otherBatch = await batchOf([first]);
    const batch = await batchOf([second]);
    await approveBatch(otherBatch.id);
    await approveBatch(batch.id);
    const otherFile = await cashier.download(`/api/payments/batches/${otherBatch.id}/export?layout=xlsx-bank`);
    const exported = await cashier.download(`/api/payments/batches/${batch.id}/export?layout=xlsx-bank`);
    expect(exported.status).toBe(200);

    const tampered = await xlsxResult(exported.bytes, () => ['成功', ''], [
      { 序号: '9', 批次号: batch.number, 业务编号: 'claim:00000000-0000-4000-8000-000000000000', '金额（元）': '1.00', 收款人账号: account.accountNo },
      { 序号: '1', 批次号: otherBatch.number, 业务编号: `claim:${first}`, '金额（元）': '700.00', 收款人账号: account.accountNo },
    ]);
    // The batch's own row, its amount changed.
    const changed = await xlsxResult(exported.bytes, () => ['成功', '']);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(changed as unknown as ArrayBuffer);
    book.worksheets[0].getRow(2).getCell(7).value = '651.00';
    const changedBytes = Buffer.from(await book.xlsx.writeBuffer());

    const amountRefused = await cashier.upload(`/api/payments/batches/${batch.id}/result`, { name: 'result.xlsx', bytes: changedBytes });
    expect(amountRefused.status).toBe(200);
    expect(amountRefused.body).toMatchObject({ paid: 0, failed: 0, refused: [{ row: 2, key: `claim:${second}`, reason: expect.stringContaining('651.00') }] });

    const report = await cashier.upload(`/api/payments/batches/${batch.id}/result`, { name: 'result.xlsx', bytes: tampered });
    expect(report.status).toBe(200);
    // Row 2 is the batch's own line (paid); rows 3 and 4 are refused by number.
    expect(report.body.paid).toBe(1);
    expect(report.body.refused.map((r: any) => r.row)).toEqual([3, 4]);
    expect(report.body.refused[0].reason).toContain('不在本批次中');
    expect(report.body.refused[1].reason).toContain(otherBatch.number);
    expect((await unit.staff.get(`/api/claims/${first}`)).body.status).toBe('APPROVED');
    expect((await unit.staff.get(`/api/claims/${second}`)).body.status).toBe('PAID');

    // The other batch's file refuses every row for this batch.
    const foreign = await cashier.upload(`/api/payments/batches/${batch.id}/result`, { name: 'other.xlsx', bytes: await xlsxResult(otherFile.bytes, () => ['成功', '']) });
    expect(foreign.body.refused).toHaveLength(1);

    // Malformed files are refused whole, naming the problem.
    const before = (await cashier.get(`/api/payments/batches/${otherBatch.id}`)).body;
    const wrongHeaders = await cashier.upload(`/api/payments/batches/${otherBatch.id}/result`, { name: 'r.csv', bytes: Buffer.from('序号,金额\r\n1,700.00\r\n') });
    expect(wrongHeaders.status).toBe(400);
    expect(wrongHeaders.body).toMatchObject({ error: 'PAYMENT_FILE_REFUSED', problem: 'headers', fields: [{ field: 'file' }] });
    const notATable = await cashier.upload(`/api/payments/batches/${otherBatch.id}/result`, { name: 'r.pdf', bytes: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]) });
    expect(notATable.body).toMatchObject({ problem: 'type' });
    const gbk = await cashier.upload(`/api/payments/batches/${otherBatch.id}/result`, { name: 'r.csv', bytes: Buffer.from([0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0x31, 0x0d, 0x0a]) });
    expect(gbk.status).toBe(400);
    expect(gbk.body).toMatchObject({ problem: 'encoding' });
    const after = (await cashier.get(`/api/payments/batches/${otherBatch.id}`)).body;
    expect(after.lines).toEqual(before.lines);
    expect(after.history).toEqual(before.history);
  });

  it('keeps the people a batch pays, and its builder, from approving it', async () => {
    const finance = await freshUnit({ budget: false });
    const root = await adminClient();
    const approverName = `f${finance.code.slice(1)}`;
    const created = await root.post('/api/org/users', { username: approverName, displayName: `财务${finance.code}`, title: '财务科', tier: 'other', unit: unit.code, password: 'e2e-password-1', groups: [{ code: 'finance' }] });
    expect(created.status).toBe(201);
    await giveAccount(approverName);
    const approver = await login(approverName, 'e2e-password-1');
    const own = await approvedClaim(approver, buildExpenseClaim({ claimant: approverName, unit: unit.name, amount: '620.00', purpose: '购置台历' }), [unit.head]);
    const batch = await batchOf([own]);
    const task = await taskFor(await financeClient(), batch.id);
    const refused = await approver.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('TASK_OWN_SUBMISSION');
    // The cashier's withdrawal puts the line back into 待支付.
    expect((await cashier.post(`/api/payments/batches/${batch.id}/withdraw`)).body.status).toBe('WITHDRAWN');
    expect((await cashier.get('/api/payments/due')).body.some((d: any) => d.id === own)).toBe(true);
  });

  it('matches 公务卡 transactions to claim invoices and pays those claims back to the card', async () => {
    const holder = await freshUnit();
    const card = await giveAccount(holder.staff.username, { card: true });
    const byCard = await approvedClaim(holder.staff, buildExpenseClaim({ claimant: holder.staff.username, unit: holder.name, amount: '1500.00', purpose: '购置硒鼓', date: '2026-10-20' }), [holder.head]);
    const notByCard = await approvedClaim(holder.staff, buildExpenseClaim({ claimant: holder.staff.username, unit: holder.name, amount: '1300.00', purpose: '购置碎纸机', date: '2026-10-21' }), [holder.head]);
    const stray = `T${Date.now()}`;
    const statement = Buffer.from(
      '\uFEFF卡号,持卡人,交易日期,交易金额,商户名称,交易流水号\r\n' +
        `${card.cardNo},民警,20261022,1500.00,义乌市稠城办公用品有限公司,M${Date.now()}\r\n` +
        `${card.cardNo},民警,2026-10-05,88.00,义乌市某餐厅,${stray}\r\n`,
      'utf8',
    );
    const imported = await cashier.upload('/api/payments/card-statements', { name: 'statement.csv', bytes: statement });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ imported: 2, matched: 1 });

    const reconciliation = (await cashier.get('/api/payments/card-reconciliation')).body;
    expect(reconciliation.matched.find((t: any) => t.claim?.id === byCard)).toMatchObject({ amount: '1500.00', day: '2026-10-22' });
    expect(reconciliation.unmatchedTransactions.some((t: any) => t.reference === stray)).toBe(true);
    expect(reconciliation.unmatchedExpenses.some((e: any) => e.claimId === notByCard)).toBe(true);
    expect(reconciliation.unmatchedExpenses.some((e: any) => e.claimId === byCard)).toBe(false);

    const due = (await cashier.get('/api/payments/due')).body;
    expect(due.find((d: any) => d.id === byCard)).toMatchObject({ method: 'card', account: card.cardNo, notes: [] });
    expect(due.find((d: any) => d.id === notByCard)).toMatchObject({ method: 'authorized', notes: [expect.objectContaining({ ruleId: 'PAY-CARD-REQUIRED' })] });

    // A statement with a bad row is refused whole.
    const bad = await cashier.upload('/api/payments/card-statements', { name: 's.csv', bytes: Buffer.from(`卡号,持卡人,交易日期,交易金额,商户名称,交易流水号\r\n123,民警,2026-10-22,abc,商户,X${Date.now()}\r\n`) });
    expect(bad.status).toBe(400);
    expect(bad.body.rows.map((r: any) => r.row)).toEqual([2, 2]);
  });

  it('shows batches to the cashier, finance and the accountant, never to staff, and accounts whole only to finance', async () => {
    const staff = unit.staff;
    expect((await staff.get('/api/payments/batches')).status).toBe(403);
    expect((await staff.get('/api/payments/due')).status).toBe(403);
    expect((await staff.post('/api/payments/batches', { lines: [{ kind: 'claim', id: 'x' }] })).status).toBe(403);
    expect((await (await login('fengjun')).get('/api/payments/batches')).status).toBe(200);
    expect((await (await financeClient()).get('/api/payments/batches')).status).toBe(200);
    expect((await (await financeClient()).post('/api/payments/batches', { lines: [{ kind: 'claim', id: 'x' }] })).status).toBe(403);

    const admin = await adminClient();
    expect((await admin.get(`/api/org/users/${staff.username}/bank-account`)).body).toMatchObject({ accountNo: `**** ${account.accountNo.slice(-4)}`, masked: true });
    expect((await cashier.get(`/api/org/users/${staff.username}/bank-account`)).body).toMatchObject({ accountNo: account.accountNo, masked: false });
    expect((await cashier.put(`/api/org/users/${staff.username}/bank-account`, { accountNo: '622200000000001', bankName: '工行' })).status).toBe(403);
    const invalid = await admin.put(`/api/org/users/${staff.username}/bank-account`, { accountNo: '6222-abc', bankName: '工行', cardNo: '123' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.map((f: any) => f.field).sort()).toEqual(['accountNo', 'cardNo']);
  });
});
