/**
 * What the task API answers with: shared by the server, which builds these, and the browser, which
 * shows them (imported as types on both sides, never copied). Every list speaks of subjects: a kind
 * (`expense-claim`, `travel-request` …) and an id, with what every kind has.
 */

/** Operations a step offers; the browser shows a button for each. */
export type StepOperation =
  | 'approve' | 'reject' | 'return' | 'return-previous' | 'transfer' | 'delegate' | 'resolve' | 'add-signer-before' | 'add-signer-after' | 'copy';

/** The subject a list row is about, as every kind describes it. */
export interface SubjectSummary {
  kind: string | null;
  subjectId: string | null;
  title: string | null;
  submitter: string | null;
  submitterName: string | null;
  unit: string | null;
  unitCode: string | null;
  amount: string | null;
  status: string | null;
  submittedOn: string | null;
  /** Where the browser opens the subject. */
  link: string | null;
}

export interface TaskView extends SubjectSummary {
  id: string;
  name: string | null;
  taskDefinitionKey: string;
  created: string;
  due: string | null;
  /** The due date has passed. */
  overdue: boolean;
  /** The step was escalated to the deputy chief in charge. */
  escalated: boolean;
  assignee: string | null;
  /** While delegated: the delegator, who gets it back. */
  delegatedBy: string | null;
  /** The step of the chain (`unit-head`, `finance`, `added-signer`…) for the shared approval loop. */
  step: string | null;
  /** No finding that needs reading (block, warn, adjust): batch approval may take it. */
  clean: boolean;
}

export interface DoneView extends SubjectSummary {
  actionId: string;
  taskId: string | null;
  operation: string;
  target: string | null;
  comment: string | null;
  at: string;
  step: string | null;
}

export interface CopiedView extends SubjectSummary {
  copiedBy: string;
  copiedByName: string;
  comment: string | null;
  at: string;
  read: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}

export interface BatchOutcome {
  taskId: string;
  ok: boolean;
  subjectId: string | null;
  error?: { code: string; message: string; messageEn: string };
}

/** One operation in a subject's approval history, as 关联查询 shows it. */
export interface HistoryEntry {
  operation: string;
  actor: string;
  actorName: string;
  target: string | null;
  comment: string | null;
  step: string | null;
  at: string;
}

/** 关联查询: a subject, every record linked a hop or two away, and each subject's approval history. */
export interface RelatedView {
  subject: SubjectSummary;
  history: HistoryEntry[];
  links: {
    relation: string;
    kind: string | null;
    id: string;
    title: string;
    fields: Record<string, string | number | boolean | null>;
    link: string | null;
    /** 1: linked to the subject; 2: linked to a linked subject. */
    hop: number;
    /** The linked subject this one was reached through (hop 2). */
    via: { kind: string; id: string } | null;
    history: HistoryEntry[];
  }[];
}
