import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { addMonths } from './depreciation-rule';
import { DepreciationPeriodClosedError } from './depreciation.errors';
import { DepreciationService } from './depreciation.service';

/**
 * Depreciation books itself: every DEPRECIATION_CHECK_MS (and shortly after start) the last finished
 * month is run unless it has been, by hand or by another node. A month missed while the product was
 * down is caught up in the next month's amounts, so only the last month is ever looked at.
 */
@Injectable()
export class DepreciationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DepreciationScheduler.name);
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly config: AppConfig, private readonly depreciation: DepreciationService, private readonly clock: Clock) {}

  onApplicationBootstrap(): void {
    if (!this.config.WORKERS_ENABLED || !this.config.DEPRECIATION_ENABLED) return;
    const check = () => void this.check().catch((error: Error) => this.logger.warn(`the scheduled depreciation run failed (retried at the next check): ${error.message}`));
    this.timers = [setTimeout(check, 30_000), setInterval(check, this.config.DEPRECIATION_CHECK_MS)];
    for (const timer of this.timers) timer.unref();
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  /** Runs last month if nobody has; a closed period is left to the accountant (a warning, once per check). */
  async check(): Promise<void> {
    const period = addMonths(this.clock.today().slice(0, 7), -1);
    if (await this.depreciation.has(period)) return;
    try {
      await this.depreciation.run(period, null);
    } catch (error) {
      if (error instanceof DepreciationPeriodClosedError) this.logger.warn(`depreciation ${period} not run: the accounting period is closed`);
      else throw error;
    }
  }
}
