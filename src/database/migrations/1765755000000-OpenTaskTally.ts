import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 待办's count without counting: `open_task_tally` holds how many open tasks share each set of
 * workers and process, kept by statement triggers on `open_task` in the same transaction. A person's
 * count is the sum over the sets that name them — exact, since each task sits in one set — and reads
 * a few hundred rows instead of the approver's 100,000 tasks. The triggers take one transaction lock
 * before touching the tally, so refreshes that write sets in different orders never deadlock.
 */
export class OpenTaskTally1765755000000 implements MigrationInterface {
  name = 'OpenTaskTally1765755000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open_task_tally (
        workers text[] NOT NULL,
        process_definition_key text NOT NULL,
        tasks integer NOT NULL,
        PRIMARY KEY (workers, process_definition_key)
      )`);
    await q.query(`
      CREATE FUNCTION open_task_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(74252);
        IF TG_OP = 'INSERT' THEN
          INSERT INTO open_task_tally (workers, process_definition_key, tasks)
            SELECT workers, coalesce(process_definition_key, ''), count(*)::int FROM open_task_new GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (workers, process_definition_key) DO UPDATE SET tasks = open_task_tally.tasks + EXCLUDED.tasks;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO open_task_tally (workers, process_definition_key, tasks)
            SELECT workers, coalesce(process_definition_key, ''), -count(*)::int FROM open_task_old GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (workers, process_definition_key) DO UPDATE SET tasks = open_task_tally.tasks + EXCLUDED.tasks;
        ELSE
          INSERT INTO open_task_tally (workers, process_definition_key, tasks)
            SELECT workers, key, sum(change)::int FROM (
              SELECT workers, coalesce(process_definition_key, '') AS key, 1 AS change FROM open_task_new
              UNION ALL SELECT workers, coalesce(process_definition_key, ''), -1 FROM open_task_old) AS changes
            GROUP BY 1, 2 HAVING sum(change) <> 0 ORDER BY 1, 2
            ON CONFLICT (workers, process_definition_key) DO UPDATE SET tasks = open_task_tally.tasks + EXCLUDED.tasks;
        END IF;
        DELETE FROM open_task_tally WHERE tasks = 0;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER open_task_tally_insert AFTER INSERT ON open_task REFERENCING NEW TABLE AS open_task_new FOR EACH STATEMENT EXECUTE FUNCTION open_task_tally_apply()`);
    await q.query(`CREATE TRIGGER open_task_tally_update AFTER UPDATE ON open_task REFERENCING OLD TABLE AS open_task_old NEW TABLE AS open_task_new FOR EACH STATEMENT EXECUTE FUNCTION open_task_tally_apply()`);
    await q.query(`CREATE TRIGGER open_task_tally_delete AFTER DELETE ON open_task REFERENCING OLD TABLE AS open_task_old FOR EACH STATEMENT EXECUTE FUNCTION open_task_tally_apply()`);
    await q.query(`
      INSERT INTO open_task_tally (workers, process_definition_key, tasks)
        SELECT workers, coalesce(process_definition_key, ''), count(*)::int FROM open_task GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER open_task_tally_insert ON open_task`);
    await q.query(`DROP TRIGGER open_task_tally_update ON open_task`);
    await q.query(`DROP TRIGGER open_task_tally_delete ON open_task`);
    await q.query(`DROP FUNCTION open_task_tally_apply()`);
    await q.query(`DROP TABLE open_task_tally`);
  }
}
