import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 事后抽查: the sample decision of every auto-approved claim (the draw from a seeded hash of its id,
 * the share and rule version it was drawn under) and, for a sampled one, finance's review of it. One
 * row per claim; the outcome is written once, and a 不合规 outcome carries its reason.
 */
export class ClaimReview1765700000000 implements MigrationInterface {
  name = 'ClaimReview1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claim_review (
        claim_id uuid PRIMARY KEY REFERENCES claim(id),
        sampled boolean NOT NULL,
        sample_reason text CHECK (sample_reason IN ('share', 'over-limit')),
        draw integer NOT NULL CHECK (draw >= 0 AND draw < 10000),
        share_bp integer NOT NULL,
        rule_version integer NOT NULL,
        outcome text CHECK (outcome IN ('COMPLIANT', 'NONCOMPLIANT')),
        reason text,
        reviewer text,
        reviewed_at timestamptz,
        process_instance_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (sampled = (sample_reason IS NOT NULL)),
        CHECK (outcome IS NULL OR sampled),
        CHECK (outcome IS DISTINCT FROM 'NONCOMPLIANT' OR coalesce(reason, '') <> '')
      )`);
    await q.query(`CREATE INDEX claim_review_outcome ON claim_review (outcome, reviewed_at) WHERE outcome IS NOT NULL`);
    await q.query(`CREATE TRIGGER claim_review_audit AFTER INSERT OR UPDATE OR DELETE ON claim_review FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claim_review`);
  }
}
