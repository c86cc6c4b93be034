// The signed-in session: the bearer token and who it belongs to (GET /api/me), both kept in
// sessionStorage for the tab's life. A token is checked before it is kept, so a mistyped one
// never breaks the map's reads (the service refuses every request that carries a bad token).
import { ApiError, getJson, token, type ProblemDetails } from './api';
import { lang, pick, t, term, tf } from './i18n';
import type { Schemas } from './schemas';

/** Who the token belongs to (GET /api/me). */
export type Me = Schemas['WhoAmI'];

const ME_KEY = 'rp.me';

function stored(): Me | null {
  try { return JSON.parse(sessionStorage.getItem(ME_KEY) ?? 'null') as Me | null; } catch { return null; }
}

export const session = {
  me: (): Me | null => (token.get() ? stored() : null),
  mayEdit: (collection: string): boolean => !!session.me()?.editable.includes(collection),
  isPlanner: (): boolean => ['planner', 'admin'].includes(session.me()?.role ?? ''),
};

function announce(): void {
  document.dispatchEvent(new CustomEvent('rp:auth'));
}

/** Checks the token with the service and keeps it; answers the problem when it is refused. */
export async function signIn(value: string): Promise<ProblemDetails | null> {
  const previous = token.get();
  token.set(value);
  try {
    const me = (await getJson<Me>('/api/me')).body;
    sessionStorage.setItem(ME_KEY, JSON.stringify(me));
    announce();
    return null;
  } catch (e) {
    token.set(previous);
    if (e instanceof ApiError) return e.problem;
    throw e;
  }
}

export function signOut(): void {
  // The job dashboard's cookie (POST /api/session) goes with the token.
  void fetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
  token.set(null);
  sessionStorage.removeItem(ME_KEY);
  announce();
}

/** "Your role (engineer) may not edit Sites." for a collection (its layer title when known). */
export function forbiddenText(what: { zh: string; en: string } | string | null): string {
  const role = term(session.me()?.role ?? 'viewer');
  if (what === null) return tf('forbidden_action', { role });
  const name = typeof what === 'string' ? term(what) : pick(what);
  // "may not edit roads": a layer title reads as a common noun inside the English sentence.
  return tf('forbidden_edit', { role, what: lang() === 'en' ? name.toLowerCase() : name });
}

/** The text for a refused write: 401 signs out (the token is no good any more), 403 names the role. */
export function refusalText(status: number, what: { zh: string; en: string } | string | null): string | null {
  if (status === 401) { signOut(); return t('unauthorized_keep'); }
  if (status === 403) return forbiddenText(what);
  return null;
}
