import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The split-claim check looks for the claimant's other live claims to the same payees. Without an
 * index it decoded the items of every live claim of the claimant for every claim screened, so a
 * busy claimant's screening grew slower with each claim; a GIN index on the items answers the
 * containment query (`items @> [{"payee": …}]`) directly.
 */
export class SplitClaimPayees1765100000000 implements MigrationInterface {
  name = 'SplitClaimPayees1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX claim_item_payees ON claim USING gin ((document->'items') jsonb_path_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX claim_item_payees`);
  }
}
