import { reactive } from 'vue';

/** The signed-in user as GET /api/me describes them. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  tier: string;
  unit: { id: string; code: string; name: string };
  groups: string[];
}

const TOKEN = 'jingbao.token';

export const session = reactive<{ token: string | null; actor: Actor | null }>({
  token: localStorage.getItem(TOKEN),
  actor: null,
});

export function signIn(token: string, actor: Actor): void {
  session.token = token;
  session.actor = actor;
  localStorage.setItem(TOKEN, token);
}

export function signOut(): void {
  session.token = null;
  session.actor = null;
  localStorage.removeItem(TOKEN);
}

/** Approvers see the task list: members of any approving group. */
export function isApprover(actor: Actor | null): boolean {
  return !!actor?.groups.some((g) => /^(unit-head|fund-owner|finance|deputy-chief|chief)(:|$)/.test(g));
}
