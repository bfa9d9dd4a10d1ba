import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The approvers' workbench: every operation on an approval step (who, what, to whom, the comment),
 * claims copied to people (抄送), and the notifications kept for the bell and the outbound webhook.
 */
export class ApprovalOperations1764700000000 implements MigrationInterface {
  name = 'ApprovalOperations1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE approval_action (
        id bigserial PRIMARY KEY,
        process_instance_id text NOT NULL,
        task_id text,
        claim_id uuid REFERENCES claim(id),
        travel_request_id uuid REFERENCES travel_request(id),
        step text,
        step_index integer,
        operation text NOT NULL,
        actor text NOT NULL,
        target text,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX approval_action_actor ON approval_action (actor, created_at DESC)`);
    await q.query(`CREATE INDEX approval_action_instance ON approval_action (process_instance_id, created_at)`);
    await q.query(`CREATE INDEX approval_action_task ON approval_action (task_id, operation)`);
    await q.query(`
      CREATE TABLE claim_copy (
        claim_id uuid NOT NULL REFERENCES claim(id),
        recipient text NOT NULL,
        copied_by text NOT NULL,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        PRIMARY KEY (claim_id, recipient)
      )`);
    await q.query(`CREATE INDEX claim_copy_recipient ON claim_copy (recipient, created_at DESC)`);
    await q.query(`
      CREATE TABLE notification (
        id bigserial PRIMARY KEY,
        recipient text NOT NULL,
        kind text NOT NULL,
        claim_id uuid,
        travel_request_id uuid,
        task_id text,
        actor text,
        params jsonb NOT NULL DEFAULT '{}',
        dedupe_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        webhook_state text,
        webhook_attempts integer NOT NULL DEFAULT 0,
        webhook_next_at timestamptz
      )`);
    await q.query(`CREATE INDEX notification_recipient ON notification (recipient, created_at DESC)`);
    await q.query(`CREATE INDEX notification_unread ON notification (recipient) WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX notification_webhook_due ON notification (webhook_next_at) WHERE webhook_state = 'pending'`);
    // Operations are audited as task.* events by the service (with the task and subject); copies by trigger.
    await q.query(`CREATE TRIGGER claim_copy_audit AFTER INSERT OR UPDATE OR DELETE ON claim_copy FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE claim_copy`);
    await q.query(`DROP TABLE approval_action`);
  }
}
