import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { readStack } from '../setup/stack';

/**
 * The application's services in the test process, on the database of the stack under test and
 * without workers: for tests that drive a service directly, as a re-delivered task would.
 */
export async function serviceContext(): Promise<INestApplicationContext> {
  const stack = readStack();
  const config = loadConfig({
    DATABASE_URL: stack.databaseUrl,
    ENGINE_URL: stack.engineUrl,
    WORKERS_ENABLED: 'false',
    JWT_SECRET: 'service-context-secret',
    LOG_LEVEL: 'warn',
  });
  return NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
}
