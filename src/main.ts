import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { startApp } from './app';
import { ConfigError, loadConfig } from './config/app-config';
import { LocalServices } from './launcher/local-services';

const log = (line: string) => process.stdout.write(`[jingbao] ${line}\n`);

/**
 * `npm start`: brings up PostgreSQL and the engine unless DATABASE_URL / ENGINE_URL point elsewhere,
 * then the API and the workers. Ctrl-C stops them in reverse order.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const startedAt = Date.now();
  const services = new LocalServices(config, log);
  let app: INestApplication | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: stopping`);
    const began = Date.now();
    try {
      await app?.close();
      log(`API and workers stopped (${Date.now() - began} ms)`);
    } finally {
      await services.stop();
    }
    log(`stopped (${Date.now() - began} ms)`);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await services.start();
    app = await startApp(config);
  } catch (error) {
    process.stderr.write(`[jingbao] start failed: ${(error as Error).stack ?? error}\n`);
    await app?.close().catch(() => undefined);
    await services.stop();
    process.exit(1);
  }

  const base = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  log(`API:     ${base}/api   (health: ${base}/api/health)`);
  log(`Engine:  ${config.ENGINE_URL}`);
  if (services.engineWebapps) log(`Cockpit: ${services.engineWebapps}cockpit/  (user ${config.ENGINE_USER}, password in ${config.DATA_DIR}/engine-admin-password unless ENGINE_PASSWORD is set)`);
  if (config.SEED_DEMO) log(`Demo users: zhangsan, lisi, wangwu, zhaoliu, chief, admin … password "${config.DEMO_PASSWORD}"`);
}

void main();
