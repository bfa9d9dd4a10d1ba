import type { GroupCode } from '../org/org.entities';

/** What the organisation pages show; shared with the web app. */
export interface PersonRef {
  username: string;
  displayName: string;
}

export interface UnitView {
  id: string;
  code: string;
  name: string;
  invoiceTitle: string;
  creditCode: string;
  /** Active people of the unit. */
  people: number;
  heads: PersonRef[];
  fundOwners: PersonRef[];
}

export type GroupCodeView = GroupCode;

export interface PersonView {
  id: string;
  username: string;
  displayName: string;
  title: string;
  tier: 'minister' | 'bureau' | 'other';
  unit: { code: string; name: string };
  groups: { code: GroupCodeView; unit: { code: string; name: string } | null }[];
  active: boolean;
  deactivatedAt: string | null;
}

export interface DeactivationView {
  username: string;
  active: false;
  /** The open steps handed on, and to whom. */
  moved: { taskId: string; kind: string | null; subjectId: string | null; to: string }[];
}
