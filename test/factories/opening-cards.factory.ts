import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AssetsService, NewCard } from '../../src/assets/assets.service';
import { serviceContext } from '../support/app-context';

let context: Promise<INestApplicationContext> | undefined;

/** The application's services in the test process (one per test file), for making cards as opening balances do. */
function services(): Promise<INestApplicationContext> {
  return (context ??= serviceContext());
}

export async function closeAssetFactory(): Promise<void> {
  if (context) await (await context).close();
  context = undefined;
}

export interface MadeCard {
  id: string;
  number: string;
  name: string;
}

/**
 * Cards on the books of a unit, through AssetsService.createCards (numbers from the year's counter, a
 * `carded` event each), as an opening-balance import makes them: desktop computers of ¥5,000 at a
 * location of their own unless one is given, so a test's stocktake meets no other test's cards.
 */
export async function cardsInUnit(unitCode: string, count: number, overrides: Partial<NewCard> = {}): Promise<{ cards: MadeCard[]; location: string }> {
  const app = await services();
  const db = app.get(DataSource);
  const [unit] = await db.query(`SELECT id FROM org_unit WHERE code = $1`, [unitCode]);
  if (!unit) throw new Error(`no unit ${unitCode}`);
  const location = overrides.location ?? `库房${randomBytes(3).toString('hex')}`;
  const ids = await db.transaction((tx) =>
    app.get(AssetsService).createCards(
      tx,
      Array.from({ length: count }, (_, i) => ({
        classCode: 'A02010104',
        name: `台式计算机${i + 1}`,
        originalValueFen: 500000,
        source: 'opening' as const,
        acceptedOn: '2025-03-15',
        unitId: unit.id,
        usefulLifeMonths: 72,
        ...overrides,
        location,
      })),
      null,
    ),
  );
  const rows: MadeCard[] = await db.query(`SELECT id, number, name FROM asset_card WHERE id = ANY($1) ORDER BY number`, [ids]);
  return { cards: rows, location };
}
