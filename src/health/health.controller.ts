import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';
import { EngineClient } from '../engine/engine-client';
import { WorkerHost, WorkerStatus } from '../engine/worker-host';
import { AppConfig } from '../config/app-config';

interface Health {
  status: 'ok' | 'degraded';
  database: { status: 'up' | 'down'; error?: string };
  engine: { status: 'up' | 'down'; version?: string; url: string; error?: string };
  workers: WorkerStatus & { status: 'up' | 'down' | 'disabled' };
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly workers: WorkerHost,
    private readonly config: AppConfig,
  ) {}

  /** 200 when the database, the engine and the workers all answer; 503 naming what does not. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) response: Response): Promise<Health> {
    const [database, engine] = await Promise.all([
      this.dataSource.query('SELECT 1').then(
        () => ({ status: 'up' as const }),
        (error: Error) => ({ status: 'down' as const, error: error.message }),
      ),
      this.engine.version().then(
        (version) => ({ status: 'up' as const, version, url: this.engine.url }),
        (error: Error) => ({ status: 'down' as const, url: this.engine.url, error: error.message }),
      ),
    ]);
    const workerStatus = this.workers.getStatus();
    const workers = {
      ...workerStatus,
      status: !this.config.WORKERS_ENABLED ? ('disabled' as const) : workerStatus.running && !workerStatus.lastError ? ('up' as const) : ('down' as const),
    };
    const ok = database.status === 'up' && engine.status === 'up' && workers.status !== 'down';
    if (!ok) response.status(503);
    return { status: ok ? 'ok' : 'degraded', database, engine, workers };
  }
}
