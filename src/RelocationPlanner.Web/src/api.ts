// Talking to the service: JSON fetches, RFC 7807 problems, the bearer token (kept for the session).

const TOKEN_KEY = 'rp.token';

import type { Schemas } from './schemas';

export type FieldError = Schemas['FieldError'];
/** An RFC 7807 problem as the service documents it, with the HTTP status always set (from the response when the body has none). */
export type ProblemDetails = Schemas['ProblemDetails'] & { status: number };

/** A failed request: the server's problem+json when it sent one. */
export class ApiError extends Error {
  constructor(public readonly problem: ProblemDetails) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
  }
  get status(): number { return this.problem.status; }
}

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (v: string | null): void => { if (v) sessionStorage.setItem(TOKEN_KEY, v); else sessionStorage.removeItem(TOKEN_KEY); },
};

export function headers(extra?: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json, application/geo+json, application/problem+json', ...extra };
  const tok = token.get();
  if (tok) h.Authorization = `Bearer ${tok}`;
  return h;
}

export async function problemOf(r: Response): Promise<ProblemDetails> {
  const type = r.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await r.json()) as Partial<ProblemDetails>;
      return { ...body, status: r.status };
    } catch { /* fall through: not JSON after all */ }
  }
  return { status: r.status, title: r.statusText, detail: (await r.text().catch(() => '')).slice(0, 300) };
}

export interface Fetched<T> { body: T; etag: string | null }

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<Fetched<T>> {
  const r = await fetch(url, { headers: headers(), signal });
  if (!r.ok) throw new ApiError(await problemOf(r));
  return { body: (await r.json()) as T, etag: r.headers.get('ETag') };
}

/** GET that answers null for 404 (an endpoint that another part of the system has not built yet). */
export async function getOptional<T>(url: string, signal?: AbortSignal): Promise<Fetched<T> | null> {
  try {
    return await getJson<T>(url, signal);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 501)) return null;
    throw e;
  }
}

export async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, ifMatch?: string | null, contentType = 'application/geo+json'): Promise<Fetched<T | null>> {
  const extra: Record<string, string> = {};
  if (body !== undefined) extra['Content-Type'] = contentType;
  if (ifMatch) extra['If-Match'] = ifMatch;
  const r = await fetch(url, { method, headers: headers(extra), body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) throw new ApiError(await problemOf(r));
  const text = await r.text();
  return { body: text ? (JSON.parse(text) as T) : null, etag: r.headers.get('ETag') };
}

/** Readable lines of a problem: detail, then each field error. */
export function problemLines(p: ProblemDetails): string[] {
  const lines = [p.detail || p.title || `HTTP ${p.status}`];
  for (const e of p.errors ?? []) if (e.message && e.message !== p.detail) lines.push(`${e.field}: ${e.message}`);
  return lines;
}
