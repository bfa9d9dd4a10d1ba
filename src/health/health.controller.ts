import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { EngineClient } from '../engine/engine-client';
import { WorkerHost, WorkerStatus } from '../engine/worker-host';
import { AppConfig } from '../config/app-config';

interface Health {
  status: 'ok' | 'degraded';
  database: { status: 'up' | 'down'; error?: string };
  engine: { status: 'up' | 'down'; version?: string; url: string; error?: string; apiCalls: number };
  workers: WorkerStatus & { status: 'up' | 'down' | 'disabled' };
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly workers: WorkerHost,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  /**
   * 200 when the database, the engine and the workers all answer, else 503. Anyone sees the bare
   * status; what failed, the engine's address and the worker's id only a process administrator.
   */
  @Public()
  @Get()
  async health(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<Health | { status: Health['status'] }> {
    const health = await this.check();
    if (health.status !== 'ok') response.status(503);
    return (await this.isAdministrator(request)) ? health : { status: health.status };
  }

  private async isAdministrator(request: Request): Promise<boolean> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) return false;
    const actor = await this.auth.authenticate(token).catch(() => null);
    return !!actor?.groups.includes('process-admin');
  }

  private async check(): Promise<Health> {
    const [database, engine] = await Promise.all([
      this.dataSource.query('SELECT 1').then(
        () => ({ status: 'up' as const }),
        (error: Error) => ({ status: 'down' as const, error: error.message }),
      ),
      this.engine.version().then(
        (version) => ({ status: 'up' as const, version, url: this.engine.url, apiCalls: this.engine.calls }),
        (error: Error) => ({ status: 'down' as const, url: this.engine.url, error: error.message, apiCalls: this.engine.calls }),
      ),
    ]);
    const workerStatus = this.workers.getStatus();
    const workers = {
      ...workerStatus,
      status: !this.config.WORKERS_ENABLED ? ('disabled' as const) : workerStatus.running && !workerStatus.lastError ? ('up' as const) : ('down' as const),
    };
    const ok = database.status === 'up' && engine.status === 'up' && workers.status !== 'down';
    return { status: ok ? 'ok' : 'degraded', database, engine, workers };
  }
}
