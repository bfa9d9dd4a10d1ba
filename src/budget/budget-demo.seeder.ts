import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { BudgetService } from './budget.service';

/** Budget lines of the demo police stations for the current fiscal year, so the walk-through can spend. */
const LINES = [
  { subject: '30211', mode: 'FORBID' as const, allocated: '50000.00' },
  { subject: '30201', mode: 'FORBID' as const, allocated: '100000.00' },
  { subject: '30215', mode: 'WARN' as const, allocated: '30000.00' },
  { subject: '30216', mode: 'WARN' as const, allocated: '30000.00' },
  { subject: '30217', mode: 'FORBID' as const, allocated: '20000.00', lastYearActual: '18000.00' },
  { subject: '30231', mode: 'FORBID' as const, allocated: '40000.00', lastYearActual: '36000.00' },
];
const UNITS = ['城西派出所', '大陈派出所', '赤岸派出所'];

@Injectable()
export class BudgetDemoSeeder {
  private readonly logger = new Logger(BudgetDemoSeeder.name);

  constructor(private readonly budget: BudgetService, private readonly clock: Clock) {}

  async seed(): Promise<void> {
    const year = Number(this.clock.today().slice(0, 4));
    for (const unit of UNITS) {
      for (const line of LINES) await this.budget.createLine({ unit, year, fund: 'basic', ...line }, 'demo-seed');
    }
    this.logger.log(`seeded ${UNITS.length * LINES.length} demo budget lines for ${year}`);
  }
}
