import { buildTravelClaim } from './factories/claim.factory';
import { ApiClient, eventually, login, screened } from './support/api';
import { approvedRequest, financeClient, FISCAL_YEAR, freshUnit, taskFor } from './support/people';

/** 关联查询 over subjects: any kind opens the same view, a hop or two away, with only what the viewer may read. */
describe('related records of any subject', () => {
  it('links a travel claim to the request its trip was checked against, and through it to the request’s ledger entries, each with its approval history', async () => {
    const unit = await freshUnit();
    const requestId = await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15' });
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name }))).body.id);
    expect(claim.status).toBe('IN_APPROVAL');

    const response = await unit.head.get(`/api/subjects/travel-claim/${claim.id}/related`);
    expect(response.status).toBe(200);
    const { subject, links } = response.body;
    expect(subject).toMatchObject({ kind: 'travel-claim', subjectId: claim.id, submitter: unit.staff.username, unitCode: unit.code, amount: '1395.00', status: 'IN_APPROVAL', link: `/claims/${claim.id}` });

    const request = links.find((l: any) => l.relation === 'travel-request');
    expect(request).toMatchObject({ kind: 'travel-request', id: requestId, hop: 1, via: null, link: `/travel-requests/${requestId}` });
    expect(request.history.map((h: any) => [h.operation, h.actor])).toEqual([['approve', expect.stringMatching(/^h/)]]);
    expect(links.filter((l: any) => l.relation === 'invoice' && l.hop === 1)).toHaveLength(claim.document.invoices.length);
    const line = links.find((l: any) => l.relation === 'budget-line');
    expect(line).toMatchObject({ hop: 1, fields: { subject: '30211', heldBySubject: '1395.00' } });
    expect(links.filter((l: any) => l.relation === 'ledger-entry' && l.hop === 1).map((l: any) => l.fields.kind)).toContain('reserve');

    // The second hop: the request's own reservation, reached through the request.
    const throughRequest = links.filter((l: any) => l.hop === 2 && l.via?.id === requestId);
    expect(throughRequest.map((l: any) => [l.relation, l.fields.kind])).toEqual(expect.arrayContaining([['ledger-entry', 'reserve']]));
    // The claim itself is not listed again as the request's claim.
    expect(links.some((l: any) => l.id === claim.id)).toBe(false);

    // From the request, the claim checked against it is one hop away.
    const fromRequest = (await unit.head.get(`/api/subjects/travel-request/${requestId}/related`)).body;
    expect(fromRequest.history.map((h: any) => h.operation)).toEqual(['approve']);
    expect(fromRequest.links.find((l: any) => l.relation === 'claim')).toMatchObject({ kind: 'travel-claim', id: claim.id, hop: 1 });
  });

  it('shows the view only to whoever may read the subject, and a copy both opens it and is marked read', async () => {
    const unit = await freshUnit();
    const other = await freshUnit();
    await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15' });
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name }))).body.id);

    expect((await other.staff.get(`/api/subjects/travel-claim/${claim.id}/related`)).status).toBe(403);
    expect((await other.head.get(`/api/subjects/travel-claim/${claim.id}/related`)).status).toBe(403);

    const copied = await unit.staff.post(`/api/subjects/travel-claim/${claim.id}/copy`, { to: [other.staff.username], comment: '请参阅' });
    expect(copied.status).toBe(200);
    expect(copied.body).toMatchObject({ kind: 'travel-claim', subjectId: claim.id, copiedTo: [other.staff.username] });
    const unread = (await other.staff.get('/api/tasks?view=copied')).body.items.find((c: any) => c.subjectId === claim.id);
    expect(unread).toMatchObject({ kind: 'travel-claim', title: claim.document.purpose, read: false, link: `/claims/${claim.id}` });

    const seen = await other.staff.get(`/api/subjects/travel-claim/${claim.id}/related`);
    expect(seen.status).toBe(200);
    // A staff member of another unit does not see the claim's budget line, which is not theirs.
    expect(seen.body.links.some((l: any) => l.relation === 'budget-line')).toBe(false);
    expect(seen.body.history.map((h: any) => h.operation)).toContain('copy');
    expect((await other.staff.get('/api/tasks?view=copied')).body.items.find((c: any) => c.subjectId === claim.id).read).toBe(true);
  });

  it('copies and urges a travel request like a claim: the one copied may read it, the holder is reminded', async () => {
    const unit = await freshUnit();
    const colleague = await freshUnit();
    const submitted = await unit.staff.post('/api/travel-requests', { traveller: unit.staff.username, destination: '宁波', start: '2026-11-09', end: '2026-11-10', estimate: '600.00', purpose: '调研' });
    const task = await taskFor(unit.head, submitted.body.id);
    expect((await unit.head.get(`/api/tasks/${task.id}`)).body.operations).toEqual(['approve', 'reject', 'transfer', 'delegate', 'copy']);

    expect((await colleague.staff.get(`/api/travel-requests/${submitted.body.id}`)).status).toBe(403);
    expect((await unit.staff.post(`/api/subjects/travel-request/${submitted.body.id}/copy`, { to: [colleague.staff.username] })).status).toBe(200);
    const copiedRow = async () => (await colleague.staff.get('/api/tasks?view=copied')).body.items.find((c: any) => c.subjectId === submitted.body.id);
    expect(await copiedRow()).toMatchObject({ kind: 'travel-request', read: false });
    // Opening the request itself marks the copy read, as opening its 关联查询 does.
    expect((await colleague.staff.get(`/api/travel-requests/${submitted.body.id}`)).status).toBe(200);
    expect((await copiedRow()).read).toBe(true);

    expect((await unit.staff.post(`/api/subjects/travel-request/${submitted.body.id}/urge`, { comment: '下周出发' })).status).toBe(200);
    const urged = await eventually(() => unit.head.get('/api/notifications'), (r) => r.body.items.some((n: any) => n.kind === 'urged' && n.subjectId === submitted.body.id));
    expect(urged.body.items.find((n: any) => n.kind === 'urged' && n.subjectId === submitted.body.id)).toMatchObject({ subjectKind: 'travel-request', link: `/travel-requests/${submitted.body.id}` });
    // Only the submitter or an earlier approver urges.
    expect((await colleague.staff.post(`/api/subjects/travel-request/${submitted.body.id}/urge`, {})).status).toBe(403);
  });

  it('opens a budget adjustment as a subject: its two lines, and the leaders and finance only', async () => {
    const unit = await freshUnit();
    const finance = await financeClient();
    const special = (await finance.post('/api/budgets', { unit: unit.code, year: FISCAL_YEAR, subject: '30201', fund: 'special', name: '执法记录仪专项', subjects: ['30201'], mode: 'FORBID', allocated: '0.00' })).body;
    const office = (await finance.get(`/api/budgets?unit=${unit.code}&year=${FISCAL_YEAR}`)).body.find((l: any) => l.subject === '30201' && l.fund === 'basic');
    const proposed = await finance.post('/api/budget-adjustments', { from: office.id, to: special.id, amount: '3000.00', reason: '专项追加（关联查询）' });
    const deputy = await login('zhaoliu');
    const task = await taskFor(deputy, proposed.body.id);
    expect(task).toMatchObject({ kind: 'budget-adjustment', title: '专项追加（关联查询）', unitCode: unit.code, link: `/subjects/budget-adjustment/${proposed.body.id}` });

    const related = await deputy.get(`/api/subjects/budget-adjustment/${proposed.body.id}/related`);
    expect(related.status).toBe(200);
    expect(related.body.links.filter((l: any) => l.relation === 'budget-line').map((l: any) => [l.id, l.fields.role])).toEqual([[office.id, 'from'], [special.id, 'to']]);
    expect((await unit.staff.get(`/api/subjects/budget-adjustment/${proposed.body.id}/related`)).status).toBe(403);

    await deputy.post(`/api/tasks/${task.id}/approve`, { comment: '同意' });
    await eventually(() => finance.get(`/api/budget-adjustments/${proposed.body.id}`), (r) => r.body.status === 'EXECUTED');
    const after = (await deputy.get(`/api/subjects/budget-adjustment/${proposed.body.id}/related`)).body;
    expect(after.history.map((h: any) => [h.operation, h.actor])).toEqual([['approve', 'zhaoliu']]);
    expect(after.links.filter((l: any) => l.relation === 'ledger-entry').map((l: any) => l.fields.amount).sort()).toEqual(['-3000.00', '3000.00']);
    // The proposer is told of the decision (the flow has no close step that tells them).
    const proposer = await eventually(() => finance.get('/api/notifications'), (r) => r.body.items.some((n: any) => n.kind === 'approved' && n.subjectId === proposed.body.id));
    expect(proposer.status).toBe(200);
  });

  it('refuses an unknown kind with 404, a malformed one with 400 naming the field, and an unknown task-list kind with 400', async () => {
    const staff: ApiClient = (await freshUnit({ budget: false })).staff;
    const unknown = await staff.get('/api/subjects/no-such-kind/6f1c2a52-0000-4000-8000-000000000000/related');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('SUBJECT_KIND_UNKNOWN');
    const malformed = await staff.get('/api/subjects/BAD_KIND/x/related');
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields.map((f: any) => f.field)).toContain('kind');
    const list = await staff.get('/api/tasks?kind=no-such-kind');
    expect(list.status).toBe(400);
    expect(list.body.fields).toEqual([expect.objectContaining({ field: 'kind' })]);
    expect((await staff.get('/api/subjects')).body.map((k: any) => k.kind)).toEqual(expect.arrayContaining(['expense-claim', 'travel-claim', 'travel-request', 'budget-adjustment']));
  });
});
