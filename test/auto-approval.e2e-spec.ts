import { isoDayInChina } from '../src/common/clock';
import { buildExpenseClaim } from './factories/claim.factory';
import { ApiClient, engine, eventually, login, screened } from './support/api';
import { adminClient, financeClient, freshUnit, FreshUnit, taskFor } from './support/people';

/** 自动审批 and 事后抽查 on the real engine, with the shipped routing rules (办公费 limit ¥500, every one above ¥300 sampled). */
describe('auto-approval of clean routine claims, and the after-the-fact sample', () => {
  let finance: ApiClient;
  let admin: ApiClient;
  beforeAll(async () => {
    finance = await financeClient();
    admin = await adminClient();
  });

  const file = async (unit: FreshUnit, amount: string, payee?: string) => {
    const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount, payee }));
    expect(submitted.status).toBe(201);
    return submitted.body.id as string;
  };
  /** Settled: screened, and (for an empty chain) through the engine to its outcome. */
  const settled = (unit: FreshUnit, id: string) =>
    eventually(() => unit.staff.get(`/api/claims/${id}`), (r) => r.body.status !== 'SCREENING' && !(r.body.status === 'IN_APPROVAL' && r.body.route.length === 0)).then((r) => r.body);
  const approvalTasks = async (processInstanceId: string) => engine<any[]>('GET', `/history/task?processInstanceId=${processInstanceId}&taskDefinitionKey=approval`);

  it('approves a clean ¥120 办公费 claim through the engine with no task, explains why and names the rule version in the audit trail', async () => {
    const unit = await freshUnit();
    const id = await file(unit, '120.00');
    const claim = await settled(unit, id);
    const routing = (await admin.get('/api/rules/routing')).body.inForce.version;
    expect(claim).toMatchObject({ status: 'APPROVED', route: [], approvalChain: [], ruleVersions: expect.objectContaining({ routing }) });
    expect(claim.findings).toEqual([expect.objectContaining({ ruleId: 'RTE-AUTO-APPROVE', severity: 'info', message: '自动审批：¥120.00 ≤ 办公费限额 ¥500.00，无预警' })]);

    // The engine ran it: route, the auto-approved flow, budget commit, close and sampling — no approval task.
    const history = await eventually(() => engine<any>('GET', `/history/process-instance/${claim.processInstanceId}`), (h) => h.state !== 'ACTIVE');
    expect(history).toMatchObject({ state: 'COMPLETED', processDefinitionKey: 'expense-claim' });
    expect(await approvalTasks(claim.processInstanceId)).toEqual([]);
    const activities = (await engine<any[]>('GET', `/history/activity-instance?processInstanceId=${claim.processInstanceId}&sortBy=startTime&sortOrder=asc`)).map((a) => a.activityId);
    expect(activities).toEqual(expect.arrayContaining(['route', 'budget-commit', 'claim-approved', 'claim-sample', 'approved']));
    expect(activities).not.toContain('approval');

    const audit = (await finance.get(`/api/audit?entity=claim&entityId=${id}`)).body as any[];
    expect(audit.find((row) => row.action === 'claim.auto-approve')).toMatchObject({ actor: 'system', after: { ruleSet: `routing@${routing}`, ruleId: 'RTE-AUTO-APPROVE', totalFen: 12000 } });
    // The budget was committed as for any approved claim, and the claimant was told.
    const entries = await eventually(() => finance.get(`/api/subjects/expense-claim/${id}/related`), (r) => r.status === 200 && r.body.links.some((l: any) => l.relation === 'ledger-entry' && l.fields.kind === 'commit'));
    expect(entries.body.links.filter((l: any) => l.fields.kind === 'commit')).toHaveLength(1);
    expect((await unit.staff.get('/api/notifications')).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'approved', subjectId: id })]));
    // Auto-approval's note is no problem found: 高频审核问题 leaves it out.
    const findings = (await finance.get(`/api/dashboards/findings?unit=${unit.code}`)).body;
    expect(findings.rows.map((row: any) => row.rule)).not.toContain('RTE-AUTO-APPROVE');
  });

  it('sends ¥500.01 of 办公费, one fen over the limit, to the unit head', async () => {
    const unit = await freshUnit();
    const claim = await screened(unit.staff, await file(unit, '500.01'));
    expect(claim).toMatchObject({ status: 'IN_APPROVAL', route: ['unit-head'] });
    expect(claim.findings.map((f: any) => f.ruleId)).not.toContain('RTE-AUTO-APPROVE');
    expect(await taskFor(unit.head, claim.id)).toMatchObject({ kind: 'expense-claim' });
  });

  it('samples a claim above the second limit for a finance review that never holds it up; 不合规 tells the claimant and unit head and stops their next auto-approval', async () => {
    const unit = await freshUnit();
    const id = await file(unit, '450.00');
    const claim = await settled(unit, id);
    expect(claim).toMatchObject({ status: 'APPROVED', route: [] });

    const review = await taskFor(finance, id);
    expect(review).toMatchObject({ kind: 'claim-review', subjectId: id, unitCode: unit.code, amount: '450.00' });
    expect((await unit.head.get(`/api/tasks?subject=${id}`)).body.items).toEqual([]);
    // Batch approval never takes a review; a 不合规 needs its reason.
    expect((await finance.post(`/api/tasks/${review.id}/reject`, {})).status).toBe(400);
    expect((await finance.post(`/api/tasks/${review.id}/reject`, { comment: '发票与采购清单不符' })).status).toBe(200);

    const told = await eventually(() => unit.head.get('/api/notifications'), (r) => r.body.items.some((n: any) => n.kind === 'review-noncompliant'));
    expect(told.body.items.find((n: any) => n.kind === 'review-noncompliant')).toMatchObject({ subjectKind: 'claim-review', subjectId: id, link: `/claims/${id}` });
    expect((await unit.staff.get('/api/notifications')).body.items.some((n: any) => n.kind === 'review-noncompliant')).toBe(true);
    const outcomes = await eventually(() => finance.get('/api/dashboards/auto-approval'), (r) => r.body.reviews.some((row: any) => row.claimId === id && row.outcome === 'NONCOMPLIANT'));
    expect(outcomes.body.reviews.find((row: any) => row.claimId === id)).toMatchObject({ outcome: 'NONCOMPLIANT', reason: '发票与采购清单不符', reviewer: 'wangwu', sampleReason: 'over-limit' });

    // The claim stayed approved; the claimant's next small claim waits for the unit head.
    expect((await unit.staff.get(`/api/claims/${id}`)).body.status).toBe('APPROVED');
    const next = await screened(unit.staff, await file(unit, '120.00', '另一家文具店'));
    expect(next).toMatchObject({ status: 'IN_APPROVAL', route: ['unit-head'] });
  });

  it('counts in the dry run the claims a raised limit would auto-approve, and a replay under the stored version approves them', async () => {
    const unit = await freshUnit();
    const waiting = await screened(unit.staff, await file(unit, '600.00'));
    expect(waiting.route).toEqual(['unit-head']);

    const current = (await admin.get('/api/rules/routing')).body.latest;
    const raised = structuredClone(current.data);
    raised.autoApproval.limitsFen['30201'] = 80000;
    const proposal = { effectiveFrom: isoDayInChina(new Date()), data: raised, rules: current.rules, description: current.description, dryRun: 50 };
    const dry = (await admin.post('/api/rules/routing/dry-run', proposal)).body;
    expect(dry.autoApproval.claimIds).toContain(waiting.id);
    const became = dry.changes.filter((c: any) => c.routeAfter?.length === 0 && c.routeBefore?.length > 0).length;
    const ceased = dry.changes.filter((c: any) => c.routeBefore?.length === 0 && c.routeAfter?.length > 0).length;
    expect(dry.autoApproval.after.claims - dry.autoApproval.before.claims).toBe(became - ceased);
    expect(dry.autoApproval.after.claims).toBe(dry.autoApproval.claimIds.length);
    expect(dry.changes.find((c: any) => c.claimId === waiting.id)).toMatchObject({ routeBefore: ['unit-head'], routeAfter: [] });

    const stored = await admin.put('/api/rules/routing', proposal);
    expect(stored.status).toBe(200);
    try {
      const replay = await settled(unit, await file(unit, '600.00', '重放测试公司'));
      expect(replay).toMatchObject({ status: 'APPROVED', route: [], ruleVersions: expect.objectContaining({ routing: stored.body.stored.version }) });
    } finally {
      // The shipped limits again, as a newer version, for the tests that follow.
      expect((await admin.put('/api/rules/routing', { ...proposal, data: current.data })).status).toBe(200);
    }
  });
});
