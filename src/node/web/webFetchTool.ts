// The web_fetch tool on Node: the guarded fetch, the page as text, and the result through the plugin
// gate (redacted, capped). Offered to the model only when the user turned it on (smallcode.web.enabled).
import { pluginResult, webFetch, type ToolPlugin, type ToolProvider } from '../../core/tools';
import { FetchBlockedError, guardedFetch, type GuardedFetchOptions } from './guardedFetch';
import { pageText } from './pageText';
import { errorMessage } from '../../core/errorMessage';

export type WebFetchOptions = Omit<GuardedFetchOptions, 'signal'>;

export function webFetchPlugin(options: WebFetchOptions = {}): ToolPlugin {
  return {
    definition: webFetch,
    async execute(args, signal) {
      const url = String(args.url).trim();
      try {
        const page = await guardedFetch(url, { ...options, ...(signal ? { signal } : {}) });
        const text = pageText(page);
        if (text === undefined) return { ok: false, content: `${page.url} is ${page.contentType || 'of an unknown type'}, not text; it was not read.` };
        const via = page.redirects.length ? ` (redirected from ${url})` : '';
        const cut = page.truncated ? '\n[The page was larger than the size limit; only its beginning was read.]' : '';
        const status = page.status >= 400 ? ` — HTTP ${page.status}` : '';
        return pluginResult(page.status < 400, `${page.url}${via}${status}\n\n${text || '(no text on the page)'}${cut}`);
      } catch (error) {
        if (signal?.aborted) return { ok: false, content: 'Cancelled.', cancelled: true };
        if (error instanceof FetchBlockedError) return { ok: false, content: `${error.message} Do not retry this URL.` };
        return { ok: false, content: `Could not fetch ${url}: ${errorMessage(error)}` };
      }
    },
  };
}

export function webFetchProvider(options: WebFetchOptions = {}): ToolProvider {
  const plugin = webFetchPlugin(options);
  return { name: 'web fetch', tools: async () => [plugin] };
}
