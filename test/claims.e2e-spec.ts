import { buildTravelClaim, TravelClaim } from './factories/claim.factory';
import { anonymous, ApiClient, engine, eventually, login, screened } from './support/api';
import { approvedRequest, freshUnit, FreshUnit, taskFor } from './support/people';
import { readStack } from './setup/stack';

describe('travel claims through the real engine', () => {
  let zhoujiu: ApiClient;
  beforeAll(async () => {
    zhoujiu = await login('zhoujiu');
  });

  /** A fresh unit whose staff member has an approved request for the factory's trip to Hangzhou. */
  async function travellerWithRequest(): Promise<{ unit: FreshUnit; document: TravelClaim }> {
    const unit = await freshUnit();
    await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15' });
    return { unit, document: buildTravelClaim({ claimant: unit.staff.username, unit: unit.name }) };
  }

  it('approves a clean claim at the unit head, and the engine history shows the instance completed', async () => {
    const { unit, document } = await travellerWithRequest();
    const submitted = await unit.staff.post('/api/claims', document);
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('SCREENING');

    const claim = await screened(unit.staff, submitted.body.id);
    expect(claim).toMatchObject({ status: 'IN_APPROVAL', findings: [], activities: ['approval'], total: '1395.00', reimbursable: '1395.00', route: ['unit-head'] });
    const [routing, invoice, documents] = await Promise.all(['routing', 'invoice', 'documents'].map(async (set) => (await unit.staff.get(`/api/rules/${set}`)).body.inForce.version));
    expect(claim.ruleVersions).toMatchObject({ invoice, documents, trip: 1, standards: 1, routing, claim: 1 });

    const task = await taskFor(unit.head, claim.id);
    expect(task).toMatchObject({ taskDefinitionKey: 'approval', kind: 'travel-claim', submitter: unit.staff.username, amount: '1395.00' });
    expect(task.due).toBeTruthy();
    const decided = await unit.head.post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意报销' });
    expect(decided.status).toBe(200);

    const approved = await eventually(() => unit.staff.get(`/api/claims/${claim.id}`), (r) => r.body.activities.length === 0);
    expect(approved.body.status).toBe('APPROVED');
    const history = await engine('GET', `/history/process-instance/${claim.processInstanceId}`);
    expect(history).toMatchObject({ state: 'COMPLETED', businessKey: claim.id, processDefinitionKey: 'travel-claim' });
    const [approval] = await engine<any[]>('GET', `/history/task?processInstanceId=${claim.processInstanceId}&taskDefinitionKey=approval`);
    expect(approval.assignee).toBe(unit.head.username);
  });

  it('returns a claim whose tax does not add up with INV-MATH, then screens the corrected resubmission of the same claim', async () => {
    const { unit } = await travellerWithRequest();
    const document = buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, invoice: { amount: '716.98', tax: '50.00', total: '766.98' } });
    const submitted = await unit.staff.post('/api/claims', document);
    expect(submitted.status).toBe(201);

    const returned = await screened(unit.staff, submitted.body.id);
    expect(returned.status).toBe('RETURNED');
    expect(returned.activities).toEqual(['revise']);
    expect(returned.findings.map((f: any) => f.ruleId)).toEqual(['INV-MATH']);
    expect(returned.findings[0]).toMatchObject({
      ruleId: 'INV-MATH',
      severity: 'block',
      facts: { invoice: document.invoices[0].number, 'invoiceMath.taxDifferenceFen': { value: 698.12 }, ruleSet: expect.stringMatching(/^invoice@\d+$/) },
    });
    expect(returned.findings[0].message).toMatch(/发票/);
    expect(returned.findings[0].messageEn).toMatch(/tax/);

    // The claimant sees the revise task in their list, but completes it by resubmitting.
    const revise = await taskFor(unit.staff, returned.id);
    expect(revise.taskDefinitionKey).toBe('revise');
    expect((await unit.staff.post(`/api/tasks/${revise.id}/complete`, { decision: 'approve' })).status).toBe(409);

    document.invoices[0].tax = '43.02';
    document.invoices[0].total = '760.00';
    document.trips[0].lodging[0].amount = '760.00';
    const resubmitted = await unit.staff.put(`/api/claims/${returned.id}`, document);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toEqual({ id: returned.id, status: 'SCREENING' });

    const proceeding = await screened(unit.staff, returned.id);
    expect(proceeding).toMatchObject({ status: 'IN_APPROVAL', findings: [], activities: ['approval'] });
    expect(proceeding.processInstanceId).toBe(returned.processInstanceId);
  });

  it('sends a claim back to the claimant when the unit head returns it, and ends it when rejected', async () => {
    const { unit, document } = await travellerWithRequest();
    const submitted = await unit.staff.post('/api/claims', document);
    const claim = await screened(unit.staff, submitted.body.id);

    const withoutReason = await unit.head.post(`/api/tasks/${(await taskFor(unit.head, claim.id)).id}/complete`, { decision: 'return' });
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.fields[0].field).toBe('comment');

    const returned = await unit.head.post(`/api/tasks/${(await taskFor(unit.head, claim.id)).id}/complete`, { decision: 'return', comment: '请补充会议通知' });
    expect(returned.status).toBe(200);
    expect((await unit.staff.get(`/api/claims/${claim.id}`)).body).toMatchObject({ status: 'RETURNED', activities: ['revise'] });

    // Resubmitted unchanged, the claim still holds its own invoice and trip: nothing fires.
    await unit.staff.put(`/api/claims/${claim.id}`, claim.document);
    expect((await screened(unit.staff, claim.id)).findings).toEqual([]);
    const rejected = await unit.head.post(`/api/tasks/${(await taskFor(unit.head, claim.id)).id}/complete`, { decision: 'reject', comment: '不属于报销范围' });
    expect(rejected.status).toBe(200);
    const final = await eventually(() => unit.staff.get(`/api/claims/${claim.id}`), (r) => r.body.activities.length === 0);
    expect(final.body.status).toBe('REJECTED');
    expect((await engine('GET', `/history/process-instance/${claim.processInstanceId}`)).state).toBe('COMPLETED');
  });

  it('keeps a task away from the head of another unit', async () => {
    const { unit, document } = await travellerWithRequest();
    const submitted = await unit.staff.post('/api/claims', document);
    const claim = await screened(unit.staff, submitted.body.id);
    const task = await taskFor(unit.head, claim.id);

    expect((await zhoujiu.get(`/api/tasks?subject=${claim.id}`)).body.items.map((t: any) => t.subjectId)).not.toContain(claim.id);
    const attempt = await zhoujiu.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' });
    expect(attempt.status).toBe(403);
    expect(attempt.body.error).toBe('TASK_FORBIDDEN');
    expect((await zhoujiu.get(`/api/claims/${claim.id}`)).status).toBe(403);
  });

  it('answers a malformed claim with 400 naming each bad field, and stores and starts nothing', async () => {
    const { unit } = await travellerWithRequest();
    const staff = unit.staff;
    const count = async () => (await engine<{ count: number }>('GET', '/history/process-instance/count?processDefinitionKey=travel-claim')).count;
    const claimsBefore = (await staff.get('/api/claims')).body.length;
    const instancesBefore = await count();

    const document: any = buildTravelClaim({ claimant: staff.username, unit: unit.name });
    document.type = 'boat';
    document.trips[0].legs[1].fare = '47.505';
    document.trips[0].end = '2026-10-12';
    document.invoices[0].date = '15/10/2026';
    delete document.purpose;
    const response = await staff.post('/api/claims', document);

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('VALIDATION_FAILED');
    const fields = response.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['type', 'purpose', 'trips[0].legs[1].fare', 'invoices[0].date']));
    expect(response.body.fields.find((f: any) => f.field === 'trips[0].legs[1].fare').message).toMatch(/金额.*\/ must be an amount/);

    const crossField: any = buildTravelClaim({ claimant: staff.username, unit: unit.name });
    crossField.trips[0].end = '2026-10-12';
    crossField.trips[0].lodging[0].invoice = '26330000000000009999';
    crossField.budgetLine.unit = '不存在的所';
    const second = await staff.post('/api/claims', crossField);
    expect(second.status).toBe(400);
    expect(second.body.fields.map((f: any) => f.field)).toEqual(
      expect.arrayContaining(['trips[0].end', 'trips[0].lodging[0].invoice', 'budgetLine.unit']),
    );

    const forSomeoneElse = await staff.post('/api/claims', buildTravelClaim({ claimant: 'lisi', unit: unit.name }));
    expect(forSomeoneElse.status).toBe(400);
    expect(forSomeoneElse.body.fields.map((f: any) => f.field)).toContain('claimant');

    expect((await staff.get('/api/claims')).body.length).toBe(claimsBefore);
    expect(await count()).toBe(instancesBefore);
  });

  it('lets only the claimant resubmit, and only while the claim is returned', async () => {
    const { unit, document } = await travellerWithRequest();
    const submitted = await unit.staff.post('/api/claims', document);
    const claim = await screened(unit.staff, submitted.body.id);
    const notReturned = await unit.staff.put(`/api/claims/${claim.id}`, claim.document);
    expect(notReturned.status).toBe(409);
    expect(notReturned.body.error).toBe('CLAIM_NOT_RETURNED');
    expect((await unit.head.put(`/api/claims/${claim.id}`, claim.document)).status).toBe(403);
    expect((await unit.staff.get('/api/claims/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });
});

describe('the worker host against the real engine', () => {
  it('turns a thrown handler error into failures with retries and finally an incident, not a silent stall', async () => {
    // A claim id nobody stored: the invoice-check handler throws when it cannot load the claim. The
    // business key names another record, so this is a fault, not an undone submission.
    const missing = '11111111-2222-3333-4444-555555555555';
    const instance = await engine<{ id: string }>('POST', '/process-definition/key/travel-claim/start', {
      businessKey: `not-${missing}`,
      variables: { claimId: { value: missing, type: 'String' }, claimant: { value: 'zhangsan', type: 'String' }, unitHeadGroup: { value: 'unit-head:chengxi', type: 'String' } },
    });

    const incidents = await eventually(
      () => engine<any[]>('GET', `/incident?processInstanceId=${instance.id}`),
      (list) => list.length > 0,
      60_000,
    );
    expect(incidents[0]).toMatchObject({ incidentType: 'failedExternalTask', activityId: 'invoice-check' });
    expect(incidents[0].incidentMessage).toContain(missing);

    const [task] = await engine<any[]>('GET', `/external-task?processInstanceId=${instance.id}`);
    expect(task.retries).toBe(0);
    expect(task.errorMessage).toContain('does not exist');
    const failures = await engine<any[]>('GET', `/history/external-task-log?processInstanceId=${instance.id}&failureLog=true&sortBy=timestamp&sortOrder=asc`);
    // Three attempts, each logged with the retries the task had when it was fetched (none set on the first).
    expect(failures.map((entry) => entry.retries)).toEqual([null, 2, 1]);
    expect(failures.every((entry) => entry.errorMessage.includes('does not exist') && entry.workerId)).toBe(true);
    await engine('DELETE', `/process-instance/${instance.id}?skipCustomListeners=true`);
  });

  it('ends an instance whose own claim does not exist (its submission was undone) instead of retrying it into an incident', async () => {
    const gone = '66666666-2222-3333-4444-555555555555';
    const instance = await engine<{ id: string }>('POST', '/process-definition/key/expense-claim/start', {
      businessKey: gone,
      variables: { claimId: { value: gone, type: 'String' }, claimant: { value: 'zhangsan', type: 'String' }, unitHeadGroup: { value: 'unit-head:chengxi', type: 'String' } },
    });
    const ended = await eventually(
      () => engine<any>('GET', `/history/process-instance/${instance.id}`),
      (history) => history.state !== 'ACTIVE',
      60_000,
    );
    expect(ended.state).toBe('EXTERNALLY_TERMINATED');
    expect(await engine<any[]>('GET', `/incident?processInstanceId=${instance.id}`)).toEqual([]);
  });
});

describe('access', () => {
  it('requires a token on every route but login and health', async () => {
    const response = await anonymous.get('/api/tasks');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'TOKEN_MISSING', message: '请先登录' });
    expect((await new ApiClient('x', 'not-a-token').get('/api/claims')).status).toBe(401);
  });

  it('refuses a wrong password in Chinese and English', async () => {
    const response = await anonymous.post('/api/auth/login', { username: 'zhangsan', password: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'BAD_CREDENTIALS', message: '用户名或密码错误', messageEn: 'Wrong username or password' });
  });

  it('tells anonymous callers only that it is up, and a process administrator what is up', async () => {
    const bare = await anonymous.get('/api/health');
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual({ status: 'ok' });
    expect((await (await login('zhangsan')).get('/api/health')).body).toEqual({ status: 'ok' });

    const response = await (await login('admin')).get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      database: { status: 'up' },
      engine: { status: 'up' },
      workers: { status: 'up', topics: expect.arrayContaining(['invoice-check', 'claim-close']) },
    });
  });

  it('answers without X-Powered-By and with security headers', async () => {
    const response = await fetch(`${readStack().baseUrl}/api/health`);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
