import { Client } from 'pg';
import { readStack } from '../setup/stack';

/** A connection to the business database under test, for what a test checks below the API. */
export async function openDatabase(): Promise<Client> {
  const db = new Client({ connectionString: readStack().databaseUrl });
  await db.connect();
  return db;
}
