import type { ScanResult } from './stocktake.views';
import { QueuedScan, ScanQueue } from './scan-queue';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

let counter = 0;
const random = (bytes: Uint8Array) => bytes.map(() => (counter++ * 37) % 256);
const answer = (scans: QueuedScan[], outcome: 'found' | 'replayed' = 'found'): ScanResult => ({ scans: scans.map((s) => ({ id: s.id, outcome, number: s.code, name: null })), found: 0, expected: 0 });

describe('ScanQueue (offline scans on the phone)', () => {
  it('keeps a scan made without network and sends it, with the same id, when the network is back', async () => {
    const storage = new MemoryStorage();
    let online = false;
    const sent: QueuedScan[][] = [];
    const queue = new ScanQueue('st-1', storage, async (scans) => {
      if (!online) throw Object.assign(new Error('network'), { status: 0 });
      sent.push(scans);
      return answer(scans);
    }, 'phone-a', random);
    const scan = queue.add('ZC2026-000001');
    await expect(queue.flush()).rejects.toThrow('network');
    expect(queue.pending()).toEqual([scan]);

    // A page reloaded meanwhile finds the scan in storage.
    const reloaded = new ScanQueue('st-1', storage, async (scans) => {
      sent.push(scans);
      return answer(scans);
    }, 'phone-a', random);
    online = true;
    await reloaded.flush();
    expect(sent).toEqual([[scan]]);
    expect(reloaded.pending()).toEqual([]);
  });

  it('keeps scans added while a batch is on its way, and makes ids in UUID form', async () => {
    const storage = new MemoryStorage();
    let release!: () => void;
    const queue = new ScanQueue('st-2', storage, (scans) => new Promise((resolve) => (release = () => resolve(answer(scans)))), 'phone-b', random);
    const first = queue.add('ZC2026-000001');
    const flushing = queue.flush();
    const second = queue.add('ZC2026-000002');
    release();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await flushing;
    expect(queue.pending()).toEqual([]);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.id).not.toBe(first.id);
  });

  it('keeps queues of different stocktakes apart', () => {
    const storage = new MemoryStorage();
    new ScanQueue('a', storage, async (s) => answer(s), 'p', random).add('X');
    expect(new ScanQueue('b', storage, async (s) => answer(s), 'p', random).pending()).toEqual([]);
  });
});
