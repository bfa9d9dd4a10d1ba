import type { Client } from 'pg';

/**
 * `count` cards on the books of `unitCode` at `location`, numbered `ZC<tag>-000001`…, with their
 * `carded` events, as an opening-balance import leaves them.
 */
export async function seedCards(db: Client, unitCode: string, location: string, count: number, tag: string, names: string[] = ['台式计算机', '便携式计算机', '激光打印机', '对讲机', '办公桌']): Promise<string[]> {
  const [unit] = (await db.query(`SELECT id FROM org_unit WHERE code = $1`, [unitCode])).rows;
  const { rows } = await db.query(
    `INSERT INTO asset_card (number, class_code, name, model, original_value_fen, source, accepted_on, unit_id, location, useful_life_months, status)
     SELECT 'ZC' || $4 || '-' || lpad(i::text, 6, '0'), 'A02010104', ($5::text[])[1 + i % array_length($5::text[], 1)], '', 500000 + i, 'opening', date '2025-03-15', $1, $2, 72, 'IN_STOCK'
     FROM generate_series(1, $3::int) i RETURNING id, number`,
    [unit.id, location, count, tag, names],
  );
  await db.query(`INSERT INTO asset_event (card_id, kind, occurred_on, facts) SELECT id, 'carded', date '2025-03-15', '{"source":"opening"}' FROM asset_card WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
  return rows.map((r) => r.number);
}
