import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

export interface CardInput {
  unitCode: string;
  acceptedOn: string;
  classCode?: string;
  name?: string;
  originalValueFen?: number;
  /** Short lives make a card's whole life testable in a few months; null: not depreciated. */
  usefulLifeMonths?: number | null;
  status?: string;
  depreciatedFen?: number;
  depreciatedThrough?: string | null;
}

/**
 * An asset card as the opening-balance import writes one (cards from acceptance need a contract;
 * depreciation reads only the card): straight into `asset_card`, with a short useful life by default.
 */
export async function insertCard(db: Client, input: CardInput): Promise<{ id: string; number: string }> {
  const number = `E2E-${randomBytes(5).toString('hex')}`;
  const { rows } = await db.query(
    `INSERT INTO asset_card (number, class_code, name, original_value_fen, source, accepted_on, unit_id, useful_life_months, status, depreciated_fen, depreciated_through)
     VALUES ($1, $2, $3, $4, 'opening', $5, (SELECT id FROM org_unit WHERE code = $6), $7, $8, $9, $10) RETURNING id`,
    [number, input.classCode ?? 'A02010104', input.name ?? '台式计算机（测试）', input.originalValueFen ?? 100_000, input.acceptedOn, input.unitCode,
      input.usefulLifeMonths === undefined ? 3 : input.usefulLifeMonths, input.status ?? 'IN_STOCK', input.depreciatedFen ?? 0, input.depreciatedThrough ?? null],
  );
  return { id: rows[0].id, number };
}

/** A run of `months` consecutive past months nobody has depreciated, booked into or closed, so a test owns them. */
export async function unusedMonths(db: Client, months: number): Promise<string[]> {
  for (;;) {
    // Posting rules are in force from 2019; past months only, so a run is never refused as still to come.
    const year = 2019 + Math.floor(Math.random() * 7);
    const month = 1 + Math.floor(Math.random() * 12);
    const periods = Array.from({ length: months }, (_, i) => {
      const index = year * 12 + month - 1 + i;
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    });
    const { rows } = await db.query(
      `SELECT 1 FROM depreciation_run WHERE period = ANY($1) UNION ALL SELECT 1 FROM accounting_period WHERE period = ANY($1) AND status = 'closed'`,
      [periods],
    );
    if (rows.length === 0) return periods;
  }
}
