// A request to a model server that answers with a redirect. fetch turns a POST answered with 301, 302 or
// 303 into a GET without its body, so a chat request redirected (http → https at a proxy, an API moved
// under another path) arrived as a GET and came back 404/405: "no OpenAI-compatible API at <the URL the
// user set>", while discovery (GETs, which follow redirects whole) had found the server there. Such a
// redirect is reported with where it leads; 307 and 308 keep the method and body and are followed by
// fetch itself (which also drops the API key when they lead to another origin).
import { LlmError } from './errors';

const METHOD_CHANGING = new Set([301, 302, 303]);

/** A fetch that reports a POST redirected in a way that would lose its body, instead of following it. */
export function withPostRedirects(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    if ((init?.method ?? 'GET').toUpperCase() !== 'POST' || init?.redirect) return fetchImpl(input, init);
    const response = await fetchImpl(input, { ...init, redirect: 'manual' });
    // a browser's fetch hides the redirect (status 0): nothing to say, so it is followed as before
    if (response.type === 'opaqueredirect') return fetchImpl(input, init);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || !location) return response;
    void response.body?.cancel().catch(() => undefined);
    const from = urlOf(input);
    const to = new URL(location, from).href;
    if (!METHOD_CHANGING.has(response.status)) return fetchImpl(input, init); // the server did nothing: ask again, following
    throw redirectError(from, to, response.status);
  };
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** The base URL to set instead: the target with the request's own endpoint path taken off, when it ends so. */
function redirectError(from: string, to: string, status: number): LlmError {
  const endpoint = ['/chat/completions', '/api/chat'].find((p) => new URL(from).pathname.endsWith(p));
  const base = (url: string) => (endpoint && new URL(url).pathname.endsWith(endpoint) ? url.slice(0, url.length - endpoint.length) : undefined);
  const fromBase = base(from) ?? from;
  const toBase = base(to.split(/[?#]/)[0]!);
  const fix = toBase ? `Set "smallcode.baseUrl" to ${toBase}` : 'Set "smallcode.baseUrl" to the address it leads to';
  return new LlmError('no-api', `The server at ${fromBase} redirects model requests (HTTP ${status}) to ${to}, and a redirected request would lose its content. ${fix}.`, { status, detail: `HTTP ${status} Location: ${to}` });
}
