import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the stack under test listens; written by the global setup, read by the tests. */
export interface StackInfo {
  baseUrl: string;
  engineUrl: string;
  /** How the tests reach the engine directly: the API's token when there is one, else basic auth. */
  engineHeaders: Record<string, string>;
  /** The business database, for tests that work below the API (the ledger under concurrency). */
  databaseUrl: string;
  /** Where the stack posts notifications (NOTIFY_WEBHOOK_URL): a port the notification test listens on. */
  webhookUrl?: string;
}

export const TEST_DATA_DIR = resolve(__dirname, '..', '..', '.data', 'test');
export const STACK_FILE = resolve(TEST_DATA_DIR, 'stack.json');

export function readStack(): StackInfo {
  return JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackInfo;
}
