// The web_fetch tool on Node: the guarded fetch, the page as text, and the result through the plugin
// gate (redacted, capped). Offered to the model only when the user turned it on (smallcode.web.enabled).
// A URL is a message to its host: a page read earlier can tell the model to put what it read into the
// next URL. So the first fetch from each host is asked about (the user sees the whole address), and a
// URL that carries a secret (a key the model read from .env) is refused before anyone is asked or any
// request leaves: redacting the echo is too late, and a user clicking through should not be the guard.
import { pluginResult, webFetch, type ToolPlugin, type ToolProvider } from '../../core/tools';
import { holdsSecret } from '../../core/security';
import { allowedOrAsked, type OnceOrAlways } from '../../core/tools/decisions';
import { FetchBlockedError, fetchTarget, guardedFetch, RedirectNotFollowedError, type GuardedFetchOptions } from './guardedFetch';
import { pageText } from './pageText';
import { errorMessage } from '../../core/errorMessage';

/** This fetch only, every fetch from its host from now on (in this session), or none. */
export type FetchApproval = OnceOrAlways;
export interface FetchRequest {
  /** The whole address, as it will be sent. */
  url: string;
  /** `example.com`, `example.com:8080`: what "always" allows. */
  host: string;
}
export type ApproveFetch = (request: FetchRequest, signal?: AbortSignal) => Promise<FetchApproval>;

export interface WebFetchOptions extends Omit<GuardedFetchOptions, 'signal'> {
  /** Values this conversation found secret (a .env file's values: the traces' known set), refused in a URL too. */
  knownSecrets?: () => ReadonlySet<string>;
  /**
   * Asked before the first fetch from a host not in `allowedHosts`; only 'once' or 'always' fetches.
   * Absent: fetches are not asked about (a programmatic caller that turned web on without a gate).
   */
  approveFetch?: ApproveFetch;
  /** Hosts fetched from without asking (the user's "always" answers are added): shared, updated in place. */
  allowedHosts?: Set<string>;
}

export const declinedFetch = (host: string): string => `Not fetched: the user declined fetching from ${host}. Do not retry it; continue without this page, or ask the user for what you need.`;

export const SECRET_IN_URL = 'Not fetched: the URL contains a secret (an API key, a token, a password or a value from a file of secrets such as .env). web_fetch sends its URL to another server, so it never sends secrets. Do not retry with the secret in the URL; fetch the page without it, or tell the user what you need.';

export function webFetchPlugin(options: WebFetchOptions = {}): ToolPlugin {
  return {
    definition: webFetch,
    async execute(args, signal) {
      const url = String(args.url).trim();
      const { knownSecrets, approveFetch, allowedHosts, ...fetchOptions } = options;
      if (holdsSecret(url, knownSecrets?.())) return { ok: false, content: SECRET_IN_URL };
      try {
        const target = fetchTarget(url, fetchOptions);
        const { host } = target;
        if (approveFetch) {
          // the address as it will be sent (the parser drops tabs and newlines a raw URL could hide text in)
          const approved = await allowedOrAsked(host, allowedHosts, () => approveFetch({ url: target.href, host }, signal), signal);
          if (signal?.aborted) return { ok: false, content: 'Cancelled.', cancelled: true };
          if (!approved) return { ok: false, content: declinedFetch(host) };
        }
        // An allowed host's redirect (an open redirect) must not carry the URL's data to a host nobody allowed.
        const followRedirect = approveFetch ? (next: URL) => next.host === host || !!allowedHosts?.has(next.host) : undefined;
        const page = await guardedFetch(url, { ...fetchOptions, ...(followRedirect ? { followRedirect } : {}), ...(signal ? { signal } : {}) });
        const text = pageText(page);
        if (text === undefined) return { ok: false, content: `${page.url} is ${page.contentType || 'of an unknown type'}, not text; it was not read.` };
        const via = page.redirects.length ? ` (redirected from ${url})` : '';
        const cut = page.truncated ? '\n[The page was larger than the size limit; only its beginning was read.]' : '';
        const status = page.status >= 400 ? ` — HTTP ${page.status}` : '';
        return pluginResult(page.status < 400, `${page.url}${via}${status}\n\n${text || '(no text on the page)'}${cut}`);
      } catch (error) {
        if (signal?.aborted) return { ok: false, content: 'Cancelled.', cancelled: true };
        if (error instanceof FetchBlockedError) return { ok: false, content: `${error.message} Do not retry this URL.` };
        if (error instanceof RedirectNotFollowedError) return { ok: false, content: `Not read: ${error.from} redirects to ${error.target}, another host, which was not followed. To read that page, call web_fetch with its URL (the user is asked about the new host).` };
        return { ok: false, content: `Could not fetch ${url}: ${errorMessage(error)}` };
      }
    },
  };
}

export function webFetchProvider(options: WebFetchOptions = {}): ToolProvider {
  const plugin = webFetchPlugin(options);
  return { name: 'web fetch', tools: async () => [plugin] };
}
