import type { EntityManager } from 'typeorm';
import type { Actor } from '../org/org.service';
import type { ApprovalStep } from './approval-loop';

/**
 * A record that can be approved, attached to or linked (a claim, a travel request, a budget
 * adjustment, later a contract …), as approvals, copies and 关联查询 see it: the same shape for
 * every kind, so `tasks/` never knows which feature a record belongs to.
 */
export interface Subject {
  kind: string;
  id: string;
  processInstanceId: string | null;
  /** Username of who filed it: nobody decides a step of their own subject. */
  submitter: string | null;
  submitterName: string | null;
  unitCode: string | null;
  unitName: string | null;
  amountFen: number | null;
  title: string | null;
  status: string;
  /** The day it was filed (YYYY-MM-DD). */
  submittedOn: string | null;
  /** Where the browser opens it. */
  link: string;
  /** The chain the shared approval loop walks; null where the flow has fixed steps. */
  chain: ApprovalStep[] | null;
  /** Carries no finding an approver must read first: batch approval may take it. */
  clean: boolean;
  /**
   * People the subject benefits besides its submitter (the payees of a payment batch): like the
   * submitter, none of them decides a step of it (CLM-SELF-APPROVAL).
   */
  parties?: string[];
}

/** What a decision on an approval step means for the record, beyond what its flow does. */
export type SubjectDecision = 'approve' | 'reject' | 'return' | 'withdraw';

/**
 * A kind of subject, registered once by its feature: how to load it, who may see it, where its
 * chain is kept and what each decision does. Approvals, copies and links go through this only.
 */
export interface SubjectKind {
  /** `expense-claim`, `travel-request` … (also the task list's `kind` filter). */
  kind: string;
  label: { zh: string; en: string };
  /** Engine process definition keys whose instances decide a subject of this kind. */
  processKeys: readonly string[];
  /** Where the browser opens a subject of this kind. */
  linkOf(id: string): string;
  load(ids: string[]): Promise<Subject[]>;
  loadByInstances(processInstanceIds: string[]): Promise<Subject[]>;
  /** Throws the kind's not-found or forbidden error unless the actor may read the subject. */
  assertVisible(actor: Actor, id: string): Promise<void>;
  /**
   * Where the shared approval loop's chain is kept, for kinds whose flow walks one: read under a
   * lock that serialises decisions on the subject until the transaction ends, and saved.
   */
  chain?: {
    lock(tx: EntityManager, id: string): Promise<ApprovalStep[]>;
    save(tx: EntityManager, id: string, chain: ApprovalStep[]): Promise<void>;
  };
  /** The flow has a revise step: an approver may return the subject to its submitter. */
  returnable?: boolean;
  /** The flow's own closing step tells the submitter of the outcome; otherwise the decision does. */
  closeNotifies?: boolean;
  /** What a decision does to the record beyond the flow (a returned claim's status). */
  onDecision?(decision: SubjectDecision, subject: Subject): Promise<void>;
}

/** A record reached from a subject in 关联查询: another subject, or a record that is not one. */
export interface SubjectLink {
  /** What the record is to the subject: `travel-request`, `invoice`, `budget-line`, `ledger-entry` … */
  relation: string;
  /** Set when the record is a subject itself: its approval history is shown and its links followed. */
  kind: string | null;
  id: string;
  title: string;
  /** A few labelled values to show beside it (amount, status, dates), keys named by the relation. */
  fields: Record<string, string | number | boolean | null>;
  link: string | null;
}

/** A feature's links for subjects of some kinds (a claim's invoices, its budget line and ledger entries). */
export interface LinkContributor {
  kinds: readonly string[];
  links(subject: Subject, actor: Actor): Promise<SubjectLink[]>;
}

export interface SubjectRef {
  kind: string;
  id: string;
}

/** The chain kept in an `approval_chain` column of the record's own table, locked for the transaction of a decision. */
export function rowChainStore(table: string): NonNullable<SubjectKind['chain']> {
  return {
    lock: async (tx: EntityManager, id: string): Promise<ApprovalStep[]> => {
      const [row] = await tx.query(`SELECT approval_chain FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
      return (row?.approval_chain as ApprovalStep[] | null) ?? [];
    },
    save: async (tx: EntityManager, id: string, chain: ApprovalStep[]): Promise<void> => {
      await tx.query(`UPDATE ${table} SET approval_chain = $2, updated_at = now() WHERE id = $1`, [id, JSON.stringify(chain)]);
    },
  };
}
