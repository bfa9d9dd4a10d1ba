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
const ACTOR = 'jingbao.actor';

/**
 * The token, and who it belongs to as last seen: a page opened in a new tab draws at once with the
 * remembered person while GET /api/me confirms them in the background (the server decides every
 * call anyway; the remembered groups only pick the menu).
 */
export const session = reactive<{ token: string | null; actor: Actor | null; confirmed: boolean }>({
  token: localStorage.getItem(TOKEN),
  actor: remembered(),
  confirmed: false,
});

function remembered(): Actor | null {
  if (!localStorage.getItem(TOKEN)) return null;
  try {
    const actor = JSON.parse(localStorage.getItem(ACTOR) ?? 'null') as Actor | null;
    return actor && typeof actor.username === 'string' && Array.isArray(actor.groups) ? actor : null;
  } catch {
    return null;
  }
}

export function signIn(token: string, actor: Actor): void {
  session.token = token;
  confirm(actor);
  localStorage.setItem(TOKEN, token);
}

/** GET /api/me answered: the person the token belongs to now. */
export function confirm(actor: Actor): void {
  session.actor = actor;
  session.confirmed = true;
  localStorage.setItem(ACTOR, JSON.stringify(actor));
}

export function signOut(): void {
  session.token = null;
  session.actor = null;
  session.confirmed = false;
  localStorage.removeItem(TOKEN);
  localStorage.removeItem(ACTOR);
}

/** Approvers see the task list: members of any approving group. */
export function isApprover(actor: Actor | null): boolean {
  return !!actor?.groups.some((g) => /^(unit-head|fund-owner|finance|deputy-chief|chief)(:|$)/.test(g));
}
