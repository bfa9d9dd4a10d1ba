import { buildExpenseClaim, buildInvoice, buildTravelClaim, invoiceNumber } from './factories/claim.factory';
import { ApiClient, eventually, login, screened } from './support/api';
import { adminClient, approvedRequest, freshUnit, taskFor } from './support/people';
import { withRequiredDocuments } from './support/papers';

const ruleIds = (claim: { findings: { ruleId: string }[] }) => claim.findings.map((f) => f.ruleId).sort();

describe('screening through the real engine and database', () => {
  let wangwu: ApiClient;
  let zhaoliu: ApiClient;
  beforeAll(async () => {
    [wangwu, zhaoliu] = await Promise.all([login('wangwu'), login('zhaoliu')]);
  });

  it('cuts lodging above the cap, shows the reimbursable amount, and walks the chain through finance', async () => {
    const unit = await freshUnit();
    await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15' });
    const document = buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, invoice: { amount: '943.40', tax: '56.60', total: '1000.00' } });
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', document)).body.id);

    expect(claim).toMatchObject({ status: 'IN_APPROVAL', total: '1635.00', reimbursable: '1435.00', route: ['unit-head', 'finance'] });
    expect(ruleIds(claim)).toEqual(['STD-LODGING']);
    const [lodging] = claim.findings;
    expect(lodging).toMatchObject({ severity: 'adjust', adjust: '200.00', facts: { tier: 'other', lodgingCheck: { allowedFen: 80000, excessFen: 20000 } } });
    expect(claim.approvalChain.map((s: any) => s.group)).toEqual([`unit-head:${unit.code}`, 'finance']);

    await unit.head.post(`/api/tasks/${(await taskFor(unit.head, claim.id)).id}/complete`, { decision: 'approve' });
    const financeTask = await taskFor(wangwu, claim.id);
    expect(financeTask.taskDefinitionKey).toBe('approval');
    expect((await unit.head.get(`/api/tasks?subject=${claim.id}`)).body.items.map((t: any) => t.subjectId)).not.toContain(claim.id);
    await wangwu.post(`/api/tasks/${financeTask.id}/complete`, { decision: 'approve', comment: '按标准核减住宿费' });
    const done = await eventually(() => unit.staff.get(`/api/claims/${claim.id}`), (r) => r.body.activities.length === 0);
    expect(done.body.status).toBe('APPROVED');
  });

  it('finds every invoice problem of a claim at once: format, buyer, tax id, date and lodging city', async () => {
    const unit = await freshUnit();
    await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15' });
    const document = buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, invoice: { city: '宁波' } });
    const general = { kind: 'general' as const, city: undefined, date: '2026-10-14' };
    const malformed = invoiceNumber().slice(0, 19); // 19 digits, and unique to this run
    document.invoices.push(
      buildInvoice({ ...general, number: malformed }),
      buildInvoice({ ...general, buyerName: '义乌市交通运输局' }),
      buildInvoice({ ...general, sellerTaxId: '91330100MA27Y8K3P4' }),
      buildInvoice({ kind: 'transport', city: undefined, date: '2026-10-03' }),
    );
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', document)).body.id);
    expect(claim.status).toBe('RETURNED');
    expect(ruleIds(claim)).toEqual(['INV-BUYER', 'INV-CITY', 'INV-DATE', 'INV-FORMAT', 'INV-TAXID']);
    const byRule = Object.fromEntries(claim.findings.map((f: any) => [f.ruleId, f]));
    expect(byRule['INV-FORMAT'].facts.invoice).toBe(malformed);
    expect(byRule['INV-DATE'].facts.invoiceDates).toMatchObject({ tripBound: true, daysBeforeTrip: 10 });
    expect(byRule['INV-CITY']).toMatchObject({ severity: 'warn', facts: { lodgingCity: { invoiceCity: '宁波', destination: '杭州' } } });
  });

  it('adjusts uninvoiced lodging and excess allowances, warns of a late full fare and a changed trip, and catches the trip claimed twice', async () => {
    const unit = await freshUnit();
    await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-14' });
    const document = buildTravelClaim({ claimant: unit.staff.username, unit: unit.name });
    const trip = document.trips[0];
    trip.legs[0] = { mode: 'air', class: '经济舱', from: '义乌', to: '杭州', date: '2026-10-13', fare: '1240.00', fullFare: '1240.00', bookedOn: '2026-10-12' } as any;
    trip.lodging = [{ city: '杭州', nights: 2, amount: '700.00' } as any];
    trip.allowances = { mealDays: 4, meal: '400.00', transportDays: 4, transport: '320.00' };
    document.invoices = [];
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', document)).body.id);

    expect(ruleIds(claim)).toEqual(['STD-ALLOWANCE', 'STD-FULL-FARE', 'STD-NO-LODGING-INVOICE', 'TRIP-MISMATCH']);
    expect(claim).toMatchObject({ status: 'IN_APPROVAL', total: '2707.50', reimbursable: '1827.50', route: ['unit-head', 'finance'] });
    expect(claim.findings.find((f: any) => f.ruleId === 'STD-ALLOWANCE')).toMatchObject({ adjust: '180.00' });
    expect(claim.findings.find((f: any) => f.ruleId === 'TRIP-MISMATCH').facts.tripConflicts.mismatchFields).toEqual(['end']);

    const again = await screened(unit.staff, (await unit.staff.post('/api/claims', document)).body.id);
    expect(again.status).toBe('RETURNED');
    expect(ruleIds(again)).toContain('TRIP-DUPLICATE');
    expect(again.findings.find((f: any) => f.ruleId === 'TRIP-DUPLICATE').facts.tripConflicts.duplicates[0].claimId).toBe(claim.id);
  });

  it('lets exactly one of two claims racing for one invoice hold it; the other comes back with INV-DUPLICATE', async () => {
    const [a, b] = await Promise.all([freshUnit(), freshUnit()]);
    await Promise.all([a, b].map((unit) => approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15' })));
    const invoice = buildInvoice({ date: '2026-10-15' });
    const documents = [a, b].map((unit) => {
      const document = buildTravelClaim({ claimant: unit.staff.username, unit: unit.name });
      document.invoices = [invoice];
      document.trips[0].lodging[0].invoice = invoice.number;
      return document;
    });
    const submitted = await Promise.all([a.staff.post('/api/claims', documents[0]), b.staff.post('/api/claims', documents[1])]);
    const claims = await Promise.all([screened(a.staff, submitted[0].body.id), screened(b.staff, submitted[1].body.id)]);

    const statuses = claims.map((c) => c.status).sort();
    expect(statuses).toEqual(['IN_APPROVAL', 'RETURNED']);
    const loser = claims.find((c) => c.status === 'RETURNED')!;
    const winner = claims.find((c) => c.status === 'IN_APPROVAL')!;
    expect(ruleIds(loser)).toEqual(['INV-DUPLICATE']);
    expect(loser.findings[0].facts.invoiceRegistry.otherClaim.claimId).toBe(winner.id);

    // Once the holder is rejected the invoice is free again, and the returned claim passes on resubmission.
    const holder = winner.id === claims[0].id ? a : b;
    const other = holder === a ? b : a;
    await holder.head.post(`/api/tasks/${(await taskFor(holder.head, winner.id)).id}/complete`, { decision: 'reject', comment: '重复报销' });
    await eventually(() => holder.staff.get(`/api/claims/${winner.id}`), (r) => r.body.status === 'REJECTED');
    await other.staff.put(`/api/claims/${loser.id}`, loser.document);
    expect(await screened(other.staff, loser.id)).toMatchObject({ status: 'IN_APPROVAL', findings: [] });
  });

  it('blocks a trip overlapping an approved trip elsewhere and allows back-to-back trips sharing one day', async () => {
    const unit = await freshUnit();
    await approvedRequest(unit, { destination: '宁波', start: '2026-10-14', end: '2026-10-16' });
    await approvedRequest(unit, { destination: '杭州', start: '2026-10-11', end: '2026-10-13' });
    await approvedRequest(unit, { destination: '金华', start: '2026-10-16', end: '2026-10-18' });

    const overlapping = await screened(unit.staff, (await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, start: '2026-10-12', end: '2026-10-15' }))).body.id);
    expect(overlapping.status).toBe('RETURNED');
    expect(ruleIds(overlapping)).toContain('TRIP-OVERLAP');
    const overlap = overlapping.findings.find((f: any) => f.ruleId === 'TRIP-OVERLAP');
    expect(overlap.facts.tripConflicts.overlaps).toEqual([expect.objectContaining({ kind: 'request', destination: '宁波' })]);

    const backToBack = await screened(unit.staff, (await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, destination: '金华', start: '2026-10-16', end: '2026-10-18', invoice: { amount: '660.38', tax: '39.62', total: '700.00' } }))).body.id);
    expect(backToBack).toMatchObject({ status: 'IN_APPROVAL', findings: [] });
  });

  it('blocks a trip without an approved request, and a seat above the traveller’s class', async () => {
    const unit = await freshUnit();
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, seatClass: '一等座' }))).body.id);
    expect(claim.status).toBe('RETURNED');
    expect(ruleIds(claim)).toEqual(['STD-TRANSPORT-CLASS', 'TRIP-NO-REQUEST']);
    expect(claim.findings.find((f: any) => f.ruleId === 'STD-TRANSPORT-CLASS').facts.seatClassCheck.violations).toHaveLength(2);
  });

  it('hands the unit-head step of the head’s own claim to the deputy chief in charge', async () => {
    const unit = await freshUnit();
    const headName = unit.head.username;
    const submitted = await unit.head.post('/api/claims', buildExpenseClaim({ claimant: headName, unit: unit.name, amount: '800.00' }));
    const claim = await screened(unit.head, submitted.body.id);
    expect(claim).toMatchObject({ status: 'IN_APPROVAL', route: ['deputy-chief'] });
    expect(ruleIds(claim)).toEqual(['CLM-SELF-APPROVAL']);
    expect(claim.approvalChain[0]).toMatchObject({ group: 'deputy-chief', substitutedFor: 'unit-head' });
    expect((await unit.head.get(`/api/tasks?subject=${claim.id}`)).body.items.map((t: any) => t.subjectId)).not.toContain(claim.id);
    expect((await taskFor(zhaoliu, claim.id)).taskDefinitionKey).toBe('approval');
  });

  it('routes an expense claim by amount, and a 三公 subject to the deputy chief', async () => {
    const unit = await freshUnit();
    const large = await screened(unit.staff, (await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '26000.00' }))).body.id);
    expect(large).toMatchObject({ status: 'IN_APPROVAL', findings: [], route: ['unit-head', 'finance', 'deputy-chief'] });

    const exactly = await screened(unit.staff, (await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '5000.00', payee: '另一家公司', date: '2026-06-01' }))).body.id);
    expect(exactly).toMatchObject({ route: ['unit-head'] });

    const reception = await screened(unit.staff, (await unit.staff.post('/api/claims', await withRequiredDocuments(unit.staff, buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '600.00', subject: '30217', payee: '义乌某酒店', date: '2026-05-01' })))).body.id);
    expect(reception).toMatchObject({ route: ['unit-head', 'deputy-chief'] });
  });

  it('warns of a split claim and routes it at the combined tier', async () => {
    const unit = await freshUnit();
    const payee = '义乌市拆单办公设备有限公司';
    const first = await screened(unit.staff, (await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '3000.00', payee, date: '2026-10-01' }))).body.id);
    expect(first).toMatchObject({ findings: [], route: ['unit-head'] });
    const second = await screened(unit.staff, (await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '3000.00', payee, date: '2026-10-20' }))).body.id);
    expect(ruleIds(second)).toEqual(['CLM-SPLIT']);
    expect(second).toMatchObject({ status: 'IN_APPROVAL', route: ['unit-head', 'finance'] });
    expect(second.findings[0].facts.splitClaims).toMatchObject({ combinedFen: 600000, crossedTierFen: 500000, claims: [{ id: first.id }] });
  });
});

describe('travel requests', () => {
  it('refuses a request with bad fields, naming them', async () => {
    const unit = await freshUnit();
    const response = await unit.staff.post('/api/travel-requests', { traveller: 'nobody-here', destination: '', start: '2026-10-15', end: '2026-10-13', estimate: 'abc', purpose: '培训' });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['destination', 'estimate']));
    expect((await unit.staff.get('/api/travel-requests')).body).toEqual([]);
  });

  it('is rejected by the unit head, and then does not cover a trip', async () => {
    const unit = await freshUnit();
    const submitted = await unit.staff.post('/api/travel-requests', { traveller: unit.staff.username, destination: '杭州', start: '2026-10-13', end: '2026-10-15', estimate: '1500.00', purpose: '培训' });
    const task = await taskFor(unit.head, submitted.body.id);
    expect(task).toMatchObject({ kind: 'travel-request', taskDefinitionKey: 'request-approval', amount: '1500.00' });
    expect((await unit.head.post(`/api/tasks/${task.id}/complete`, { decision: 'return', comment: '改期' })).status).toBe(400);
    await unit.head.post(`/api/tasks/${task.id}/complete`, { decision: 'reject', comment: '不予批准' });
    await eventually(() => unit.staff.get(`/api/travel-requests/${submitted.body.id}`), (r) => r.body.status === 'REJECTED');
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name }))).body.id);
    expect(ruleIds(claim)).toEqual(['TRIP-NO-REQUEST']);
  });
});

describe('rule sets and travel standards as data', () => {
  let admin: ApiClient;
  let wangwu: ApiClient;
  beforeAll(async () => {
    [admin, wangwu] = await Promise.all([adminClient(), login('wangwu')]);
  });

  it('lists the rule sets with their versions', async () => {
    const response = await admin.get('/api/rules');
    expect(response.status).toBe(200);
    expect(response.body.map((s: any) => s.set).sort()).toEqual(['asset', 'asset-disposal', 'budget', 'claim', 'contract', 'contract-payment', 'documents', 'invoice', 'payment', 'procurement', 'routing', 'standards', 'stocktake', 'trip']);
  });

  it('answers a dry run of a lowered finance threshold with the claims it would reroute', async () => {
    const unit = await freshUnit();
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '4000.00', payee: '干跑测试公司' }))).body.id);
    expect(claim.route).toEqual(['unit-head']);

    const current = (await admin.get('/api/rules/routing')).body.inForce;
    const proposal = { effectiveFrom: '2099-01-01', data: { ...current.data, thresholdsFen: { ...current.data.thresholdsFen, finance: 300000 } }, rules: current.rules, dryRun: 50 };
    const versionsBefore = (await admin.get('/api/rules/routing')).body.versions.length;
    const dryRun = await admin.post('/api/rules/routing/dry-run', proposal);
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.changes).toEqual(expect.arrayContaining([expect.objectContaining({ claimId: claim.id, routeBefore: ['unit-head'], routeAfter: ['unit-head', 'finance'] })]));
    expect((await admin.get('/api/rules/routing')).body.versions).toHaveLength(versionsBefore);
  });

  it('refuses a rule set naming an unknown fact, and a rule change by someone who is not a process administrator', async () => {
    const current = (await admin.get('/api/rules/routing')).body.inForce;
    const bad = { effectiveFrom: '2099-01-01', data: current.data, rules: [{ ...current.rules[0], conditions: { all: [{ fact: 'amountt', operator: 'greaterThan', value: 0 }] } }] };
    const refused = await admin.put('/api/rules/routing', bad);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'RULE_SET_INVALID' });
    expect(refused.body.messageEn).toContain('amountt');
    expect((await wangwu.put('/api/rules/routing', { effectiveFrom: '2099-01-01', data: current.data, rules: current.rules })).status).toBe(403);
  });

  it('stores an unchanged version with a later effective day and lists it', async () => {
    const before = (await admin.get('/api/rules/trip')).body;
    const stored = await admin.put('/api/rules/trip', { effectiveFrom: '2099-01-01', data: before.inForce.data, rules: before.inForce.rules, dryRun: 5 });
    expect(stored.status).toBe(200);
    expect(stored.body.stored).toMatchObject({ set: 'trip', version: before.versions.at(-1).version + 1, effectiveFrom: '2099-01-01' });
    expect(stored.body.dryRun.changed).toBe(0);
    expect((await admin.get('/api/rules/trip')).body.inForce.version).toBe(before.inForce.version);
  });

  it('lets finance add a lodging standard that screening then applies, and nobody else', async () => {
    const city = `测试市${Date.now()}`;
    const row = { city, tier: 'other', lodgingPerNight: '300.00', source: 'e2e' };
    const unit = await freshUnit();
    expect((await unit.staff.put('/api/standards', { effectiveFrom: '2026-01-01', lodging: [row] })).status).toBe(403);
    const bad = await wangwu.put('/api/standards', { effectiveFrom: '2026-13-01', lodging: [{ ...row, lodgingPerNight: '-1' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['effectiveFrom', 'lodging[0].lodgingPerNight']));
    expect((await wangwu.put('/api/standards', { effectiveFrom: '2026-01-01', lodging: [row] })).body).toEqual({ stored: 1, effectiveFrom: '2026-01-01' });
    expect((await wangwu.get('/api/standards?on=2026-10-13')).body.lodging).toEqual(expect.arrayContaining([expect.objectContaining({ city, lodgingPerNight: '300.00' })]));

    await approvedRequest(unit, { destination: city, start: '2026-10-13', end: '2026-10-15' });
    const claim = await screened(unit.staff, (await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, destination: city }))).body.id);
    expect(ruleIds(claim)).toEqual(['STD-LODGING']);
    expect(claim.reimbursable).toBe('1235.00');
  });
});
