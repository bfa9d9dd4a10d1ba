import type { Actor } from '../org/org.service';

/** Who keeps the register (creates, edits, imports suppliers). */
export const SUPPLIER_KEEPERS = ['procurement'];
/** Who reads the whole register with bank accounts, and each supplier's awards and contracts. */
export const SUPPLIER_READERS = ['procurement', 'contract-review', 'finance', 'accountant', 'cashier', 'deputy-chief', 'chief'];

export const maySeeSupplierDetails = (actor: Actor): boolean => actor.groups.some((group) => SUPPLIER_READERS.includes(group));
