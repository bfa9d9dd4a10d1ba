import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { ensureDatabase } from './ensure-database';
import { EngineProcess } from './engine-process';

/**
 * Starts what the configuration leaves to this machine — PostgreSQL when DATABASE_URL is unset, the
 * engine when ENGINE_URL is unset — and fills the resolved URLs and generated secrets into the config.
 */
export class LocalServices {
  private postgres?: EmbeddedPostgres;
  private engine?: EngineProcess;

  constructor(private readonly config: AppConfig, private readonly log: (line: string) => void) {}

  get engineWebapps(): string | undefined {
    return this.engine?.webappUrl;
  }

  async start(): Promise<void> {
    const config = this.config;
    const dataDir = resolve(config.DATA_DIR);
    mkdirSync(dataDir, { recursive: true });

    if (config.DATABASE_URL === undefined) {
      this.postgres = new EmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, log: this.log });
      await this.postgres.start();
      await this.postgres.ensureDatabase('jingbao');
      config.DATABASE_URL = this.postgres.url('jingbao');
      config.SEED_DEMO ??= true;
    }
    config.SEED_DEMO ??= false;

    if (config.ENGINE_URL === undefined) {
      const engineDatabaseUrl = config.ENGINE_DATABASE_URL ?? siblingDatabase(config.DATABASE_URL, this.postgres ? 'engine' : undefined);
      await ensureDatabase(engineDatabaseUrl);
      // People sign in to Cockpit as the admin; the API has its own token and never the admin's password.
      const adminPassword = config.ENGINE_PASSWORD ?? persistedSecret(dataDir, 'engine-admin-password');
      config.ENGINE_API_TOKEN ??= persistedSecret(dataDir, 'engine-api-token');
      this.engine = new EngineProcess({
        flavour: config.ENGINE_FLAVOUR,
        port: config.ENGINE_PORT,
        dataDir,
        databaseUrl: engineDatabaseUrl,
        adminUser: config.ENGINE_USER,
        adminPassword,
        apiToken: config.ENGINE_API_TOKEN,
        javaOptions: config.ENGINE_JAVA_OPTS.split(/\s+/).filter(Boolean),
        log: this.log,
      });
      this.engine.buildIfStale();
      await this.engine.start();
      config.ENGINE_URL = this.engine.restUrl;
    }

    config.JWT_SECRET ??= persistedSecret(dataDir, 'jwt-secret');
  }

  /** Stops the engine before the database it writes to. */
  async stop(): Promise<void> {
    if (this.engine) {
      await this.engine.stop();
      this.log('engine stopped');
    }
    if (this.postgres) {
      await this.postgres.stop();
      this.log('PostgreSQL stopped');
    }
  }
}

/** The engine's database on the same server: `engine` beside the embedded one, else `<name>_engine`. */
function siblingDatabase(url: string, name?: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + (name ?? `${parsed.pathname.slice(1)}_engine`);
  return parsed.toString();
}

/** A random secret generated on first use and kept in DATA_DIR, so restarts keep sessions and logins. */
function persistedSecret(dataDir: string, name: string): string {
  const path = resolve(dataDir, name);
  if (!existsSync(path)) writeFileSync(path, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}
