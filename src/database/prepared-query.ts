import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

const names = new Map<string, string>();

/** A statement's name on every connection: the same text, the same name. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `jb_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement of fixed text as a named prepared statement: each pooled connection parses and
 * plans it once, not at every call (about a third of the database's time on the statements a claim
 * runs while it is screened). For the hot statements outside a transaction; inside one (an
 * EntityManager of a transaction), it runs as a plain query on that transaction's connection.
 * Errors are PostgreSQL's own, with their `code`, as the error filter expects.
 */
export async function preparedQuery<T extends QueryResultRow>(db: DataSource | EntityManager, text: string, values: unknown[]): Promise<T[]> {
  if (db instanceof DataSource) {
    const pool = (db.driver as PostgresDriver).master as Pool;
    return (await pool.query<T>({ name: nameOf(text), text, values })).rows;
  }
  return db.query(text, values);
}
