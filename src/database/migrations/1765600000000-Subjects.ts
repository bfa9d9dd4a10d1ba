import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approvals, copies and notifications are about subjects (a kind and an id) instead of a column per
 * kind of record: approval_action and notification carry subject_kind and subject_id, claim_copy
 * becomes subject_copy. Existing rows move over (a claim's kind from its type; a budget adjustment's
 * actions, which named no record, by their process instance). approval_action also keeps the
 * subject's unit and amount as they were when the step was worked, for 已办's filters.
 */
export class Subjects1765600000000 implements MigrationInterface {
  name = 'Subjects1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval_action ADD COLUMN subject_kind text, ADD COLUMN subject_id text, ADD COLUMN unit_code text, ADD COLUMN amount_fen bigint`);
    await q.query(`
      UPDATE approval_action a SET subject_kind = CASE c.type WHEN 'travel' THEN 'travel-claim' ELSE 'expense-claim' END,
             subject_id = c.id::text, unit_code = u.code, amount_fen = c.total_fen
        FROM claim c JOIN org_unit u ON u.id = c.unit_id
       WHERE c.id = a.claim_id OR (a.claim_id IS NULL AND a.travel_request_id IS NULL AND c.process_instance_id = a.process_instance_id)`);
    await q.query(`
      UPDATE approval_action a SET subject_kind = 'travel-request', subject_id = r.id::text, unit_code = u.code, amount_fen = r.estimate_fen
        FROM travel_request r JOIN org_unit u ON u.id = r.unit_id
       WHERE r.id = a.travel_request_id OR (a.subject_kind IS NULL AND a.travel_request_id IS NULL AND r.process_instance_id = a.process_instance_id)`);
    await q.query(`
      UPDATE approval_action a SET subject_kind = 'budget-adjustment', subject_id = b.id::text, unit_code = u.code, amount_fen = b.amount_fen
        FROM budget_adjustment b JOIN budget_line l ON l.id = b.from_line_id JOIN org_unit u ON u.id = l.unit_id
       WHERE a.subject_kind IS NULL AND b.process_instance_id = a.process_instance_id`);
    await q.query(`ALTER TABLE approval_action DROP COLUMN claim_id, DROP COLUMN travel_request_id`);
    await q.query(`CREATE INDEX approval_action_subject ON approval_action (subject_kind, subject_id, created_at)`);

    await q.query(`ALTER TABLE claim_copy RENAME TO subject_copy`);
    await q.query(`ALTER INDEX claim_copy_recipient RENAME TO subject_copy_recipient`);
    await q.query(`ALTER TRIGGER claim_copy_audit ON subject_copy RENAME TO subject_copy_audit`);
    await q.query(`ALTER TABLE subject_copy DROP CONSTRAINT claim_copy_pkey, DROP CONSTRAINT claim_copy_claim_id_fkey`);
    await q.query(`ALTER TABLE subject_copy ADD COLUMN subject_kind text`);
    await q.query(`ALTER TABLE subject_copy RENAME COLUMN claim_id TO subject_id`);
    await q.query(`ALTER TABLE subject_copy ALTER COLUMN subject_id TYPE text`);
    await q.query(`UPDATE subject_copy k SET subject_kind = CASE c.type WHEN 'travel' THEN 'travel-claim' ELSE 'expense-claim' END FROM claim c WHERE c.id::text = k.subject_id`);
    await q.query(`ALTER TABLE subject_copy ALTER COLUMN subject_kind SET NOT NULL`);
    await q.query(`ALTER TABLE subject_copy ADD PRIMARY KEY (subject_kind, subject_id, recipient)`);

    await q.query(`ALTER TABLE notification ADD COLUMN subject_kind text, ADD COLUMN subject_id text`);
    await q.query(`
      UPDATE notification n SET subject_kind = CASE c.type WHEN 'travel' THEN 'travel-claim' ELSE 'expense-claim' END, subject_id = c.id::text
        FROM claim c WHERE c.id = n.claim_id`);
    await q.query(`UPDATE notification SET subject_kind = 'travel-request', subject_id = travel_request_id::text WHERE travel_request_id IS NOT NULL AND subject_kind IS NULL`);
    await q.query(`ALTER TABLE notification DROP COLUMN claim_id, DROP COLUMN travel_request_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification ADD COLUMN claim_id uuid, ADD COLUMN travel_request_id uuid`);
    await q.query(`UPDATE notification SET claim_id = subject_id::uuid WHERE subject_kind IN ('expense-claim', 'travel-claim')`);
    await q.query(`UPDATE notification SET travel_request_id = subject_id::uuid WHERE subject_kind = 'travel-request'`);
    await q.query(`ALTER TABLE notification DROP COLUMN subject_kind, DROP COLUMN subject_id`);

    await q.query(`DELETE FROM subject_copy WHERE subject_kind NOT IN ('expense-claim', 'travel-claim')`);
    await q.query(`ALTER TABLE subject_copy DROP CONSTRAINT subject_copy_pkey`);
    await q.query(`ALTER TABLE subject_copy DROP COLUMN subject_kind`);
    await q.query(`ALTER TABLE subject_copy ALTER COLUMN subject_id TYPE uuid USING subject_id::uuid`);
    await q.query(`ALTER TABLE subject_copy RENAME COLUMN subject_id TO claim_id`);
    await q.query(`ALTER TABLE subject_copy ADD PRIMARY KEY (claim_id, recipient), ADD CONSTRAINT claim_copy_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES claim(id)`);
    await q.query(`ALTER TRIGGER subject_copy_audit ON subject_copy RENAME TO claim_copy_audit`);
    await q.query(`ALTER INDEX subject_copy_recipient RENAME TO claim_copy_recipient`);
    await q.query(`ALTER TABLE subject_copy RENAME TO claim_copy`);

    await q.query(`DROP INDEX approval_action_subject`);
    await q.query(`ALTER TABLE approval_action ADD COLUMN claim_id uuid REFERENCES claim(id), ADD COLUMN travel_request_id uuid REFERENCES travel_request(id)`);
    await q.query(`UPDATE approval_action SET claim_id = subject_id::uuid WHERE subject_kind IN ('expense-claim', 'travel-claim')`);
    await q.query(`UPDATE approval_action SET travel_request_id = subject_id::uuid WHERE subject_kind = 'travel-request'`);
    await q.query(`ALTER TABLE approval_action DROP COLUMN subject_kind, DROP COLUMN subject_id, DROP COLUMN unit_code, DROP COLUMN amount_fen`);
  }
}
