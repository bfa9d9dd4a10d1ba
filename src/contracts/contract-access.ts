import { Injectable } from '@nestjs/common';
import { candidateGroupId } from '../org/org.entities';
import type { Actor } from '../org/org.service';
import { SubjectInvolvement } from '../subjects/subject-involvement';

/** Read every contract: procurement, contract review, finance and the books, leaders (the brief's "who sees what"). */
export const CONTRACT_READERS = ['procurement', 'contract-review', 'finance', 'accountant', 'deputy-chief', 'chief'];
/** Read every contract payment: the contract readers and the cashier, who pays what is due. */
export const PAYMENT_READERS = [...CONTRACT_READERS, 'cashier'];
/** Import contracts signed before the product, with their deliveries and payments. */
export const CONTRACT_IMPORTERS = ['procurement'];
/** The 合同执行情况表 across units and the SME due list. */
export const EXECUTION_READERS = ['procurement', 'contract-review', 'finance', 'accountant', 'cashier', 'deputy-chief', 'chief'];

export const CONTRACT_KIND = 'contract';
export const CONTRACT_PAYMENT_KIND = 'contract-payment';

/**
 * Who may read a contract or a payment of it: its submitter, the unit's head, the readers by role,
 * and anyone the approval brought to it (a copy, a transferred or added step). A process
 * administrator sees none by role.
 */
@Injectable()
export class ContractAccess {
  constructor(private readonly involvement: SubjectInvolvement) {}

  async mayReadContract(actor: Actor, contract: { id: string; submitterId: string; unitCode: string }): Promise<boolean> {
    return (
      contract.submitterId === actor.id ||
      actor.groups.includes(candidateGroupId('unit-head', contract.unitCode)) ||
      actor.groups.some((group) => CONTRACT_READERS.includes(group)) ||
      (await this.involvement.involves({ kind: CONTRACT_KIND, id: contract.id }, actor.username))
    );
  }

  async mayReadPayment(actor: Actor, payment: { id: string; submitterId: string | null }, contract: { id: string; submitterId: string; unitCode: string }): Promise<boolean> {
    return (
      payment.submitterId === actor.id ||
      actor.groups.some((group) => PAYMENT_READERS.includes(group)) ||
      (await this.mayReadContract(actor, contract)) ||
      (await this.involvement.involves({ kind: CONTRACT_PAYMENT_KIND, id: payment.id }, actor.username))
    );
  }

  /** Units whose contracts the actor lists: null for all; the submitter's own are always listed. */
  listScope(actor: Actor): { all: boolean; units: string[] } {
    if (actor.groups.some((group) => CONTRACT_READERS.includes(group))) return { all: true, units: [] };
    return { all: false, units: actor.groups.filter((g) => g.startsWith('unit-head:')).map((g) => g.slice('unit-head:'.length)) };
  }
}
