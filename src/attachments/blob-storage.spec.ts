import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { startS3Server, S3TestServer } from '../../test/support/s3-server';
import { BlobMissingError, BlobStorage, FolderBlobStorage, S3BlobStorage } from './blob-storage';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function keysOf(storage: BlobStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of storage.keys()) keys.push(key);
  return keys;
}

/**
 * The same suite on both backends: the folder of the data directory, and an S3 bucket of a real
 * S3-protocol server (s3rver) started here — the AWS SDK talks HTTP to it, nothing is mocked.
 */
describe.each(['folder', 's3'] as const)('attachment storage in a %s', (backend) => {
  let work: string;
  let storage: BlobStorage;
  let s3: S3TestServer | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'jingbao-blobs-'));
    if (backend === 's3') {
      s3 = await startS3Server();
      storage = new S3BlobStorage({ endpoint: s3.endpoint, region: 'us-east-1', bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true });
    } else {
      storage = new FolderBlobStorage(join(work, 'attachments'));
    }
  });

  afterAll(async () => {
    if (storage instanceof S3BlobStorage) storage.destroy();
    await s3?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const file = (bytes: Buffer) => {
    const path = join(work, `${randomBytes(6).toString('hex')}.upload`);
    writeFileSync(path, bytes);
    return path;
  };

  it('gives back exactly the bytes stored under their hash', async () => {
    const bytes = randomBytes(200_000);
    const key = sha256(bytes);
    expect(await storage.has(key)).toBe(false);
    await storage.put(key, file(bytes), bytes.length, 'application/pdf');
    expect(await storage.has(key)).toBe(true);
    expect(sha256(await readAll(await storage.open(key)))).toBe(key);
  });

  it('keeps one copy when the same content is stored twice', async () => {
    const bytes = randomBytes(5000);
    const key = sha256(bytes);
    await storage.put(key, file(bytes), bytes.length, 'image/png');
    await storage.put(key, file(bytes), bytes.length, 'image/png');
    expect((await keysOf(storage)).filter((k) => k === key)).toHaveLength(1);
  });

  it('streams a 12 MB file in and out unchanged', async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const key = sha256(bytes);
    await storage.put(key, file(bytes), bytes.length, 'application/pdf');
    const back = await readAll(await storage.open(key));
    expect(back.length).toBe(bytes.length);
    expect(sha256(back)).toBe(key);
  });

  it('lists every key it holds', async () => {
    const keys = await keysOf(storage);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says plainly when content is missing', async () => {
    await expect(storage.open('0'.repeat(64))).rejects.toBeInstanceOf(BlobMissingError);
  });

  it('refuses a key that is not a SHA-256 (no path ever comes from outside)', async () => {
    await expect(storage.put('../../etc/passwd', file(Buffer.from('x')), 1, 'application/xml')).rejects.toThrow(/not a SHA-256/);
  });
});
