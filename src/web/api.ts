import { session, signOut } from './session';

/** An error answer of the API: its code, Chinese and English message, and the bad fields of a 400. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(messageZh);
  }
}

/** Called when a request comes back 401: the app sends the user to the login page, then back. */
let onUnauthenticated: () => void = () => undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

/**
 * Every write carries an Idempotency-Key, one per distinct request (method, path, body) until the
 * server has answered it: a double click, or the same action tried again after the network dropped
 * the answer, sends the same key and the server files it once. Once answered, the same request again
 * is a new submission with a new key.
 */
const unansweredWrites = new Map<string, string>();
const IN_PROGRESS_RETRIES = 20;

function idempotencyKey(): string {
  // getRandomValues, unlike randomUUID, works on plain http too (a bureau's intranet address).
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The one way the browser talks to the server: every call goes through /api, which authorises it. */
export async function api<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const all: Record<string, string> = { Accept: 'application/json', ...headers };
  if (session.token) all.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) all['Content-Type'] = 'application/json';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const write = method !== 'GET' && method !== 'HEAD';
  const request = `${method} ${path} ${payload ?? ''}`;
  if (write && !all['Idempotency-Key']) {
    if (!unansweredWrites.has(request)) unansweredWrites.set(request, idempotencyKey());
    all['Idempotency-Key'] = unansweredWrites.get(request)!;
  }
  let response: Response;
  let parsed: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(`/api${path}`, { method, headers: all, body: payload });
    } catch {
      throw new ApiError(0, 'NETWORK', '网络错误，请稍后重试', 'Network error, please try again');
    }
    const text = await response.text();
    parsed = text ? safeJson(text) : undefined;
    // The twin of a request still being processed waits for the first one's answer, and then shares it.
    if (response.status !== 409 || (parsed as { error?: string } | undefined)?.error !== 'IDEMPOTENCY_IN_PROGRESS' || attempt >= IN_PROGRESS_RETRIES) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (write) unansweredWrites.delete(request);
  if (response.status === 401 && session.token) {
    signOut();
    onUnauthenticated();
  }
  if (!response.ok) {
    const error = (parsed ?? {}) as { error?: string; message?: string; messageEn?: string; fields?: { field: string; message: string }[] };
    throw new ApiError(response.status, error.error ?? 'ERROR', error.message ?? response.statusText, error.messageEn ?? response.statusText, error.fields);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What went wrong, in the reader's language: the API's own message, else the error's text. */
export function errorText(error: unknown, locale: string): string {
  if (error instanceof ApiError) return locale === 'en' ? error.messageEn : error.messageZh;
  return error instanceof Error ? error.message : String(error);
}

/** A text answer (a BPMN download) through the same authorised path. */
export async function getText(path: string): Promise<string> {
  const response = await fetch(`/api${path}`, { headers: session.token ? { Authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string; messageEn?: string };
    throw new ApiError(response.status, body.error ?? 'ERROR', body.message ?? response.statusText, body.messageEn ?? response.statusText);
  }
  return response.text();
}

/** Reads started ahead of the page that makes them (the router's `data`), each taken once while fresh. */
const prefetched = new Map<string, { at: number; answer: Promise<unknown> }>();
const PREFETCH_FRESH_MS = 10_000;

export function prefetch(path: string): void {
  const answer = api('GET', path);
  answer.catch(() => undefined); // the page's own get() sees the error
  prefetched.set(path, { at: Date.now(), answer });
}

export const get = <T>(path: string): Promise<T> => {
  const ahead = prefetched.get(path);
  prefetched.delete(path);
  if (ahead && Date.now() - ahead.at < PREFETCH_FRESH_MS) return ahead.answer as Promise<T>;
  return api<T>('GET', path);
};
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('POST', path, body, headers);
export const put = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('PUT', path, body, headers);
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body);
