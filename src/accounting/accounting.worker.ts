import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AccountingConsumer } from './accounting-consumer';

/** Raises voucher drafts without a keystroke: a consumer round at start and every ACCOUNTING_POLL_MS. */
@Injectable()
export class AccountingWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccountingWorker.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private failing = false;

  constructor(private readonly config: AppConfig, private readonly consumer: AccountingConsumer) {}

  onApplicationBootstrap(): void {
    if (!this.config.WORKERS_ENABLED || !this.config.ACCOUNTING_ENABLED) return;
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.consumer.round().then(
        (outcome) => {
          if (this.failing) this.logger.log('raising voucher drafts works again');
          this.failing = false;
          if (outcome && (outcome.raised || outcome.unbooked)) this.logger.log(`raised ${outcome.raised} voucher draft(s); ${outcome.unbooked} event(s) left 未制单`);
        },
        (error: Error) => {
          if (!this.failing) this.logger.warn(`raising voucher drafts failed (retrying every ACCOUNTING_POLL_MS): ${error.message}`);
          this.failing = true;
        },
      ).finally(() => this.schedule(this.config.ACCOUNTING_POLL_MS));
    }, delay);
    this.timer.unref();
  }
}
