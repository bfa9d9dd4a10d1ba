import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { buildExpenseClaim } from './factories/claim.factory';
import { ApiClient, engine, eventually, login, screened } from './support/api';
import { openDatabase } from './support/database';
import { adminClient, financeClient, FRESH_PASSWORD, freshUnit, FreshUnit, taskFor } from './support/people';

/**
 * 待办 is answered from the product's projection of open tasks (docs/task-projection.md). After every
 * kind of change — approvals, transfer, delegation and its answer, an added signer, a return, a
 * withdrawal — each person's 待办, in every sort, lists exactly what the engine's own task query
 * lists for them, in the same order; and the projection's rows come to match the engine's tasks.
 */
describe('待办 from the projection of open tasks agrees with the engine', () => {
  let unit: FreshUnit;
  let colleague: ApiClient;
  let finance: ApiClient;
  let db: Client;
  const claims: string[] = [];

  beforeAll(async () => {
    unit = await freshUnit();
    finance = await financeClient();
    const username = `p${randomBytes(4).toString('hex')}`;
    const created = await (await adminClient()).post('/api/org/users', { username, displayName: `副所长${username}`, title: '副所长', tier: 'other', unit: unit.code, password: FRESH_PASSWORD });
    expect(created.status).toBe(201);
    colleague = await login(username, FRESH_PASSWORD);
    db = await openDatabase();
    // Amounts apart, so the amount sort has one right order; above 5,000 yuan finance approves too.
    // 差旅费, no subject of auto-approval: every one waits for a person.
    for (const amount of ['800.00', '6000.00', '1200.00', '300.00', '2500.00']) {
      const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount, subject: '30211' }));
      expect(submitted.status).toBe(201);
      expect((await screened(unit.staff, submitted.body.id)).status).toBe('IN_APPROVAL');
      claims.push(submitted.body.id);
    }
    await taskFor(unit.head, claims[claims.length - 1]);
  }, 180_000);

  afterAll(async () => {
    await db?.end();
  });

  const SORTS: { sort: 'created' | 'due' | 'amount'; order: 'asc' | 'desc'; engine: object }[] = [
    { sort: 'created', order: 'asc', engine: { sortBy: 'created', sortOrder: 'asc' } },
    { sort: 'due', order: 'asc', engine: { sortBy: 'dueDate', sortOrder: 'asc' } },
    { sort: 'amount', order: 'desc', engine: { sortBy: 'processVariable', sortOrder: 'desc', parameters: { variable: 'amountFen', type: 'Integer' } } },
    { sort: 'amount', order: 'asc', engine: { sortBy: 'processVariable', sortOrder: 'asc', parameters: { variable: 'amountFen', type: 'Integer' } } },
  ];

  /** The person's 待办 of this test's claims, by the API and by the engine's query, in each sort. */
  async function expectAgreement(client: ApiClient): Promise<void> {
    const me = (await client.get('/api/me')).body as { username: string; groups: string[] };
    const workable = { assignee: me.username, candidateUser: me.username, owner: me.username, ...(me.groups.length ? { candidateGroups: me.groups } : {}) };
    for (const { sort, order, engine: sorting } of SORTS) {
      const listed = (await client.get(`/api/tasks?size=100&sort=${sort}&order=${order}`)).body.items as { id: string; subjectId: string }[];
      const fromApi = listed.filter((t) => claims.includes(t.subjectId)).map((t) => t.id);
      const fromEngine = (await engine<{ id: string }[]>('POST', '/task', { orQueries: [workable], processInstanceBusinessKeyIn: claims, sorting: [sorting, { sortBy: 'id', sortOrder: order }] })).map((t) => t.id);
      expect({ person: me.username, sort, order, tasks: fromApi }).toEqual({ person: me.username, sort, order, tasks: fromEngine });
    }
    const { total } = (await client.get('/api/tasks?size=1')).body as { total: number };
    const engineTotal = (await engine<{ count: number }>('POST', '/task/count', { orQueries: [workable] })).count;
    expect(total).toBe(engineTotal);
  }

  /** The projection's rows of this test's instances say what the engine's tasks say (holders, candidates, amount). */
  async function expectRowsMatchEngine(): Promise<void> {
    const instances = (await db.query(`SELECT process_instance_id FROM claim WHERE id = ANY($1::uuid[]) AND process_instance_id IS NOT NULL`, [claims])).rows.map((r) => r.process_instance_id as string);
    const fromEngine = async () => {
      const tasks = await engine<{ id: string; assignee: string | null; owner: string | null }[]>('POST', '/task', { processInstanceIdIn: instances });
      return Promise.all(tasks.map(async (task) => {
        const links = await engine<{ type: string; userId: string | null; groupId: string | null }[]>('GET', `/task/${task.id}/identity-links`);
        const candidates = links.filter((l) => l.type === 'candidate');
        return { task: task.id, assignee: task.assignee, owner: task.owner, groups: candidates.flatMap((l) => (l.groupId ? [l.groupId] : [])).sort() };
      }));
    };
    const fromProjection = async () =>
      (await db.query(`SELECT task_id, assignee, owner, candidate_groups FROM open_task WHERE process_instance_id = ANY($1::text[])`, [instances])).rows.map((r) => ({ task: r.task_id, assignee: r.assignee, owner: r.owner, groups: [...r.candidate_groups].sort() }));
    const byTask = (a: { task: string }, b: { task: string }) => a.task.localeCompare(b.task);
    const expected = (await fromEngine()).sort(byTask);
    // The outbox is drained every TASK_PROJECTION_POLL_MS: the rows follow within seconds.
    const rows = await eventually(fromProjection, (found) => JSON.stringify(found.sort(byTask)) === JSON.stringify(expected), 20_000);
    expect(rows.sort(byTask)).toEqual(expected);
  }

  /** The counts 待办 reads (the tally of worker sets) say what counting the rows says. */
  async function expectTallyMatchesRows(): Promise<void> {
    const { rows } = await db.query(
      `SELECT t.workers, t.process_definition_key, t.tasks, c.tasks AS counted
         FROM open_task_tally t
         FULL JOIN (SELECT workers, coalesce(process_definition_key, '') AS process_definition_key, count(*)::int AS tasks FROM open_task GROUP BY 1, 2) c
           USING (workers, process_definition_key)
        WHERE t.tasks IS DISTINCT FROM c.tasks`,
    );
    expect(rows).toEqual([]);
  }

  const taskOf = async (client: ApiClient, claimId: string) => taskFor(client, claimId);

  it('agrees once the claims are in approval', async () => {
    // The list below is the projection's, not the engine query it falls back to.
    const [state] = (await db.query(`SELECT built_at IS NOT NULL AND drained_at > now() - interval '30 seconds' AS serving FROM task_projection_state`)).rows;
    expect(state.serving).toBe(true);
    await expectAgreement(unit.head);
    await expectAgreement(finance);
    await expectRowsMatchEngine();
  });

  it('agrees after an approval hands a claim on to finance', async () => {
    const step = await taskOf(unit.head, claims[1]);
    expect((await unit.head.post(`/api/tasks/${step.id}/approve`, { comment: '同意' })).status).toBe(200);
    await expectAgreement(unit.head);
    await expectAgreement(finance);
    expect((await finance.get(`/api/tasks?subject=${claims[1]}`)).body.items).toHaveLength(1);
    await expectRowsMatchEngine();
  });

  it('agrees after a transfer, a delegation and its answer, and an added signer', async () => {
    const transferred = await taskOf(unit.head, claims[2]);
    expect((await unit.head.post(`/api/tasks/${transferred.id}/transfer`, { to: colleague.username, comment: '请代为审批' })).status).toBe(200);
    await expectAgreement(unit.head);
    await expectAgreement(colleague);

    const delegated = await taskOf(unit.head, claims[3]);
    expect((await unit.head.post(`/api/tasks/${delegated.id}/delegate`, { to: colleague.username, comment: '请核实' })).status).toBe(200);
    await expectAgreement(unit.head);
    await expectAgreement(colleague);
    expect((await colleague.post(`/api/tasks/${delegated.id}/resolve`, { comment: '已核实' })).status).toBe(200);
    await expectAgreement(unit.head);
    await expectAgreement(colleague);

    const signed = await taskOf(unit.head, claims[4]);
    expect((await unit.head.post(`/api/tasks/${signed.id}/add-signer`, { to: colleague.username, position: 'before', comment: '请先审' })).status).toBe(200);
    await expectAgreement(unit.head);
    await expectAgreement(colleague);
    await expectRowsMatchEngine();
  });

  it('agrees after a return to the submitter and a withdrawal', async () => {
    const returned = await taskOf(colleague, claims[2]);
    expect((await colleague.post(`/api/tasks/${returned.id}/return`, { to: 'submitter', comment: '请补充发票' })).status).toBe(200);
    await expectAgreement(colleague);
    await expectAgreement(unit.staff);

    // Withdrawn outside the approval operations: the page is checked against the engine before it is answered.
    expect((await unit.staff.post(`/api/claims/${claims[0]}/withdraw`)).status).toBe(200);
    const headList = (await unit.head.get(`/api/tasks?size=100`)).body.items as { subjectId: string }[];
    expect(headList.map((t) => t.subjectId)).not.toContain(claims[0]);
    await expectRowsMatchEngine();
    await expectAgreement(unit.head);
    await expectAgreement(unit.staff);
    await expectTallyMatchesRows();
  });
});
