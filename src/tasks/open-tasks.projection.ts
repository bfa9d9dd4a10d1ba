import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { EngineClient, EngineTaskSnapshot } from '../engine/engine-client';
import { SubjectRegistry } from '../subjects/subject-registry';

/** Advisory-lock classes (the first key of pg_advisory_xact_lock(int, int)). */
const INSTANCE_LOCK = 74_251;
const DRAIN_LOCK = 74_252;
/** Outbox entries taken per drain; a full batch is followed by the next at once. */
export const DRAIN_BATCH = 500;
/** Instances reconciled per step of a sweep. */
const SWEEP_BATCH = 500;

/** One open task as 待办 keeps it (a row of open_task). */
export interface OpenTaskRow {
  task_id: string;
  process_instance_id: string;
  process_definition_id: string;
  process_definition_key: string | null;
  subject_kind: string | null;
  subject_id: string | null;
  task_definition_key: string;
  name: string | null;
  assignee: string | null;
  owner: string | null;
  delegation_state: 'PENDING' | 'RESOLVED' | null;
  candidate_users: string[];
  candidate_groups: string[];
  workers: string[];
  /** ISO from the engine; a Date read back from the database. */
  created: string | Date;
  due: string | Date | null;
  /** bigint: a string read back from the database. */
  amount_fen: number | string | null;
  unit_code: string | null;
  submitted_on: number | null;
  approval_index: number | null;
}

/** What 待办 asks of the projection: who may work the tasks, and the list's filters. */
export interface OpenTaskFilter {
  username: string;
  groups: string[];
  processDefinitionKeys?: string[];
  subjectId?: string;
  unitCode?: string;
  minFen?: number;
  maxFen?: number;
  /** Day numbers (20250601). */
  submittedFrom?: number;
  submittedTo?: number;
  dueBefore?: Date;
}

export interface OpenTaskOrder {
  sort: 'created' | 'due' | 'amount';
  order: 'asc' | 'desc';
}

/**
 * The keys a task is workable by, as the engine's 待办 query means them: its assignee and its owner
 * (a delegator waiting for the answer) by name; while unassigned, its candidate users by name and its
 * candidate groups. The same keys for a person are `workerKeys`; a task is theirs when the two overlap.
 */
export function workersOf(task: Pick<EngineTaskSnapshot, 'assignee' | 'owner' | 'candidateUsers' | 'candidateGroups'>): string[] {
  const users = new Set<string>();
  if (task.assignee) users.add(task.assignee);
  if (task.owner) users.add(task.owner);
  if (!task.assignee) for (const user of task.candidateUsers) users.add(user);
  const groups = task.assignee ? [] : [...new Set(task.candidateGroups)];
  return [...[...users].map((u) => `u:${u}`), ...groups.map((g) => `g:${g}`)].sort();
}

export function workerKeys(username: string, groups: string[]): string[] {
  return [`u:${username}`, ...groups.map((g) => `g:${g}`)];
}

const integerOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null);

/**
 * 待办's product-side projection of the engine's open tasks (docs/task-projection.md). The engine's
 * triggers write the instance of every task change into its outbox in the changing transaction; this
 * drains the outbox, and every write replaces an instance's rows by the engine's current snapshot of
 * them, read while holding the instance's advisory lock — so whichever writer comes last read last,
 * and a late or repeated entry only repeats work. Operations refresh their instance at once, each
 * page is checked against the engine before it is answered, and a periodic sweep reconciles all.
 */
@Injectable()
export class OpenTaskProjection {
  private readonly logger = new Logger(OpenTaskProjection.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly subjects: SubjectRegistry,
    private readonly config: AppConfig,
  ) {}

  /**
   * Whether 待办 may be answered from the projection: it has been built once, and some node drained
   * the outbox within TASK_PROJECTION_STALE_MS. Otherwise the engine's own query answers.
   */
  async serving(): Promise<boolean> {
    if (!this.config.TASK_PROJECTION_ENABLED) return false;
    const [state] = await this.dataSource.query(
      `SELECT built_at IS NOT NULL AND drained_at > now() - make_interval(secs => $1::double precision / 1000) AS serving FROM task_projection_state WHERE id = 1`,
      [this.config.TASK_PROJECTION_STALE_MS],
    );
    return state?.serving === true;
  }

  /** Replaces the rows of these instances by what the engine holds now. */
  async refresh(processInstanceIds: string[]): Promise<void> {
    const ids = [...new Set(processInstanceIds)];
    if (ids.length === 0) return;
    await this.dataSource.transaction((tx) => this.refreshIn(tx, ids));
  }

  /** Refreshes and then reports failure without throwing: an operation already done must not fail on its projection. */
  async refreshQuietly(processInstanceIds: string[]): Promise<void> {
    await this.refresh(processInstanceIds).catch((error: Error) => this.logger.warn(`refreshing the projection of ${processInstanceIds.join(',')} failed (the outbox brings it): ${error.message}`));
  }

  /**
   * Applies the oldest outbox entries; one node at a time drains (the others skip the round).
   * Answers how many entries were applied, or null when another node holds the drain.
   */
  async drain(): Promise<number | null> {
    const taken = await this.dataSource.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1, 0) AS locked`, [DRAIN_LOCK]);
      if (!locked) return null;
      const changes = await this.engine.takeTaskChanges(DRAIN_BATCH);
      if (changes.length > 0) await this.refreshIn(tx, [...new Set(changes.map((c) => c.processInstanceId))]);
      await tx.query(`UPDATE task_projection_state SET drained_at = now() WHERE id = 1`);
      return changes;
    });
    if (taken === null) return null;
    // Only after the rows are committed: a crash before this leaves the entries to be applied again.
    await this.engine.acknowledgeTaskChanges(taken.map((c) => c.seq));
    return taken.length;
  }

  /**
   * Reconciles every instance the engine or the projection holds, in id order, a batch at a time:
   * what the outbox could not bring (a projection built on an engine that ran without it, rows of a
   * database restored from backup) is put right. The first sweep builds the projection.
   */
  async sweep(): Promise<{ instances: number }> {
    let after = '';
    let instances = 0;
    for (;;) {
      const fromEngine = await this.engine.instancesWithTasks(after, SWEEP_BATCH);
      const upper = fromEngine.length < SWEEP_BATCH ? null : fromEngine[fromEngine.length - 1];
      const fromProjection: { id: string }[] = await this.dataSource.query(
        `SELECT DISTINCT process_instance_id AS id FROM open_task WHERE process_instance_id COLLATE "C" > $1 AND ($2::text IS NULL OR process_instance_id COLLATE "C" <= $2)`,
        [after, upper],
      );
      const ids = [...new Set([...fromEngine, ...fromProjection.map((r) => r.id)])];
      for (let i = 0; i < ids.length; i += SWEEP_BATCH) await this.refresh(ids.slice(i, i + SWEEP_BATCH));
      instances += ids.length;
      if (upper === null) break;
      after = upper;
    }
    await this.dataSource.query(`UPDATE task_projection_state SET built_at = coalesce(built_at, now()), swept_at = now() WHERE id = 1`);
    return { instances };
  }

  /** Claims the next sweep for this node when none ran within `everyMs` (or none ever did). */
  async claimSweep(everyMs: number): Promise<boolean> {
    const [{ claimed }] = await this.dataSource.query(
      `WITH claim AS (
         UPDATE task_projection_state SET swept_at = now()
          WHERE id = 1 AND (built_at IS NULL OR swept_at IS NULL OR swept_at < now() - make_interval(secs => $1::double precision / 1000))
         RETURNING id)
       SELECT count(*)::int AS claimed FROM claim`,
      [everyMs],
    );
    return claimed > 0;
  }

  /** One page of the tasks a person may work, filtered and sorted, with the count of all. */
  async page(filter: OpenTaskFilter, order: OpenTaskOrder, offset: number, limit: number): Promise<{ rows: OpenTaskRow[]; total: number }> {
    const { where, params } = this.where(filter);
    const column = { created: 'created', due: 'due', amount: 'amount_fen' }[order.sort];
    const direction = order.order === 'desc' ? 'DESC' : 'ASC';
    const [rows, total] = await Promise.all([
      this.dataSource.query(
        `SELECT ${ROW_COLUMNS} FROM open_task WHERE ${where} ORDER BY ${column} ${direction}, task_id ${direction} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
        params,
      ) as Promise<OpenTaskRow[]>,
      this.count(filter),
    ]);
    return { rows, total };
  }

  /**
   * How many tasks the filter finds. Without filters beyond the person and the kind — the menu badge,
   * the list as it opens — it is summed from the tally of worker sets rather than counted task by task.
   */
  async count(filter: OpenTaskFilter): Promise<number> {
    const { username, groups, processDefinitionKeys, ...narrowing } = filter;
    if (Object.values(narrowing).every((value) => value === undefined)) {
      const [{ total }] = await this.dataSource.query(
        `SELECT coalesce(sum(tasks), 0)::int AS total FROM open_task_tally WHERE workers && $1::text[] AND ($2::text[] IS NULL OR process_definition_key = ANY($2::text[]))`,
        [workerKeys(username, groups), processDefinitionKeys ?? null],
      );
      return total;
    }
    const { where, params } = this.where(filter);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM open_task WHERE ${where}`, params);
    return total;
  }

  /**
   * Whether these rows still say what the engine holds: a page is checked before it is answered, so a
   * task decided, withdrawn or handed on elsewhere never shows, however far the outbox lags. The
   * instances of rows that differ are refreshed; answers whether any did.
   */
  async repair(rows: OpenTaskRow[]): Promise<boolean> {
    if (rows.length === 0) return false;
    const instances = [...new Set(rows.map((r) => r.process_instance_id))];
    const now = new Map((await this.engine.taskSnapshots(instances)).map((task) => [task.id, task]));
    const stale = rows.filter((row) => {
      const task = now.get(row.task_id);
      return !task || !sameRow(row, this.rowOf(task));
    });
    if (stale.length === 0) return false;
    await this.refresh(stale.map((r) => r.process_instance_id));
    return true;
  }

  private where(filter: OpenTaskFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [workerKeys(filter.username, filter.groups)];
    const where = ['workers && $1::text[]'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.processDefinitionKeys) add('process_definition_key = ANY(?::text[])', filter.processDefinitionKeys);
    if (filter.subjectId) add('subject_id = ?', filter.subjectId);
    if (filter.unitCode) add('unit_code = ?', filter.unitCode);
    if (filter.minFen !== undefined) add('amount_fen >= ?', filter.minFen);
    if (filter.maxFen !== undefined) add('amount_fen <= ?', filter.maxFen);
    if (filter.submittedFrom !== undefined) add('submitted_on >= ?', filter.submittedFrom);
    if (filter.submittedTo !== undefined) add('submitted_on <= ?', filter.submittedTo);
    if (filter.dueBefore) add('due < ?', filter.dueBefore.toISOString());
    return { where: where.join(' AND '), params };
  }

  /** Locks the instances (in one order everywhere, so writers never deadlock), reads them from the engine, and replaces their rows. */
  private async refreshIn(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock($1, h) FROM (SELECT DISTINCT hashtext(id) AS h FROM unnest($2::text[]) AS id ORDER BY h) AS locks`, [INSTANCE_LOCK, ids]);
    const rows = (await this.engine.taskSnapshots(ids)).map((task) => this.rowOf(task));
    await tx.query(`DELETE FROM open_task WHERE process_instance_id = ANY($1::text[]) AND NOT (task_id = ANY($2::text[]))`, [ids, rows.map((r) => r.task_id)]);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO open_task (${ROW_COLUMNS}, refreshed_at)
       SELECT ${ROW_COLUMNS}, now() FROM jsonb_populate_recordset(NULL::open_task, $1::jsonb)
       ON CONFLICT (task_id) DO UPDATE SET ${ROW_COLUMNS.split(', ').filter((c) => c !== 'task_id').map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, refreshed_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  private rowOf(snapshot: EngineTaskSnapshot): OpenTaskRow {
    // An expression that names no candidate leaves an empty link (the added signer's step): it offers the task to nobody.
    const task = { ...snapshot, candidateUsers: snapshot.candidateUsers.filter(Boolean), candidateGroups: snapshot.candidateGroups.filter(Boolean) };
    const kind = task.processDefinitionKey ? this.subjects.ofProcess(task.processDefinitionKey) : undefined;
    const unit = task.variables.unitCode;
    return {
      task_id: task.id,
      process_instance_id: task.processInstanceId,
      process_definition_id: task.processDefinitionId,
      process_definition_key: task.processDefinitionKey,
      subject_kind: kind?.kind ?? null,
      subject_id: task.businessKey,
      task_definition_key: task.taskDefinitionKey,
      name: task.name,
      assignee: task.assignee,
      owner: task.owner,
      delegation_state: task.delegationState,
      candidate_users: [...task.candidateUsers].sort(),
      candidate_groups: [...task.candidateGroups].sort(),
      workers: workersOf(task),
      created: task.created,
      due: task.due,
      amount_fen: integerOrNull(task.variables.amountFen),
      unit_code: typeof unit === 'string' ? unit : null,
      submitted_on: integerOrNull(task.variables.submittedOn),
      approval_index: integerOrNull(task.variables.approvalIndex),
    };
  }
}

const ROW_COLUMNS =
  'task_id, process_instance_id, process_definition_id, process_definition_key, subject_kind, subject_id, task_definition_key, name, assignee, owner, delegation_state, candidate_users, candidate_groups, workers, created, due, amount_fen, unit_code, submitted_on, approval_index';

/** The same task in the same state: what the list shows, filters and sorts on. */
function sameRow(stored: OpenTaskRow, now: OpenTaskRow): boolean {
  const time = (value: string | Date | null) => (value === null ? null : new Date(value).getTime());
  return (
    stored.assignee === now.assignee &&
    stored.owner === now.owner &&
    stored.delegation_state === now.delegation_state &&
    stored.name === now.name &&
    stored.task_definition_key === now.task_definition_key &&
    stored.workers.join('\n') === now.workers.join('\n') &&
    time(stored.due) === time(now.due) &&
    (stored.amount_fen === null ? null : Number(stored.amount_fen)) === (now.amount_fen === null ? null : Number(now.amount_fen)) &&
    stored.unit_code === now.unit_code &&
    stored.submitted_on === now.submitted_on &&
    stored.approval_index === now.approval_index
  );
}
