// Small JSON GETs/POSTs for discovery (Node 20's fetch, injectable for tests and hosts). Discovery runs
// against servers that may not exist, so every call has a short timeout and a failure is just `undefined`.

export type FetchFn = typeof fetch;

export interface HttpOptions {
  fetch?: FetchFn;
  timeoutMs?: number;
  apiKey?: string;
}

export async function getJson<T = any>(url: string, opts: HttpOptions & { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T | undefined> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  try {
    const res = await doFetch(url, {
      method: opts.method ?? 'GET',
      headers: { accept: 'application/json', ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 1500),
    });
    if (!res.ok) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
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
