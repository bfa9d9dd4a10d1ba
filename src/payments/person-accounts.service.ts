import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../org/org.service';
import { maskNumber } from './account-numbers';
import type { BankAccountDto } from './dto/payments.dto';
import { PersonNotFoundError } from './payments.errors';

/** Groups that read account and card numbers whole: they pay, review and book the money. */
export const READ_ACCOUNTS_WHOLE = ['finance', 'cashier', 'accountant'];

export interface BankAccountView {
  username: string;
  displayName: string;
  accountNo: string | null;
  bankName: string | null;
  cardNo: string | null;
  /** The numbers are shown with their last four digits only. */
  masked: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The account a payable pays into, read whole for the batch (never shown to a person from here). */
export interface PayeeAccount {
  userId: string;
  username: string;
  displayName: string;
  accountNo: string | null;
  bankName: string | null;
  cardNo: string | null;
}

/** People's payroll accounts and 公务卡 numbers (人员账户), kept by the administrator. */
@Injectable()
export class PersonAccountsService {
  constructor(private readonly dataSource: DataSource) {}

  async view(actor: Actor, username: string): Promise<BankAccountView> {
    const [person] = await this.payees([username]);
    if (!person) throw new PersonNotFoundError(username);
    const [row] = await this.dataSource.query(`SELECT updated_by, updated_at FROM person_account WHERE user_id = $1`, [person.userId]);
    const whole = actor.groups.some((group) => READ_ACCOUNTS_WHOLE.includes(group));
    return {
      username: person.username,
      displayName: person.displayName,
      accountNo: whole ? person.accountNo : maskNumber(person.accountNo),
      bankName: person.bankName,
      cardNo: whole ? person.cardNo : maskNumber(person.cardNo),
      masked: !whole,
      updatedBy: row?.updated_by ?? null,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    };
  }

  async set(actor: Actor, username: string, dto: BankAccountDto): Promise<BankAccountView> {
    const [person] = await this.payees([username]);
    if (!person) throw new PersonNotFoundError(username);
    await this.store(this.dataSource.manager, person.userId, dto, actor.username);
    return this.view(actor, username);
  }

  async store(manager: EntityManager, userId: string, dto: BankAccountDto, by: string): Promise<void> {
    await manager.query(
      `INSERT INTO person_account (user_id, account_no, bank_name, card_no, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET account_no = EXCLUDED.account_no, bank_name = EXCLUDED.bank_name, card_no = EXCLUDED.card_no,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [userId, dto.accountNo, dto.bankName, dto.cardNo ?? null, by],
    );
  }

  /** People by username with their accounts (null where none is kept). */
  async payees(usernames: string[], manager: EntityManager = this.dataSource.manager): Promise<PayeeAccount[]> {
    if (usernames.length === 0) return [];
    const rows: Record<string, string | null>[] = await manager.query(
      `SELECT u.id, u.username, u.display_name, a.account_no, a.bank_name, a.card_no
         FROM app_user u LEFT JOIN person_account a ON a.user_id = u.id WHERE u.username = ANY($1)`,
      [usernames],
    );
    return rows.map((r) => ({ userId: r.id!, username: r.username!, displayName: r.display_name!, accountNo: r.account_no, bankName: r.bank_name, cardNo: r.card_no }));
  }

  /** The holder of a 公务卡 number. */
  async cardHolders(cardNos: string[]): Promise<Map<string, PayeeAccount>> {
    if (cardNos.length === 0) return new Map();
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, a.account_no, a.bank_name, a.card_no
         FROM person_account a JOIN app_user u ON u.id = a.user_id WHERE a.card_no = ANY($1)`,
      [cardNos],
    );
    return new Map(rows.map((r) => [r.card_no, { userId: r.id, username: r.username, displayName: r.display_name, accountNo: r.account_no, bankName: r.bank_name, cardNo: r.card_no }]));
  }
}
