import type * as S3 from '@aws-sdk/client-s3';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where attachment content lives, keyed by its SHA-256 (hex). Content is written once and never
 * changed or removed: the same bytes uploaded twice are one blob.
 */
export abstract class BlobStorage {
  /** Human-readable name of the backend (`folder …`, `s3 …`), for logs and the backup tool. */
  abstract describe(): string;
  /** Stores the file at `sourcePath` under `sha256` unless a blob of that key exists. */
  abstract put(sha256: string, sourcePath: string, size: number, mediaType: string): Promise<void>;
  abstract has(sha256: string): Promise<boolean>;
  /** The content; throws BlobMissingError when there is none. */
  abstract open(sha256: string): Promise<Readable>;
  /** Every key held, for backup and verification. */
  abstract keys(): AsyncIterable<string>;
}

export class BlobMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`attachment content ${sha256} is not in the store`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

function checkedKey(sha256: string): string {
  // Keys become file names and object keys: only a hex digest ever gets there.
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 key: ${sha256}`);
  return sha256;
}

/** A folder of the data directory: `ab/cd/abcd…` so no directory grows past a few thousand entries. */
export class FolderBlobStorage extends BlobStorage {
  constructor(private readonly root: string) {
    super();
  }

  describe(): string {
    return `folder ${this.root}`;
  }

  private pathOf(sha256: string): string {
    const key = checkedKey(sha256);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(sha256: string, sourcePath: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return;
    await mkdir(join(target, '..'), { recursive: true });
    // Written beside the target and renamed: a reader never sees half a blob, a crash leaves none.
    const partial = `${target}.${process.pid}.${Date.now()}.part`;
    try {
      await link(sourcePath, partial).catch(async () => pipeline(createReadStream(sourcePath), createWriteStream(partial, { flags: 'wx' })));
      await rename(partial, target);
    } finally {
      await rm(partial, { force: true });
    }
  }

  async has(sha256: string): Promise<boolean> {
    return access(this.pathOf(sha256)).then(() => true, () => false);
  }

  async open(sha256: string): Promise<Readable> {
    const path = this.pathOf(sha256);
    if (!(await this.has(sha256))) throw new BlobMissingError(sha256);
    return createReadStream(path);
  }

  async *keys(): AsyncIterable<string> {
    const level = async (dir: string) => readdir(dir).catch(() => [] as string[]);
    for (const a of (await level(this.root)).sort()) {
      for (const b of (await level(join(this.root, a))).sort()) {
        for (const name of (await level(join(this.root, a, b))).sort()) {
          if (SHA256.test(name) && (await stat(join(this.root, a, b, name))).isFile()) yield name;
        }
      }
    }
  }
}

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** Any S3-compatible object store (MinIO, the bureau's own, AWS) through the AWS SDK. */
export class S3BlobStorage extends BlobStorage {
  private readonly client: S3.S3Client;
  private readonly sdk: typeof S3;

  constructor(private readonly settings: S3Settings) {
    super();
    // Loaded only when S3 is configured: the folder store needs none of the SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.sdk = require('@aws-sdk/client-s3') as typeof S3;
    this.client = new this.sdk.S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
      // Checksums the SDK adds by default are not understood by every self-hosted store.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  describe(): string {
    return `s3 ${this.settings.endpoint ?? 'aws'}/${this.settings.bucket}`;
  }

  async put(sha256: string, sourcePath: string, size: number, mediaType: string): Promise<void> {
    const key = checkedKey(sha256);
    if (await this.has(key)) return;
    // A file stream with its length: the SDK sends it as it reads, never the whole file in memory.
    await this.client.send(new this.sdk.PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: createReadStream(sourcePath), ContentLength: size, ContentType: mediaType }));
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new this.sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: checkedKey(sha256) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async open(sha256: string): Promise<Readable> {
    try {
      const answer = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: checkedKey(sha256) }));
      return answer.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new BlobMissingError(sha256);
      throw error;
    }
  }

  async *keys(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.settings.bucket, ContinuationToken: token }));
      for (const item of page.Contents ?? []) if (item.Key && SHA256.test(item.Key)) yield item.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  destroy(): void {
    this.client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
