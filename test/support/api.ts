import { readStack } from '../setup/stack';

const stack = readStack();

/**
 * fetch, sent again once when a pooled keep-alive socket turns out to have been closed by the server
 * while it sat idle ("other side closed" before any answer: the request never reached the API). Jest
 * runs unit specs between the end-to-end files in this process; a long CPU-bound spec keeps the event
 * loop from seeing the server's close until the next file reuses the socket.
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code !== 'UND_ERR_SOCKET' || !/other side closed/.test(cause.message ?? '')) throw error;
    return fetch(url, init);
  }
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** A signed-in user of the API under test. */
export class ApiClient {
  constructor(readonly username: string, private readonly token?: string) {}

  /** The Authorization header value, for requests made without this client (file downloads). */
  authorization(): string {
    return `Bearer ${this.token}`;
  }

  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.call<T>('POST', path, body);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.call<T>('PUT', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.call<T>('PATCH', path, body);
  }

  /** Posts a file as multipart field `file`, with text fields beside it, as a browser's form does. */
  async upload<T = any>(path: string, file: { name: string; bytes: Buffer; type?: string }, fields: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const response = await send(stack.baseUrl + path, { method: 'POST', headers, body: form });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** The raw response of a GET (file downloads), headers and bytes. */
  async download(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await send(stack.baseUrl + path, { headers: this.token ? { Authorization: `Bearer ${this.token}` } : {} });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await send(stack.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}

export const anonymous = new ApiClient('anonymous');

export async function login(username: string, password = process.env.DEMO_PASSWORD ?? 'demo'): Promise<ApiClient> {
  const response = await anonymous.post<{ accessToken: string }>('/api/auth/login', { username, password });
  if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return new ApiClient(username, response.body.accessToken);
}

/** Direct calls to the engine's REST API, to check what the engine itself recorded. */
export async function engine<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...stack.engineHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await send(stack.engineUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`engine ${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Polls until `read` returns something `done` accepts; fails with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

/** Waits until screening has settled the claim (no longer SCREENING) and returns its view. */
export function screened(client: ApiClient, claimId: string) {
  return eventually(
    () => client.get(`/api/claims/${claimId}`),
    (response) => response.status === 200 && response.body.status !== 'SCREENING',
  ).then((response) => response.body);
}
