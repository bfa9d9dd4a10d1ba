import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, ModuleImport } from './app.module';
import { BudgetDemoSeeder } from './budget/budget-demo.seeder';
import { PaymentsDemoSeeder } from './payments/payments-demo.seeder';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { DatabaseMigrator } from './database/database-migrator';
import { DeploymentService } from './engine/deployment.service';
import { EngineClient, EngineRequestError } from './engine/engine-client';
import { WorkerHost } from './engine/worker-host';
import { DemoSeeder } from './org/demo-seeder';
import { serveWebApp } from './web-host/serve-web-app';
import { setupOpenApi } from './openapi/openapi';

/**
 * What the browser app may load: only its own origin. Form.io compiles its templates with `Function`
 * ('unsafe-eval'); Element Plus and bpmn-js set inline styles and use data: images; the builder's
 * code editor (Ace, served from /vendor/ace) checks syntax in a worker it creates from a blob.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-eval'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/**
 * Starts the application on services that already run: migrates, seeds the demo organisation when
 * asked, deploys the processes, listens, and starts the workers — in that order. `extraModules` join
 * the product's (a test registers a kind of subject of its own this way).
 */
export async function startApp(config: AppConfig, extraModules: ModuleImport[] = []): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extraModules), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(config.TRUST_PROXY));
  app.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }));
  setupOpenApi(app);
  serveWebApp(app);

  await waitForEngine(app.get(EngineClient));
  await app.get(DatabaseMigrator).migrate();
  const seeded = config.SEED_DEMO && (await app.get(DemoSeeder).seedIfEmpty(config.DEMO_PASSWORD));
  await app.get(DeploymentService).deployAll();
  await app.listen(config.PORT, config.HOST);
  // Budget lines go through the ledger, which needs the application initialised (rules loaded).
  if (seeded) await app.get(BudgetDemoSeeder).seed();
  if (seeded) await app.get(PaymentsDemoSeeder).seed();
  if (config.WORKERS_ENABLED) app.get(WorkerHost).start();
  return app;
}

/** Express's "trust proxy" from TRUST_PROXY: false, true, a hop count, or names and addresses. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'false' || value === '') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** An engine started beside us (docker-compose) may still be booting; give it two minutes. */
async function waitForEngine(engine: EngineClient, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await engine.version();
      return;
    } catch (error) {
      if (error instanceof EngineRequestError) throw new Error(`the engine at ${engine.url} refused us: ${error.message} (check ENGINE_API_TOKEN, or ENGINE_USER / ENGINE_PASSWORD)`);
      if (Date.now() > deadline) throw new Error(`the engine at ${engine.url} does not answer: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
