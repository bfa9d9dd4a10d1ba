import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registers a claim's invoices by one database call: the claim's earlier rows removed, then its
 * invoices inserted, an invoice another live claim holds skipped (the partial unique index decides,
 * as before). It was a transaction of four round trips and one more per invoice, on every claim.
 */
export class RegisterClaimInvoicesInDatabase1765400000000 implements MigrationInterface {
  name = 'RegisterClaimInvoicesInDatabase1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION claim_invoices_register(claim uuid, invoices jsonb) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM claim_invoice WHERE claim_id = claim;
        INSERT INTO claim_invoice (claim_id, invoice_key, invoice_date, seller_tax_id, total_fen)
          SELECT claim, e.invoice->>'invoice_key', (e.invoice->>'invoice_date')::date, e.invoice->>'seller_tax_id', (e.invoice->>'total_fen')::bigint
            FROM jsonb_array_elements(invoices) WITH ORDINALITY AS e(invoice, n)
           ORDER BY e.n
          ON CONFLICT (invoice_key) WHERE live DO NOTHING;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION claim_invoices_register(uuid, jsonb)`);
  }
}
