import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { blobStorageOf } from '../attachments/attachments.module';
import { BlobStorage } from '../attachments/blob-storage';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { isAlive } from '../launcher/child-process';
import { EmbeddedPostgres } from '../launcher/embedded-postgres';

/** Files of DATA_DIR a restored system needs beside its database: the credentials the cluster and engine were set up with. */
const SECRETS = ['pg-password', 'jwt-secret', 'engine-api-token', 'engine-admin-password'];

export interface BackupManifest {
  format: 'jingbao-backup/1';
  createdAt: string;
  /** Where the attachments came from (a folder or an S3 bucket); they are restored into the configured one. */
  storage: string;
  blobs: { sha256: string; size: number }[];
}

export interface VerifyReport {
  audit: { ok: boolean; checked: number; firstMismatch: unknown };
  attachments: { checked: number; missing: string[]; corrupt: string[] };
  ok: boolean;
}

export class BackupError extends Error {}

type Log = (line: string) => void;

/**
 * Backup and restore of the embedded database cluster (the business and the engine database) and
 * the attachment store. The cluster is copied cold: the product must be stopped, so what is copied
 * is one consistent moment. Attachments are copied by hash and checked against it on the way.
 */
export class Backup {
  constructor(private readonly config: AppConfig, private readonly log: Log = (line) => process.stdout.write(`${line}\n`)) {}

  private get dataDir(): string {
    return resolve(this.config.DATA_DIR);
  }

  async backup(target: string): Promise<BackupManifest> {
    this.assertEmbeddedAndStopped();
    const dir = resolve(target);
    if (existsSync(dir) && (await readdir(dir)).length > 0) throw new BackupError(`the backup folder ${dir} is not empty`);
    await mkdir(join(dir, 'attachments'), { recursive: true });
    this.log(`copying the database cluster ${join(this.dataDir, 'pg')}`);
    await cp(join(this.dataDir, 'pg'), join(dir, 'pg'), { recursive: true, preserveTimestamps: true, filter: (source) => !source.endsWith('postmaster.pid') });
    await mkdir(join(dir, 'secrets'));
    for (const name of SECRETS) {
      if (existsSync(join(this.dataDir, name))) await cp(join(this.dataDir, name), join(dir, 'secrets', name));
    }
    const storage = blobStorageOf(this.config);
    const blobs: BackupManifest['blobs'] = [];
    for await (const sha256 of storage.keys()) {
      const size = await copyChecked(storage, sha256, join(dir, 'attachments', sha256));
      blobs.push({ sha256, size });
    }
    this.log(`copied ${blobs.length} attachment contents from ${storage.describe()}`);
    const manifest: BackupManifest = { format: 'jingbao-backup/1', createdAt: new Date().toISOString(), storage: storage.describe(), blobs };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    this.log(`backup written to ${dir}`);
    return manifest;
  }

  /** Puts a backup back: the cluster replaces DATA_DIR/pg (the old one is kept aside), the attachments go into the configured store; then verifies. */
  async restore(source: string): Promise<VerifyReport> {
    this.assertEmbeddedAndStopped();
    const dir = resolve(source);
    const manifest = readManifest(dir);
    const cluster = join(this.dataDir, 'pg');
    await mkdir(this.dataDir, { recursive: true });
    if (existsSync(cluster)) {
      const aside = join(this.dataDir, `pg.before-restore-${Date.now()}`);
      await rename(cluster, aside);
      this.log(`the cluster that was there is kept in ${aside}`);
    }
    await cp(join(dir, 'pg'), cluster, { recursive: true, preserveTimestamps: true });
    for (const name of SECRETS) {
      if (existsSync(join(dir, 'secrets', name))) await cp(join(dir, 'secrets', name), join(this.dataDir, name));
    }
    await this.ownClusterByPostgres(cluster);
    const storage = blobStorageOf(this.config);
    for (const blob of manifest.blobs) {
      const file = join(dir, 'attachments', blob.sha256);
      if ((await hashOfFile(file)) !== blob.sha256) throw new BackupError(`the backup's copy of ${blob.sha256} does not match its hash`);
      await storage.put(blob.sha256, file, blob.size, 'application/octet-stream');
    }
    this.log(`restored ${manifest.blobs.length} attachment contents into ${storage.describe()}`);
    return this.verify();
  }

  /** Starts the cluster, checks the audit chain and every attachment's content against its hash, stops it. */
  async verify(): Promise<VerifyReport> {
    this.assertEmbeddedAndStopped();
    const postgres = new EmbeddedPostgres({ dataDir: this.dataDir, port: this.config.EMBEDDED_PG_PORT, log: this.log });
    await postgres.start();
    const dataSource = new DataSource({ ...dataSourceOptions(postgres.url('jingbao')), migrationsRun: false });
    try {
      await dataSource.initialize();
      const audit = await new AuditService(dataSource).verify();
      const storage = blobStorageOf(this.config);
      const rows: { id: string }[] = await dataSource.query(`SELECT id FROM attachment_blob ORDER BY id`);
      const missing: string[] = [];
      const corrupt: string[] = [];
      for (const { id } of rows) {
        const sha256 = id.trim();
        if (!(await storage.has(sha256))) {
          missing.push(sha256);
          continue;
        }
        const hash = createHash('sha256');
        for await (const chunk of await storage.open(sha256)) hash.update(chunk as Buffer);
        if (hash.digest('hex') !== sha256) corrupt.push(sha256);
      }
      const report: VerifyReport = { audit, attachments: { checked: rows.length, missing, corrupt }, ok: audit.ok && missing.length === 0 && corrupt.length === 0 };
      this.log(`audit chain: ${audit.ok ? 'verified' : 'BROKEN'} (${audit.checked} entries); attachments: ${rows.length} checked, ${missing.length} missing, ${corrupt.length} not matching their hash`);
      return report;
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await postgres.stop();
    }
  }

  private assertEmbeddedAndStopped(): void {
    if (!this.config.embeddedDatabase) {
      throw new BackupError('DATABASE_URL names an external PostgreSQL: back it up with its own tools (pg_dump, pg_basebackup); this tool backs up the embedded one');
    }
    const pidFile = join(this.dataDir, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (pid > 0 && isAlive(pid)) throw new BackupError(`the product is running (PostgreSQL pid ${pid}); stop it first — 请先停止系统再备份或恢复`);
    }
  }

  /** The restored files belong to whoever runs PostgreSQL (as root: the postgres user), as initdb left them. */
  private async ownClusterByPostgres(cluster: string): Promise<void> {
    if (process.getuid?.() !== 0) return;
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync('chown', ['-R', 'postgres:postgres', cluster]);
      execFileSync('chmod', ['700', cluster]);
    } catch {
      // No postgres user yet: the launcher creates it and initdb would; the cluster's first start says so.
    }
  }
}

function readManifest(dir: string): BackupManifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) throw new BackupError(`${dir} is not a backup (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== 'jingbao-backup/1') throw new BackupError(`${dir}: unknown backup format ${String(manifest.format)}`);
  return manifest;
}

async function copyChecked(storage: BlobStorage, sha256: string, target: string): Promise<number> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    await storage.open(sha256),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    }),
    createWriteStream(target),
  );
  if (hash.digest('hex') !== sha256) {
    await rm(target, { force: true });
    throw new BackupError(`attachment content ${sha256} in the store does not match its hash`);
  }
  return size;
}

async function hashOfFile(path: string): Promise<string | null> {
  if (!existsSync(path) || !(await stat(path)).isFile()) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
