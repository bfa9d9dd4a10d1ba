/* The phone's queue of scans, plain (no decorators, no Nest): the stocktake page imports it. */
import { newScanId, type ScanResult } from './stocktake.views';

/** A scan as the phone keeps it until the server has it. */
export interface QueuedScan {
  id: string;
  code: string;
  scannedAt: string;
  device: string;
}

export interface QueueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Sends a batch; rejects with `{ status: 0 }` (ApiError) when the network is down. */
export type ScanSender = (scans: QueuedScan[]) => Promise<ScanResult>;

const BATCH = 200;

/**
 * The phone's scans of one stocktake, kept in localStorage until the server confirms them: a scan
 * made without network waits here and goes with the next flush (the page flushes on every scan, on
 * `online` and on a timer). Each scan carries the id made when it was scanned, so sending it twice —
 * an answer lost on the way back, two tabs flushing — stores it once on the server.
 */
export class ScanQueue {
  private flushing: Promise<ScanResult | null> | null = null;

  constructor(
    private readonly stocktakeId: string,
    private readonly storage: QueueStorage,
    private readonly send: ScanSender,
    private readonly device: string,
    private readonly random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
  ) {}

  private get key(): string {
    return `jingbao.scan-queue.${this.stocktakeId}`;
  }

  pending(): QueuedScan[] {
    try {
      const parsed = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }

  /** Keeps a new scan (before anything is sent, so a closed tab loses nothing). */
  add(code: string, now = new Date()): QueuedScan {
    const scan = { id: newScanId(this.random), code, scannedAt: now.toISOString(), device: this.device };
    this.storage.setItem(this.key, JSON.stringify([...this.pending(), scan]));
    return scan;
  }

  /**
   * Sends what waits, a batch at a time; scans the server answered leave the queue. Resolves with
   * the last answer, or null when nothing waited; rejects (keeping the scans) when a send fails.
   */
  flush(): Promise<ScanResult | null> {
    this.flushing ??= this.sendAll().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async sendAll(): Promise<ScanResult | null> {
    let last: ScanResult | null = null;
    for (let waiting = this.pending(); waiting.length > 0; waiting = this.pending()) {
      const batch = waiting.slice(0, BATCH);
      last = await this.send(batch);
      const answered = new Set(last.scans.map((s) => s.id));
      // Re-read: scans added while the batch was on its way stay queued.
      this.storage.setItem(this.key, JSON.stringify(this.pending().filter((s) => !answered.has(s.id))));
      if (answered.size === 0) break;
    }
    return last;
  }
}
