import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ClaimsService } from '../claims/claims.service';
import { yuanToFen } from '../common/money';
import { RulesService } from '../rules/rules.service';
import { InvoiceInput, invoiceKey } from './invoice-facts';
import { preparedQuery } from '../database/prepared-query';

export interface InvoiceHolder {
  claimId: string;
  claimant: string;
  status: string;
  submittedOn: string;
}

export interface InvoiceRegistryFacts {
  invoiceKey: string;
  /** Another live claim, anyone's, holds this invoice. */
  heldElsewhere: boolean;
  otherClaim: InvoiceHolder | null;
}

/**
 * Which live claim holds which invoice. The partial unique index `claim_invoice_live_key` is the
 * guarantee: of two claims screened at the same instant with one invoice, exactly one holds it.
 */
@Injectable()
export class InvoiceRegistry implements OnModuleInit {
  constructor(private readonly dataSource: DataSource, private readonly rules: RulesService, private readonly claims: ClaimsService) {}

  onModuleInit(): void {
    this.rules.registerFact('invoiceRegistry', async (almanac) => {
      const invoice = (await almanac.factValue('invoice')) as InvoiceInput;
      const claimId = (await almanac.factValue('claimId')) as string;
      return this.lookup(invoice, claimId);
    });
    this.claims.onRelease((tx, claim) => this.release(tx, claim.id));
  }

  /** Makes the claim hold its invoices, replacing what it held before; an invoice held elsewhere is skipped. */
  async register(claimId: string, invoices: InvoiceInput[]): Promise<void> {
    const rows = invoices.map((invoice) => ({ invoice_key: invoiceKey(invoice), invoice_date: invoice.date, seller_tax_id: invoice.sellerTaxId, total_fen: yuanToFen(invoice.total) }));
    await preparedQuery(this.dataSource, `SELECT claim_invoices_register($1, $2::jsonb)`, [claimId, JSON.stringify(rows)]);
  }

  async lookup(invoice: InvoiceInput, claimId: string): Promise<InvoiceRegistryFacts> {
    const key = invoiceKey(invoice);
    const [holder] = await preparedQuery<InvoiceHolder>(
      this.dataSource,
      `SELECT ci.claim_id AS "claimId", u.username AS claimant, c.status, c.submitted_on AS "submittedOn"
       FROM claim_invoice ci JOIN claim c ON c.id = ci.claim_id JOIN app_user u ON u.id = c.claimant_id
       WHERE ci.invoice_key = $1 AND ci.live AND ci.claim_id <> $2 LIMIT 1`,
      [key, claimId],
    );
    return { invoiceKey: key, heldElsewhere: !!holder, otherClaim: holder ?? null };
  }

  async release(tx: EntityManager, claimId: string): Promise<void> {
    await tx.query(`UPDATE claim_invoice SET live = false WHERE claim_id = $1 AND live`, [claimId]);
  }
}
