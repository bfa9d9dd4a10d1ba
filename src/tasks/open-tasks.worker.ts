import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DRAIN_BATCH, OpenTaskProjection } from './open-tasks.projection';

/**
 * Keeps 待办's projection in step: drains the engine's outbox every TASK_PROJECTION_POLL_MS (at once
 * again after a full batch), and sweeps the whole projection when it was never built and every
 * TASK_PROJECTION_SWEEP_MS after. Every node runs it; a drain round and a sweep are one node's at a time.
 */
@Injectable()
export class OpenTasksWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OpenTasksWorker.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly projection: OpenTaskProjection,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.TASK_PROJECTION_ENABLED) return;
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One round: a sweep when it is due, then the outbox until it is empty (or another node has it). */
  async round(): Promise<void> {
    if (await this.projection.claimSweep(this.config.TASK_PROJECTION_SWEEP_MS)) {
      const started = Date.now();
      const { instances } = await this.projection.sweep();
      this.logger.log(`reconciled the task projection with the engine: ${instances} instances in ${Date.now() - started} ms`);
    }
    for (;;) {
      const applied = await this.projection.drain();
      if (applied === null || applied < DRAIN_BATCH || this.stopped) return;
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round().then(
        () => {
          if (this.failing) this.logger.log('draining the engine\'s task changes works again');
          this.failing = false;
        },
        (error: Error) => {
          if (!this.failing) this.logger.warn(`draining the engine's task changes failed (待办 falls back to the engine after TASK_PROJECTION_STALE_MS): ${error.message}`);
          this.failing = true;
        },
      ).finally(() => this.schedule(this.config.TASK_PROJECTION_POLL_MS));
    }, delay);
    this.timer.unref();
  }
}
