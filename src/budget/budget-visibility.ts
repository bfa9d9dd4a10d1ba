import { candidateGroupId } from '../org/org.entities';
import type { Actor } from '../org/org.service';
import { BudgetForbiddenError } from './budget.errors';

/** Finance keeps every line; the deputy chief and the chief read them all. */
const READ_ALL = ['finance', 'deputy-chief', 'chief'];

/**
 * Who sees which budget lines ("Who sees what" in the product brief): finance and the bureau's leaders
 * every line and ledger; anyone else their own unit's lines, and the ledger's detail only as that
 * unit's head; a process administrator with no other role, none.
 */
export const BudgetVisibility = {
  readsAll(actor: Actor): boolean {
    return actor.groups.some((group) => READ_ALL.includes(group));
  },

  /** The unit code the caller's list is limited to, or null for every unit. */
  unitScope(actor: Actor, requested?: string): string | null {
    if (BudgetVisibility.readsAll(actor)) return requested ?? null;
    BudgetVisibility.assertAnyBudget(actor);
    if (requested !== undefined && requested !== actor.unit.code && requested !== actor.unit.name) {
      throw new BudgetForbiddenError('只能查看本单位的预算', "You may see only your own unit's budget");
    }
    return actor.unit.code;
  },

  assertMayReadLine(actor: Actor, unitCode: string): void {
    if (BudgetVisibility.readsAll(actor)) return;
    BudgetVisibility.assertAnyBudget(actor);
    if (unitCode !== actor.unit.code) throw new BudgetForbiddenError('只能查看本单位的预算', "You may see only your own unit's budget");
  },

  assertMayReadLedger(actor: Actor, unitCode: string): void {
    if (BudgetVisibility.readsAll(actor) || actor.groups.includes(candidateGroupId('unit-head', unitCode))) return;
    throw new BudgetForbiddenError('预算明细账只对本单位负责人和财务开放', "A line's ledger is open to its unit head and finance only");
  },

  assertAnyBudget(actor: Actor): void {
    if (actor.groups.length > 0 && actor.groups.every((group) => group === 'process-admin')) {
      throw new BudgetForbiddenError('流程管理员不查看预算', 'Process administrators do not see budgets');
    }
  },
};
