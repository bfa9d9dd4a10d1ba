import { MigrationInterface, QueryRunner } from 'typeorm';

/** Proposals to move allocation between budget lines, approved through `budget-adjustment`. */
export class BudgetAdjustment1764200000000 implements MigrationInterface {
  name = 'BudgetAdjustment1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budget_adjustment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_line_id uuid NOT NULL REFERENCES budget_line(id),
        to_line_id uuid NOT NULL REFERENCES budget_line(id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reason text NOT NULL,
        proposed_by text NOT NULL,
        needs_deputy_chief boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'EXECUTED', 'REJECTED', 'REFUSED')),
        outcome_note text,
        process_instance_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_line_id <> to_line_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE budget_adjustment`);
  }
}
