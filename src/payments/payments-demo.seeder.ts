import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonAccountsService } from './person-accounts.service';

/**
 * Synthetic payroll accounts and 公务卡 for the demo people, so the walk-through pays end to end.
 * The numbers are made up (a 6222… prefix and the person's position), never anyone's real account.
 */
const DEMO_ACCOUNTS: { username: string; card: boolean }[] = [
  { username: 'zhangsan', card: true },
  { username: 'lisi', card: true },
  { username: 'chenqi', card: false },
  { username: 'zhoujiu', card: true },
  { username: 'sunba', card: false },
  { username: 'wushi', card: true },
  { username: 'wangwu', card: true },
  { username: 'zhaoliu', card: true },
  { username: 'chief', card: true },
  { username: 'qianfang', card: false },
  { username: 'fengjun', card: false },
];

@Injectable()
export class PaymentsDemoSeeder {
  private readonly logger = new Logger(PaymentsDemoSeeder.name);

  constructor(private readonly dataSource: DataSource, private readonly accounts: PersonAccountsService) {}

  async seed(): Promise<void> {
    const people = await this.accounts.payees(DEMO_ACCOUNTS.map((a) => a.username));
    await this.dataSource.transaction(async (tx) => {
      for (const [index, spec] of DEMO_ACCOUNTS.entries()) {
        const person = people.find((p) => p.username === spec.username);
        if (!person || person.accountNo) continue;
        const serial = String(index + 1).padStart(4, '0');
        await this.accounts.store(tx, person.userId, {
          accountNo: `622202120800${serial}`,
          bankName: '中国工商银行义乌分行',
          cardNo: spec.card ? `628288120800${serial}` : undefined,
        }, 'demo-seed');
      }
    });
    this.logger.log(`seeded synthetic bank accounts for ${DEMO_ACCOUNTS.length} demo people`);
  }
}
