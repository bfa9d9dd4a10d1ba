import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { hostname } from 'node:os';

const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return value; // left as is, so @IsBoolean reports it
};
const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+$/.test(String(value)) ? Number(value) : value;
};
const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;

/**
 * The one configuration of the product, read from the environment and validated at start-up.
 * Values left empty are filled by the launcher (embedded database and engine, generated secrets).
 */
export class AppConfig {
  // --- HTTP ---
  /** Port of the HTTP API and browser app. */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT = 3000;

  /** Address the HTTP API listens on. */
  @IsString()
  HOST = '127.0.0.1';

  /** Where embedded services keep their data and generated secrets. */
  @IsString()
  DATA_DIR = '.data';

  // --- database ---
  /** PostgreSQL of the business data. Unset: an embedded PostgreSQL is started under DATA_DIR. */
  @IsOptional() @Transform(blankToUndefined) @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Port of the embedded PostgreSQL (only when DATABASE_URL is unset). */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  // --- engine ---
  /**
   * REST root of a running Camunda-7-compatible engine, or of several nodes of one engine cluster
   * (comma-separated, on one database): the API fails over between them and the workers poll each.
   * Unset: the bundled engine is built and started.
   */
  @IsOptional() @Transform(blankToUndefined) @Matches(/^https?:\/\/[^\s,]+(,\s*https?:\/\/[^\s,]+)*$/, { message: 'ENGINE_URL must be an http(s) URL ending in /engine-rest, or several separated by commas' })
  ENGINE_URL?: string;

  /**
   * The API's own credential at the engine (sent as X-Jingbao-Engine-Token; the bundled engine accepts
   * it as its technical user `jingbao-api`). Unset with a spawned engine: generated once into
   * DATA_DIR/engine-api-token. With it, the API never uses a user's password at the engine.
   */
  @IsOptional() @Transform(blankToUndefined) @IsString() @MinLength(16, { message: 'ENGINE_API_TOKEN must be at least 16 characters' })
  ENGINE_API_TOKEN?: string;

  /** Engine user for REST basic authentication, for an external engine without the token (and the spawned engine's admin). */
  @IsString() @MinLength(1)
  ENGINE_USER = 'admin';

  /**
   * Password of ENGINE_USER: the API signs in with it only at an external engine given no
   * ENGINE_API_TOKEN. A spawned engine's admin password (for people, in Cockpit) is generated once into
   * DATA_DIR/engine-admin-password and is not the API's.
   */
  @IsOptional() @Transform(blankToUndefined) @IsString()
  ENGINE_PASSWORD?: string;

  /** Which engine to build when it is spawned. */
  @IsIn(['operaton', 'camunda7'])
  ENGINE_FLAVOUR: 'operaton' | 'camunda7' = 'operaton';

  /** Port of the spawned engine. */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  ENGINE_PORT = 8080;

  /** JVM options of the spawned engine. */
  @IsString()
  ENGINE_JAVA_OPTS = '-Xmx1g';

  /** PostgreSQL database of the spawned engine. Unset: database `engine` beside the business database. */
  @IsOptional() @Transform(blankToUndefined) @Matches(POSTGRES_URL, { message: 'ENGINE_DATABASE_URL must be a postgres:// URL' })
  ENGINE_DATABASE_URL?: string;

  // --- auth ---
  /** Secret that signs access tokens. Unset: generated once into DATA_DIR/jwt-secret. */
  @IsOptional() @Transform(blankToUndefined) @IsString() @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET?: string;

  /** Lifetime of an access token, in seconds. */
  @Transform(toInt) @IsInt() @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  /** Seed the demo organisation when the database is empty. Default: on with the embedded database. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  SEED_DEMO?: boolean;

  /** Password of every demo user. */
  @IsString() @MinLength(1)
  DEMO_PASSWORD = 'demo';

  /** Failed sign-ins in a row after which an account is locked. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /** How long a locked account stays locked, and the window failures are counted in, in minutes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1440)
  LOGIN_LOCK_MINUTES = 15;

  /** Failed sign-ins from one address, within the lock window, after which it must wait. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 30;

  /**
   * Which proxies' X-Forwarded-For names the caller (Express "trust proxy": `loopback`, a list of
   * addresses, or `false`): the address login throttling counts by.
   */
  @IsString()
  TRUST_PROXY = 'false';

  // --- workers ---
  /** Run the external-task workers in this process. */
  @Transform(toBoolean) @IsBoolean()
  WORKERS_ENABLED = true;

  /** Identifies this worker to the engine (shown on locked external tasks). */
  @IsString() @MinLength(1)
  WORKER_ID = `jingbao-${hostname()}-${process.pid}`;

  /** Tasks fetched per poll. */
  @Transform(toInt) @IsInt() @Min(1) @Max(500)
  WORKER_MAX_TASKS = 50;

  /**
   * Pause after a fetch before the next one, in milliseconds. 0: a busy worker fetches again at once,
   * an idle one waits inside the engine's long poll; after a failed fetch the pause grows up to 10 s.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(60000)
  WORKER_POLL_INTERVAL_MS = 0;

  /** Handlers running at once in this process; 0: as many as the fetches bring. */
  @Transform(toInt) @IsInt() @Min(0) @Max(1000)
  WORKER_MAX_PARALLEL = 0;

  /** Which tasks a fetch takes first: `oldest-first` (by creation time, so none starves) or `priority`. */
  @IsIn(['oldest-first', 'priority'])
  WORKER_FETCH_ORDER: 'oldest-first' | 'priority' = 'oldest-first';

  /**
   * How long a fetched task stays locked to its worker, in milliseconds; the worker extends the lock
   * while its handler runs, so a short lock costs nothing but brings a dead worker's tasks back soon.
   */
  @Transform(toInt) @IsInt() @Min(2000) @Max(600000)
  WORKER_LOCK_MS = 10000;

  /** Long-polling time of one fetch-and-lock request, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(0) @Max(120000)
  WORKER_LONG_POLL_MS = 20000;

  /** Attempts of a failing external task before it becomes an incident. */
  @Transform(toInt) @IsInt() @Min(1) @Max(20)
  WORKER_RETRIES = 3;

  /** First retry delay in milliseconds; doubled on every further attempt. */
  @Transform(toInt) @IsInt() @Min(0)
  WORKER_RETRY_BACKOFF_MS = 5000;

  // --- notifications ---
  /**
   * Outbound channel for notifications: a WeCom or DingTalk group robot's webhook URL, posted a text
   * message per notification. Unset: notifications stay in the product (the bell) only.
   */
  @IsOptional() @Transform(blankToUndefined) @IsUrl({ require_tld: false, require_protocol: true }, { message: 'NOTIFY_WEBHOOK_URL must be an http(s) URL' })
  NOTIFY_WEBHOOK_URL?: string;

  /** Attempts to deliver one notification to the webhook before giving up on it. */
  @Transform(toInt) @IsInt() @Min(1) @Max(50)
  NOTIFY_WEBHOOK_ATTEMPTS = 8;

  /** How often new approval tasks are looked for to notify their holders, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(200) @Max(60000)
  NOTIFY_POLL_MS = 2000;

  /**
   * Look for new approval tasks in the engine to notify their holders (any number of processes may;
   * each task is notified once). Off in a process that talks to no engine, such as the screening
   * bench, which would otherwise poll an engine that is not there.
   */
  @Transform(toBoolean) @IsBoolean()
  NOTIFY_TASKS_ENABLED = true;

  // --- attachments ---
  /** Where attachments are kept: `folder` (DATA_DIR/attachments, nothing to set up) or `s3` (any S3-compatible store). */
  @IsIn(['folder', 's3'])
  STORAGE: 'folder' | 's3' = 'folder';

  /** S3 endpoint (MinIO, the bureau's own store …), e.g. http://127.0.0.1:9000; unset: AWS's own. */
  @IsOptional() @Transform(blankToUndefined) @IsUrl({ require_tld: false, require_protocol: true }, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsString() @MinLength(1)
  S3_REGION = 'us-east-1';

  /** Bucket the attachments go into; it must exist. */
  @IsString() @MinLength(1)
  S3_BUCKET = 'jingbao-attachments';

  @IsOptional() @Transform(blankToUndefined) @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional() @Transform(blankToUndefined) @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Address buckets as http://endpoint/bucket (MinIO and most self-hosted stores need it). */
  @Transform(toBoolean) @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  /** Largest attachment accepted, in megabytes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1024)
  ATTACHMENT_MAX_MB = 20;

  /** Largest total an OFD, XLSX or DOCX (zip) may expand to, in megabytes: a zip bomb is refused. */
  @Transform(toInt) @IsInt() @Min(1) @Max(4096)
  ATTACHMENT_MAX_EXPANDED_MB = 200;

  // --- 待办's projection of the engine's open tasks (docs/task-projection.md) ---
  /** Answer 待办 from the projection (drained from the bundled engine's outbox); off: from the engine's task query. */
  @Transform(toBoolean) @IsBoolean()
  TASK_PROJECTION_ENABLED = true;

  /** How often the engine's outbox of task changes is drained, in milliseconds (one node drains at a time). */
  @Transform(toInt) @IsInt() @Min(100) @Max(60000)
  TASK_PROJECTION_POLL_MS = 1000;

  /** Undrained this long, the projection stops answering and the engine's task query does, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(1000) @Max(600000)
  TASK_PROJECTION_STALE_MS = 30000;

  /** How often one node reconciles the whole projection with the engine, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(60000)
  TASK_PROJECTION_SWEEP_MS = 3600000;

  // --- accounting (docs/accounting.md) ---
  /** Raise voucher drafts from new business events in this process (any number of nodes may; one at a time works). */
  @Transform(toBoolean) @IsBoolean()
  ACCOUNTING_ENABLED = true;

  /** How often new business events are looked for to raise their voucher drafts, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(100) @Max(600000)
  ACCOUNTING_POLL_MS = 2000;

  /**
   * How long an event stays in the consumer's re-read window, in milliseconds: an event committed
   * after a later one (ids are taken at insert, commits land in any order) is still found.
   */
  @Transform(toInt) @IsInt() @Min(1000) @Max(86400000)
  ACCOUNTING_SETTLE_MS = 600000;

  // --- depreciation (docs/depreciation.md) ---
  /** Run each finished month's depreciation on its own in this process (any node may; a month is booked once). */
  @Transform(toBoolean) @IsBoolean()
  DEPRECIATION_ENABLED = true;

  /** How often the scheduled run looks for a finished month not yet depreciated, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(60000) @Max(86400000)
  DEPRECIATION_CHECK_MS = 3600000;

  /** A TrueType/OpenType font (or collection) with Chinese glyphs for asset labels; unset: the usual Debian CJK fonts. */
  @IsOptional() @Transform(blankToUndefined) @IsString()
  LABEL_FONT?: string;

  // --- logging ---
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL = 'info';

  /** The engine nodes ENGINE_URL names, in order of preference. */
  get engineUrls(): string[] {
    return (this.ENGINE_URL ?? '').split(',').map((url) => url.trim().replace(/\/+$/, '')).filter(Boolean);
  }

  /** True when this process spawned the database (demo seeding defaults to on then). */
  get embeddedDatabase(): boolean {
    return this.DATABASE_URL === undefined;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const input: Record<string, unknown> = {};
  for (const key of [...known, 'DATABASE_URL', 'ENGINE_URL', 'ENGINE_PASSWORD', 'ENGINE_API_TOKEN', 'ENGINE_DATABASE_URL', 'JWT_SECRET', 'SEED_DEMO', 'NOTIFY_WEBHOOK_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
    if (env[key] !== undefined) input[key] = env[key];
  }
  const config = plainToInstance(AppConfig, input);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return config;
}
