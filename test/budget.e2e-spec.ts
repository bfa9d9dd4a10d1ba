import { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { BudgetCheckService } from '../src/budget/budget-check.service';
import { auditContext } from '../src/audit/audit-context';
import { BudgetLedger } from '../src/budget/budget-ledger';
import { buildExpenseClaim, buildInvoice, buildTravelClaim } from './factories/claim.factory';
import { engine, eventually, login, screened } from './support/api';
import { serviceContext } from './support/app-context';
import { readStack } from './setup/stack';
import { approvedRequest, financeClient, FISCAL_YEAR, freshUnit, FreshUnit, taskFor } from './support/people';
import { withRequiredDocuments } from './support/papers';

const ruleIds = (claim: { findings: { ruleId: string }[] }) => claim.findings.map((f) => f.ruleId).sort();

async function line(unit: FreshUnit, body: Record<string, unknown>): Promise<any> {
  const response = await (await financeClient()).post('/api/budgets', { unit: unit.code, year: FISCAL_YEAR, fund: 'basic', mode: 'FORBID', ...body });
  if (response.status !== 201) throw new Error(`budget line refused: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The unit's basic line for a subject. */
const lineOf = async (unit: FreshUnit, subject: string) =>
  (await (await financeClient()).get(`/api/budgets?unit=${unit.code}&year=${FISCAL_YEAR}`)).body.find((l: any) => l.subject === subject && l.fund === 'basic');

describe('the budget ledger on the real database', () => {
  let context: INestApplicationContext;
  let ledger: BudgetLedger;
  beforeAll(async () => {
    context = await serviceContext();
    ledger = context.get(BudgetLedger);
  });
  afterAll(() => context?.close());

  it('lets 200 concurrent reservations on one FORBID line accept exactly those that fit, never more', async () => {
    const unit = await freshUnit({ budget: false });
    const { id } = await line(unit, { subject: '30201', allocated: '150.00' });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        ledger.move({ lineId: id, kind: 'reserve', amountFen: 100, operationKey: `race:${id}:${i}`, actor: 'test', reason: 'race', enforceAvailable: true }),
      ),
    );
    expect(outcomes.filter((o) => o.result === 'applied')).toHaveLength(150);
    expect(outcomes.filter((o) => o.result === 'insufficient')).toHaveLength(50);
    expect(await ledger.totals(id)).toEqual({ allocatedFen: 15000, reservedFen: 15000, committedFen: 0, availableFen: 0 });
    expect(await ledger.derivedTotals(id)).toEqual(await ledger.totals(id));
    const entries = (await (await financeClient()).get(`/api/budgets/${id}/ledger`)).body;
    expect(entries.filter((e: any) => e.kind === 'reserve')).toHaveLength(150);
  });

  it('moves money once when a reservation is replayed under the same key', async () => {
    const unit = await freshUnit({ budget: false });
    const { id } = await line(unit, { subject: '30201', allocated: '100.00' });
    const movement = { lineId: id, kind: 'reserve' as const, amountFen: 3000, operationKey: `replay:${id}`, actor: 'test', reason: 'replay', enforceAvailable: true };
    expect((await ledger.move(movement)).result).toBe('applied');
    const replays = await Promise.all([ledger.move(movement), ledger.move(movement), ledger.move(movement)]);
    expect(replays.map((o) => o.result)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await ledger.totals(id)).toMatchObject({ reservedFen: 3000, availableFen: 7000 });
  });

  it('answers a replay as a duplicate even when the line could no longer cover it', async () => {
    const unit = await freshUnit({ budget: false });
    const { id } = await line(unit, { subject: '30201', allocated: '100.00' });
    const first = { lineId: id, kind: 'reserve' as const, amountFen: 6000, operationKey: `replay-full:${id}`, actor: 'test', reason: 'replay', enforceAvailable: true };
    expect((await ledger.move(first)).result).toBe('applied');
    expect((await ledger.move({ ...first, amountFen: 4000, operationKey: `rest:${id}` })).result).toBe('applied');
    expect(await ledger.move(first)).toEqual({ result: 'duplicate', totals: { allocatedFen: 10000, reservedFen: 10000, committedFen: 0, availableFen: 0 } });
    expect(await ledger.move({ ...first, operationKey: `new:${id}` })).toEqual({ result: 'insufficient', totals: { allocatedFen: 10000, reservedFen: 10000, committedFen: 0, availableFen: 0 } });
    expect(await ledger.derivedTotals(id)).toEqual(await ledger.totals(id));
  });

  it('moves nothing of a batch when one of its movements is not covered', async () => {
    const unit = await freshUnit({ budget: false });
    const roomy = await line(unit, { subject: '30201', allocated: '100.00' });
    const tight = await line(unit, { subject: '30202', allocated: '10.00' });
    const reserve = (lineId: string, amountFen: number) => ({ lineId, kind: 'reserve' as const, amountFen, operationKey: `batch:${lineId}:${amountFen}`, actor: 'test', reason: 'batch', enforceAvailable: true });
    const outcomes = await ledger.moveAll([reserve(roomy.id, 5000), reserve(tight.id, 2000)]);
    expect(outcomes).toEqual([{ result: 'insufficient', totals: { allocatedFen: 1000, reservedFen: 0, committedFen: 0, availableFen: 1000 } }]);
    expect(await ledger.totals(roomy.id)).toMatchObject({ reservedFen: 0, availableFen: 10000 });
    const entries = await context.get(DataSource).query(`SELECT count(*)::int AS n FROM budget_entry WHERE operation_key LIKE $1`, [`batch:${roomy.id}:%`]);
    expect(entries[0].n).toBe(0);
  });

  it('names who moved the money in the audit rows of the entry and the line', async () => {
    const unit = await freshUnit({ budget: false });
    const { id } = await line(unit, { subject: '30201', allocated: '100.00' });
    const db = context.get(DataSource);
    const [{ before }] = await db.query(`SELECT coalesce(max(id), 0) AS before FROM audit_event`);
    const outcome = await auditContext.run({ actor: 'worker:budget-reserve', address: '10.0.0.7' }, () =>
      ledger.move({ lineId: id, kind: 'reserve', amountFen: 100, operationKey: `audited:${id}`, actor: 'test', reason: 'audit', enforceAvailable: true }),
    );
    expect(outcome.result).toBe('applied');
    const rows = await db.query(
      `SELECT entity, actor, address FROM audit_event WHERE id > $3 AND ((entity = 'budget_entry' AND entity_id = $1) OR (entity = 'budget_line' AND entity_id = $2)) ORDER BY id`,
      [outcome.result === 'applied' ? outcome.entryId : '', id, before],
    );
    expect(rows).toEqual([
      { entity: 'budget_entry', actor: 'worker:budget-reserve', address: '10.0.0.7' },
      { entity: 'budget_line', actor: 'worker:budget-reserve', address: '10.0.0.7' },
    ]);
  });

  it('refuses to change or remove an entry: the ledger is append-only', async () => {
    const db = context.get(DataSource);
    await expect(db.query(`UPDATE budget_entry SET amount_fen = 1 WHERE id = (SELECT max(id) FROM budget_entry)`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM budget_entry WHERE id = (SELECT max(id) FROM budget_entry)`)).rejects.toThrow(/append-only/);
  });

  it('leaves one reservation when the budget step is delivered again after its database commit', async () => {
    const unit = await freshUnit();
    const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '1200.00', payee: '重投测试公司' }));
    const claim = await screened(unit.staff, submitted.body.id);
    expect(claim.status).toBe('IN_APPROVAL');
    // The worker reserved and completed; a worker killed before `complete` would see the task again.
    const check = context.get(BudgetCheckService);
    await Promise.all([check.screen(claim.id), check.screen(claim.id)]);
    await check.screen(claim.id);
    // And through the engine: the instance is moved back before the budget step, whose external task
    // the running workers then take and complete again, as after a lost `complete`.
    await engine('POST', `/process-instance/${claim.processInstanceId}/modification`, {
      skipCustomListeners: true,
      instructions: [{ type: 'startBeforeActivity', activityId: 'budget-reserve' }, { type: 'cancel', activityId: 'approval#multiInstanceBody' }],
    });
    const log = await eventually(
      () => engine<any[]>('GET', `/history/external-task-log?processInstanceId=${claim.processInstanceId}&activityIdIn=budget-reserve&successLog=true`),
      (entries) => entries.length === 2,
    );
    expect(log).toHaveLength(2);
    await eventually(() => unit.staff.get(`/api/claims/${claim.id}`), (r) => r.body.status === 'IN_APPROVAL' && r.body.activities.includes('approval'));
    const budget = await lineOf(unit, '30201');
    expect(budget).toMatchObject({ reserved: '1200.00', committed: '0.00' });
    const entries = (await (await financeClient()).get(`/api/budgets/${budget.id}/ledger`)).body.filter((e: any) => e.claimId === claim.id);
    expect(entries).toEqual([expect.objectContaining({ kind: 'reserve', amount: '1200.00', operationKey: `claim:${claim.id}:reserve:1` })]);
  });
});

describe('budget control through the real engine', () => {
  it('reserves at screening and commits the reimbursable amount at final approval, releasing the cut', async () => {
    const unit = await freshUnit();
    await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15' });
    const document = buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, invoice: { amount: '943.40', tax: '56.60', total: '1000.00' } });
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', document)).body.id);
    expect(claim).toMatchObject({ status: 'IN_APPROVAL', total: '1635.00', reimbursable: '1435.00' });
    expect(await lineOf(unit, '30211')).toMatchObject({ reserved: '1635.00', available: '998365.00' });

    await unit.head.post(`/api/tasks/${(await taskFor(unit.head, claim.id)).id}/complete`, { decision: 'approve' });
    const finance = await financeClient();
    await finance.post(`/api/tasks/${(await taskFor(finance, claim.id)).id}/complete`, { decision: 'approve' });
    await eventually(() => unit.staff.get(`/api/claims/${claim.id}`), (r) => r.body.status === 'APPROVED');
    expect(await lineOf(unit, '30211')).toMatchObject({ reserved: '0.00', committed: '1435.00', available: '998565.00', executionRate: 0.14 });

    // The execution report shows it in this month's column, as JSON and as a real workbook.
    const month = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(5, 7));
    const report = await finance.get(`/api/reports/budget-execution?year=${FISCAL_YEAR}&unit=${unit.code}`);
    expect(report.status).toBe(200);
    const row = report.body.rows.find((r: any) => r.subject === '30211');
    expect(row).toMatchObject({ unit: unit.name, committed: '1435.00', executionRate: 0.14 });
    expect(row.months[month - 1]).toBe('1435.00');
    expect((await unit.staff.get(`/api/reports/budget-execution?year=${FISCAL_YEAR}`)).status).toBe(403);

    const download = await fetch(`${readStack().baseUrl}/api/reports/budget-execution.xlsx?year=${FISCAL_YEAR}&unit=${unit.code}`, { headers: { Authorization: finance.authorization() } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await download.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    const cells = sheet.getSheetValues().flat().filter((v) => v !== undefined && v !== null);
    expect(cells).toEqual(expect.arrayContaining([unit.name, '30211', 1435, '差旅费']));
  });

  it('reserves a travel request’s estimate, hands it over to the claim, and gives a rejected request’s back', async () => {
    const unit = await freshUnit();
    const requestId = await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15', estimate: '1500.00' });
    expect(await lineOf(unit, '30211')).toMatchObject({ reserved: '1500.00' });

    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name }))).body.id);
    expect(claim.status).toBe('IN_APPROVAL');
    const budget = await lineOf(unit, '30211');
    expect(budget).toMatchObject({ reserved: '1395.00' });
    const entries = (await (await financeClient()).get(`/api/budgets/${budget.id}/ledger`)).body;
    expect(entries.map((e: any) => [e.kind, e.amount, e.travelRequestId ?? e.claimId])).toEqual([
      ['allocate', '1000000.00', null],
      ['reserve', '1500.00', requestId],
      ['release', '1500.00', requestId],
      ['reserve', '1395.00', claim.id],
    ]);

    const rejected = await unit.staff.post('/api/travel-requests', { traveller: unit.staff.username, destination: '宁波', start: '2026-11-02', end: '2026-11-03', estimate: '800.00', purpose: '调研' });
    await eventually(() => lineOf(unit, '30211'), (l) => l.reserved === '2195.00');
    await unit.head.post(`/api/tasks/${(await taskFor(unit.head, rejected.body.id)).id}/complete`, { decision: 'reject', comment: '不必出差' });
    await eventually(() => unit.staff.get(`/api/travel-requests/${rejected.body.id}`), (r) => r.body.status === 'REJECTED');
    expect(await lineOf(unit, '30211')).toMatchObject({ reserved: '1395.00' });
  });

  it('gives the reservation back when the claim is rejected', async () => {
    const unit = await freshUnit();
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '800.00', payee: '驳回测试公司' }))).body.id);
    expect(await lineOf(unit, '30201')).toMatchObject({ reserved: '800.00' });
    await unit.head.post(`/api/tasks/${(await taskFor(unit.head, claim.id)).id}/complete`, { decision: 'reject', comment: '不予报销' });
    await eventually(() => unit.staff.get(`/api/claims/${claim.id}`), (r) => r.body.status === 'REJECTED');
    expect(await lineOf(unit, '30201')).toMatchObject({ reserved: '0.00', committed: '0.00', available: '1000000.00' });
  });

  it('withdraws a claim before any decision: the instance ends, the money and the invoice are free again', async () => {
    const unit = await freshUnit();
    const document = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '900.00', payee: '撤回测试公司' });
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', document)).body.id);
    expect((await unit.head.post(`/api/claims/${claim.id}/withdraw`)).status).toBe(403);

    const withdrawn = await unit.staff.post(`/api/claims/${claim.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect((await unit.staff.get(`/api/claims/${claim.id}`)).body).toMatchObject({ status: 'WITHDRAWN', activities: [] });
    expect(await lineOf(unit, '30201')).toMatchObject({ reserved: '0.00', available: '1000000.00' });
    expect((await unit.head.get(`/api/tasks?subject=${claim.id}`)).body.items.map((t: any) => t.subjectId)).not.toContain(claim.id);

    const again = await screened(unit.staff, (await unit.staff.post('/api/claims', document)).body.id);
    expect(again).toMatchObject({ status: 'IN_APPROVAL', findings: [] });
    expect((await unit.staff.post(`/api/claims/${claim.id}/withdraw`)).status).toBe(409);
  });

  it('releases the difference when a returned claim comes back with a smaller amount', async () => {
    const unit = await freshUnit();
    const document = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '2000.00', payee: '退回减额测试公司' });
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', document)).body.id);
    await unit.head.post(`/api/tasks/${(await taskFor(unit.head, claim.id)).id}/complete`, { decision: 'return', comment: '请只报销办公桌部分' });
    await eventually(() => unit.staff.get(`/api/claims/${claim.id}`), (r) => r.body.status === 'RETURNED');
    expect(await lineOf(unit, '30201')).toMatchObject({ reserved: '2000.00' });

    const smaller = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '1200.00', payee: '退回减额测试公司' });
    smaller.invoices = [{ ...smaller.invoices[0], number: document.invoices[0].number }];
    smaller.items[0].invoice = document.invoices[0].number;
    expect((await unit.staff.put(`/api/claims/${claim.id}`, smaller)).status).toBe(200);
    expect(await screened(unit.staff, claim.id)).toMatchObject({ status: 'IN_APPROVAL', findings: [] });
    const budget = await lineOf(unit, '30201');
    expect(budget).toMatchObject({ reserved: '1200.00', available: '998800.00' });
    const entries = (await (await financeClient()).get(`/api/budgets/${budget.id}/ledger`)).body.filter((e: any) => e.claimId === claim.id);
    expect(entries.map((e: any) => [e.kind, e.amount, e.operationKey])).toEqual([
      ['reserve', '2000.00', `claim:${claim.id}:reserve:1`],
      ['release', '800.00', `claim:${claim.id}:reduce:2`],
    ]);
  });

  it('lets finance add allocation once per idempotency key, and nobody else', async () => {
    const unit = await freshUnit();
    const finance = await financeClient();
    const budget = await lineOf(unit, '30201');
    const add = () =>
      fetch(`${readStack().baseUrl}/api/budgets/${budget.id}/allocations`, {
        method: 'POST',
        headers: { Authorization: finance.authorization(), 'Content-Type': 'application/json', 'Idempotency-Key': `top-up-${budget.id}` },
        body: JSON.stringify({ amount: '5000.00', reason: '追加预算' }),
      }).then((r) => r.json() as Promise<any>);
    expect((await add()).outcome).toBe('applied');
    expect((await add()).outcome).toBe('duplicate');
    expect(await lineOf(unit, '30201')).toMatchObject({ allocated: '1005000.00' });
    expect((await unit.staff.post(`/api/budgets/${budget.id}/allocations`, { amount: '1.00', reason: 'x' })).status).toBe(403);
    const tooMuch = await finance.post(`/api/budgets/${budget.id}/allocations`, { amount: '-2000000.00', reason: '调减' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.fields[0].field).toBe('amount');
  });

  it('refuses to withdraw once an approver has decided', async () => {
    const unit = await freshUnit();
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '6000.00', payee: '已审批测试公司' }))).body.id);
    await unit.head.post(`/api/tasks/${(await taskFor(unit.head, claim.id)).id}/complete`, { decision: 'approve' });
    await taskFor(await financeClient(), claim.id);
    const refused = await unit.staff.post(`/api/claims/${claim.id}/withdraw`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('CLAIM_NOT_WITHDRAWABLE');
  });

  it('returns a claim the FORBID line cannot cover, and warns on a WARN line', async () => {
    const unit = await freshUnit({ budget: false });
    await line(unit, { subject: '30201', allocated: '500.00' });
    await line(unit, { subject: '30216', allocated: '500.00', mode: 'WARN' });
    const blocked = await screened(unit.staff, (await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '500.01', payee: '超支测试公司' }))).body.id);
    expect(blocked.status).toBe('RETURNED');
    expect(ruleIds(blocked)).toEqual(['BUD-INSUFFICIENT']);
    expect(blocked.findings[0].facts.budgetNeed).toMatchObject({ shortFen: 1, availableFen: 50000 });
    expect(await lineOf(unit, '30201')).toMatchObject({ reserved: '0.00' });

    const warned = await screened(unit.staff, (await unit.staff.post('/api/claims', await withRequiredDocuments(unit.staff, buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '600.00', subject: '30216', payee: '培训测试公司' })))).body.id);
    expect(warned).toMatchObject({ status: 'IN_APPROVAL', route: ['unit-head', 'finance'] });
    expect(warned.findings.map((f: any) => `${f.ruleId}:${f.severity}`)).toEqual(['BUD-INSUFFICIENT:warn']);
    expect(await lineOf(unit, '30216')).toMatchObject({ reserved: '600.00', available: '-100.00' });
    const alerts = (await unit.head.get('/api/budget-alerts')).body.filter((a: any) => a.unit === unit.name);
    expect(alerts.map((a: any) => a.threshold).sort()).toEqual([100, 80]);
  });

  it('blocks 三公 spending past last year’s actual and a special fund spent outside its purpose', async () => {
    const unit = await freshUnit({ budget: false });
    await line(unit, { subject: '30217', allocated: '5000.00', lastYearActual: '1000.00', spentThisYear: '900.00' });
    await line(unit, { subject: '30201', fund: 'special', name: '智慧警务专项', subjects: ['30201'], allocated: '50000.00' });
    const reception = await screened(unit.staff, (await unit.staff.post('/api/claims', await withRequiredDocuments(unit.staff, buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '100.01', subject: '30217', payee: '接待测试酒店' })))).body.id);
    expect(ruleIds(reception)).toEqual(['BUD-SANGONG']);
    expect(reception.findings[0].facts.sangongCheck).toMatchObject({ yearToDateFen: 90000, claimFen: 10001, lastYearActualFen: 100000 });

    const special = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '300.00', fund: 'special', payee: '专项测试公司' });
    (special.budgetLine as any).name = '智慧警务专项';
    special.items[0].subject = '30217';
    const outside = await screened(unit.staff, (await unit.staff.post('/api/claims', await withRequiredDocuments(unit.staff, special))).body.id);
    expect(ruleIds(outside)).toEqual(['BUD-SPECIAL-FUND']);

    special.items[0].subject = '30201';
    special.invoices = [buildInvoice({ ...special.invoices[0], number: undefined as any })];
    special.invoices[0] = { ...special.invoices[0], number: buildInvoice().number };
    special.items[0].invoice = special.invoices[0].number;
    const inside = await screened(unit.staff, (await unit.staff.post('/api/claims', special)).body.id);
    expect(inside).toMatchObject({ status: 'IN_APPROVAL', findings: [], route: ['unit-head', 'fund-owner'] });
    expect(inside.approvalChain[1].group).toBe(`fund-owner:${unit.code}`);
  });
});

describe('budget adjustment through the real engine', () => {
  it('moves allocation between basic lines at once, both entries in the ledger', async () => {
    const unit = await freshUnit();
    const finance = await financeClient();
    const [office, travel] = [await lineOf(unit, '30201'), await lineOf(unit, '30211')];
    const proposed = await finance.post('/api/budget-adjustments', { from: office.id, to: travel.id, amount: '2500.00', reason: '差旅费不足，从办公费调剂' });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ needsDeputyChief: false, status: 'PENDING' });
    await eventually(() => finance.get(`/api/budget-adjustments/${proposed.body.id}`), (r) => r.body.status === 'EXECUTED');
    expect(await lineOf(unit, '30201')).toMatchObject({ allocated: '997500.00' });
    expect(await lineOf(unit, '30211')).toMatchObject({ allocated: '1002500.00' });
    const entries = (await finance.get(`/api/budgets/${office.id}/ledger`)).body;
    expect(entries.at(-1)).toMatchObject({ kind: 'adjust', amount: '-2500.00', operationKey: `adjustment:${proposed.body.id}:from` });
  });

  it('waits for the deputy chief when money moves into a special fund, and refuses more than is available', async () => {
    const unit = await freshUnit();
    const finance = await financeClient();
    const special = await line(unit, { subject: '30201', fund: 'special', name: '执法记录仪专项', allocated: '0.00' });
    const office = await lineOf(unit, '30201');
    const tooMuch = await finance.post('/api/budget-adjustments', { from: office.id, to: special.id, amount: '1000000.01', reason: '超额' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.fields.map((f: any) => f.field)).toContain('amount');

    const proposed = await finance.post('/api/budget-adjustments', { from: office.id, to: special.id, amount: '30000.00', reason: '专项追加' });
    expect(proposed.body).toMatchObject({ needsDeputyChief: true, status: 'PENDING' });
    const zhaoliu = await login('zhaoliu');
    const task = await taskFor(zhaoliu, proposed.body.id);
    expect(task).toMatchObject({ kind: 'budget-adjustment', taskDefinitionKey: 'deputy-chief-approval', amount: '30000.00' });
    expect(await lineOf(unit, '30201')).toMatchObject({ allocated: '1000000.00' });
    await zhaoliu.post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意追加' });
    await eventually(() => finance.get(`/api/budget-adjustments/${proposed.body.id}`), (r) => r.body.status === 'EXECUTED');
    const lines = (await finance.get(`/api/budgets?unit=${unit.code}&year=${FISCAL_YEAR}`)).body;
    expect(lines.find((l: any) => l.id === special.id)).toMatchObject({ allocated: '30000.00', available: '30000.00' });
  });
});
