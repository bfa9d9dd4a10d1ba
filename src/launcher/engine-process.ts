import { PROJECT_ROOT } from '../common/project-root';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { ENGINE_TOKEN_HEADER } from '../engine/engine-token';
import { isAlive, stopChild, stopStale, waitUntil } from './child-process';

export const ENGINE_DIR = resolve(PROJECT_ROOT, 'engine');

export interface EngineProcessOptions {
  flavour: 'operaton' | 'camunda7';
  port: number;
  dataDir: string;
  /** postgres:// URL of the engine's own database. */
  databaseUrl: string;
  adminUser: string;
  adminPassword: string;
  /** The API's own credential, accepted in the X-Jingbao-Engine-Token header. */
  apiToken: string;
  javaOptions: string[];
  log: (line: string) => void;
}

/** Builds the engine jar when it is missing or older than its sources, runs it, and stops it. */
export class EngineProcess {
  private child?: ChildProcess;

  constructor(private readonly options: EngineProcessOptions) {}

  get restUrl(): string {
    return `http://127.0.0.1:${this.options.port}/engine-rest`;
  }

  get webappUrl(): string {
    return `http://127.0.0.1:${this.options.port}/${this.options.flavour === 'operaton' ? 'operaton' : 'camunda'}/app/`;
  }

  jarPath(): string {
    return join(ENGINE_DIR, 'target', `jingbao-engine-${this.options.flavour}.jar`);
  }

  buildIfStale(): void {
    const jar = this.jarPath();
    const sourcesChanged = existsSync(jar) ? newestMtime([join(ENGINE_DIR, 'pom.xml'), join(ENGINE_DIR, 'src')]) > statSync(jar).mtimeMs : true;
    if (!sourcesChanged) return;
    this.options.log(`building the ${this.options.flavour} engine with Maven (the first build downloads its dependencies and takes a few minutes)`);
    const args = ['-B', '-q', '-DskipTests', ...(this.options.flavour === 'camunda7' ? ['-Pcamunda7'] : []), 'package'];
    const result = spawnSync('mvn', args, { cwd: ENGINE_DIR, stdio: 'inherit' });
    if (result.error) throw new Error(`cannot run Maven (mvn): ${result.error.message}. Install JDK 17+ and Maven, or set ENGINE_URL.`);
    if (result.status !== 0) throw new Error(`the engine build failed (mvn ${args.join(' ')} exited ${result.status})`);
  }

  async start(): Promise<void> {
    await this.stopLeftover();
    if (await portAnswers(this.options.port)) {
      throw new Error(`port ${this.options.port} is already in use; set ENGINE_PORT to a free port, or ENGINE_URL to use a running engine`);
    }
    const db = new URL(this.options.databaseUrl);
    const logPath = resolve(this.options.dataDir, 'engine.log');
    const logFile = openSync(logPath, 'a');
    this.child = spawn('java', [...this.options.javaOptions, '-jar', this.jarPath()], {
      detached: true,
      stdio: ['ignore', logFile, logFile],
      env: {
        ...process.env,
        ENGINE_HOST: '127.0.0.1',
        ENGINE_PORT: String(this.options.port),
        ENGINE_DB_URL: `jdbc:postgresql://${db.hostname}:${db.port || 5432}${db.pathname}`,
        ENGINE_DB_USER: decodeURIComponent(db.username),
        ENGINE_DB_PASSWORD: decodeURIComponent(db.password),
        ENGINE_ADMIN_USER: this.options.adminUser,
        ENGINE_ADMIN_PASSWORD: this.options.adminPassword,
        ENGINE_API_TOKEN: this.options.apiToken,
        ENGINE_JAVA_PACKAGE: this.options.flavour === 'operaton' ? 'org.operaton' : 'org.camunda',
      },
    });
    writeFileSync(this.pidFile(), String(this.child.pid));
    const credentials = { [ENGINE_TOKEN_HEADER]: this.options.apiToken };
    try {
      await waitUntil(
        `the ${this.options.flavour} engine`,
        async () => (await fetch(`${this.restUrl}/version`, { headers: credentials, signal: AbortSignal.timeout(3000) })).ok,
        240_000,
        this.child,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last lines of ${logPath}:\n${tail(logPath, 30)}`);
    }
    this.options.log(`${this.options.flavour} engine ready at ${this.restUrl} (log in ${logPath})`);
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child, 'SIGTERM', 30_000);
    this.child = undefined;
    rmSync(this.pidFile(), { force: true });
  }

  /** Kills the engine at once (SIGKILL), as a crash or a lost machine would: for the fault benchmark. */
  async crash(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
    rmSync(this.pidFile(), { force: true });
  }

  private pidFile(): string {
    return resolve(this.options.dataDir, 'engine.pid');
  }

  private async stopLeftover(): Promise<void> {
    if (!existsSync(this.pidFile())) return;
    const pid = Number(readFileSync(this.pidFile(), 'utf8'));
    if (pid > 0 && isAlive(pid)) {
      this.options.log(`stopping an engine left running by an earlier start (pid ${pid})`);
      await stopStale(pid, 'SIGTERM', 30_000);
    }
    rmSync(this.pidFile(), { force: true });
  }
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) newest = Math.max(newest, newestMtime(readdirSync(path).map((name) => join(path, name))));
    else newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolvePromise(true); });
    socket.once('error', () => resolvePromise(false));
  });
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
