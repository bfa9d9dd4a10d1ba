import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 待办's projection of the engine's open tasks (docs/task-projection.md): one row per open task of a
 * process instance with what the list filters and sorts on, and `workers` — the keys of the people and
 * groups it is workable by ('u:<user>' for its assignee, owner and, while unassigned, candidate users;
 * 'g:<group>' for its candidate groups while unassigned) — so "workable by me" is one indexed overlap.
 * task_projection_state records when the projection was first built, last drained and last swept.
 */
export class OpenTaskProjection1765730000000 implements MigrationInterface {
  name = 'OpenTaskProjection1765730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open_task (
        task_id text PRIMARY KEY,
        process_instance_id text NOT NULL,
        process_definition_id text NOT NULL,
        process_definition_key text,
        subject_kind text,
        subject_id text,
        task_definition_key text NOT NULL,
        name text,
        assignee text,
        owner text,
        delegation_state text,
        candidate_users text[] NOT NULL DEFAULT '{}',
        candidate_groups text[] NOT NULL DEFAULT '{}',
        workers text[] NOT NULL DEFAULT '{}',
        created timestamptz NOT NULL,
        due timestamptz,
        amount_fen bigint,
        unit_code text,
        submitted_on integer,
        approval_index integer,
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX open_task_instance ON open_task (process_instance_id)`);
    await q.query(`CREATE INDEX open_task_workers ON open_task USING gin (workers)`);
    await q.query(`CREATE INDEX open_task_created ON open_task (created, task_id)`);
    await q.query(`CREATE INDEX open_task_due ON open_task (due, task_id)`);
    await q.query(`CREATE INDEX open_task_amount ON open_task (amount_fen, task_id)`);
    await q.query(`CREATE INDEX open_task_subject ON open_task (subject_id)`);
    await q.query(`
      CREATE TABLE task_projection_state (
        id integer PRIMARY KEY CHECK (id = 1),
        built_at timestamptz,
        drained_at timestamptz,
        swept_at timestamptz
      )`);
    await q.query(`INSERT INTO task_projection_state (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_projection_state`);
    await q.query(`DROP TABLE open_task`);
  }
}
