// Small JSON GETs/POSTs for discovery (Node 20's fetch, injectable for tests and hosts). Discovery runs
// against servers that may not exist, so every call has a short timeout and never throws: `requestJson`
// says how it failed (the probe turns that into advice), `getJson` just gives `undefined`.
import { errorMessage } from '../errorMessage';

export type FetchFn = typeof fetch;

export interface HttpOptions {
  fetch?: FetchFn;
  timeoutMs?: number;
  apiKey?: string;
}

export type JsonAnswer<T> =
  | { ok: true; status: number; json: T }
  /** `status` is set when the server answered (an error status, a body that is not JSON, or one that
   * did not arrive whole: 'cut', or 'timeout' while it was read). */
  | { ok: false; status?: number; failure: 'status' | 'not-json' | 'unreachable' | 'timeout' | 'cut'; detail: string; cause?: unknown; timeoutMs?: number };

/** The time limit of a discovery request when the caller sets none. */
const DISCOVERY_TIMEOUT_MS = 1500;

const timedOut = (cause: unknown) => cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');

export async function requestJson<T = any>(url: string, opts: HttpOptions & { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<JsonAnswer<T>> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? DISCOVERY_TIMEOUT_MS;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: opts.method ?? 'GET',
      headers: { accept: 'application/json', ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      // the whole answer, body included, within the limit
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    return timedOut(cause) ? { ok: false, failure: 'timeout', detail: errorMessage(cause), cause, timeoutMs } : { ok: false, failure: 'unreachable', detail: errorMessage(cause), cause };
  }
  let text: string;
  try { text = await res.text(); } catch (cause) {
    // it answered, then did not finish: never an error status (a 200 is no refusal)
    const detail = errorMessage(cause);
    return timedOut(cause) ? { ok: false, status: res.status, failure: 'timeout', detail, cause, timeoutMs } : { ok: false, status: res.status, failure: 'cut', detail, cause };
  }
  if (!res.ok) return { ok: false, status: res.status, failure: 'status', detail: text.slice(0, 300) };
  try {
    return { ok: true, status: res.status, json: JSON.parse(text) as T };
  } catch {
    return { ok: false, status: res.status, failure: 'not-json', detail: `${res.headers.get('content-type') ?? 'no content type'}: ${text.slice(0, 200)}` };
  }
}

export async function getJson<T = any>(url: string, opts: HttpOptions & { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T | undefined> {
  const answer = await requestJson<T>(url, opts);
  return answer.ok ? answer.json : undefined;
}

/** `http://host:port/v1/` → `http://host:port` (the server's own endpoints live at the root). */
export function originOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.origin;
}

/** `http://host:port` or `.../v1/` → `http://host:port/v1` (OpenAI-compatible base). */
export function openAiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/** The base URL as the user gave it, made usable: a bare origin means the server's own `/v1` (every
 * local server serves it there); a URL with a path is kept, since proxies mount the API elsewhere. */
export function apiBaseUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  let parsed: URL;
  try { parsed = new URL(trimmed); } catch { return trimmed; }
  return parsed.pathname === '/' && !parsed.search ? openAiBase(parsed.origin) : trimmed;
}

/** The server's own root endpoints (/props, /api/…) are only meaningful when the API sits at `/v1` of the
 * origin; behind a proxy path they belong to something else. */
export function servesAtRoot(baseUrl: string): boolean {
  try { return new URL(baseUrl).pathname.replace(/\/+$/, '') === '/v1'; } catch { return false; }
}
