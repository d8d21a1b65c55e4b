// An HTTP(S) GET that cannot be turned against this machine or its network (SSRF): the policy is
// core/security/endpointGuard; this file enforces it where it cannot be raced. The address is checked
// inside the socket's own DNS lookup (so the address validated is the address connected to: no window
// for DNS rebinding between a check and the connect), again on the connected socket, and every redirect
// is followed by hand and goes through the same checks. Size, time and redirect count are capped.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { blockedAddress, checkFetchUrl, literalAddress } from '../../core/security/endpointGuard';

/** Resolves a host name to every address it has (the default is the system resolver). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface GuardedFetchOptions {
  /** Bytes of body read at most; the rest is dropped and `truncated` set (default 2 MB). */
  maxBytes?: number;
  /** For the whole fetch, redirects included (default 15 s). */
  timeoutMs?: number;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  resolve?: Resolver;
  /**
   * Tests only (no setting reaches it): exact `address:port` pairs connected to although the guard
   * refuses the address, so tests can serve pages from 127.0.0.1. Every other address stays guarded.
   */
  allowForTests?: readonly string[];
  /**
   * Whether a redirect to `target` is followed (default: every redirect the guard allows). When not, the
   * fetch ends with a RedirectNotFollowedError naming the target (web_fetch: another host is asked about
   * in a fetch of its own, with the whole address shown, never followed behind the user's back).
   */
  followRedirect?: (target: URL) => boolean;
  signal?: AbortSignal;
}

export interface FetchedPage {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  truncated: boolean;
  redirects: string[];
}

/** A redirect `followRedirect` declined: where it pointed. */
export class RedirectNotFollowedError extends Error {
  constructor(readonly from: string, readonly target: string) {
    super(`${from} redirects to ${target}, which was not followed.`);
    this.name = 'RedirectNotFollowedError';
  }
}

/** The guard refused a URL or an address; the message says which and why. */
export class FetchBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchBlockedError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemResolver: Resolver = (hostname) => new Promise((resolve, reject) => {
  dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
});

export async function guardedFetch(rawUrl: string, options: GuardedFetchOptions = {}): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const redirects: string[] = [];
  let check = checkFetchUrl(rawUrl);
  for (;;) {
    if (!check.ok) throw new FetchBlockedError(`Not fetched: ${check.reason}.`);
    const url = check.url;
    let response: RawResponse;
    try {
      response = await requestOnce(url, options, signal);
    } catch (error) {
      if (deadline.aborted && !options.signal?.aborted) throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s fetching ${url.href}.`);
      throw error;
    }
    const location = response.headers.location;
    if (REDIRECTS.has(response.status) && typeof location === 'string') {
      if (redirects.length >= (options.maxRedirects ?? 5)) throw new FetchBlockedError(`Not fetched: more than ${options.maxRedirects ?? 5} redirects (last to ${location}).`);
      redirects.push(location);
      check = checkFetchUrl(location, url.href);
      if (check.ok && options.followRedirect && !options.followRedirect(check.url)) throw new RedirectNotFollowedError(url.href, check.url.href);
      continue;
    }
    const contentType = String(response.headers['content-type'] ?? '');
    return { url: url.href, status: response.status, contentType, body: response.body, truncated: response.truncated, redirects };
  }
}

interface RawResponse { status: number; headers: http.IncomingHttpHeaders; body: Buffer; truncated: boolean }

/** Why connecting to `address` for `url` is refused (undefined: allowed). */
function refusalFor(url: URL, options: GuardedFetchOptions): (address: string) => string | undefined {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return (address) => (options.allowForTests?.includes(`${address}:${port}`) ? undefined : blockedAddress(address));
}

/** A URL whose host is a refused address literal (`http://127.0.0.1/`): refused before any lookup. */
function literalRefusal(url: URL, options: GuardedFetchOptions): FetchBlockedError | undefined {
  const literal = literalAddress(url);
  const refused = literal !== undefined ? refusalFor(url, options)(literal) : undefined;
  return refused ? new FetchBlockedError(`Not fetched: ${url.host} — ${refused}.`) : undefined;
}

/**
 * The URL a fetch of `rawUrl` would start at, or a FetchBlockedError for one the guard refuses without
 * a lookup (not http(s), credentials in it, a non-public address literal): checked before the user is
 * asked about a fetch, so nobody is asked about one that could never go out.
 */
export function fetchTarget(rawUrl: string, options: GuardedFetchOptions = {}): URL {
  const check = checkFetchUrl(rawUrl);
  if (!check.ok) throw new FetchBlockedError(`Not fetched: ${check.reason}.`);
  const refused = literalRefusal(check.url, options);
  if (refused) throw refused;
  return check.url;
}

function requestOnce(url: URL, options: GuardedFetchOptions, signal: AbortSignal): Promise<RawResponse> {
  const refusal = refusalFor(url, options);
  const refused = literalRefusal(url, options);
  if (refused) return Promise.reject(refused);
  const resolve = options.resolve ?? systemResolver;
  // Node calls this for the socket it is about to open: what it returns is what it connects to.
  const lookup = (hostname: string, opts: { all?: boolean }, callback: (...args: any[]) => void) => {
    resolve(hostname).then((addresses) => {
      if (!addresses.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
      const bad = addresses.map((a) => refusal(a.address)).find(Boolean);
      if (bad) return callback(new FetchBlockedError(`Not fetched: ${hostname} resolves to a non-public address (${bad}).`));
      return opts.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family);
    }, (error) => callback(error));
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<RawResponse>((resolvePromise, reject) => {
    const request = transport.request(url, {
      method: 'GET', agent: false, lookup, signal,
      headers: { accept: 'text/html,text/plain;q=0.9,*/*;q=0.5', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'SmallCode-web_fetch' },
    } as http.RequestOptions);
    request.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        const bad = socket.remoteAddress ? refusal(socket.remoteAddress) : 'an unknown address';
        if (bad) request.destroy(new FetchBlockedError(`Not fetched: connected to ${bad}.`));
      });
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const max = options.maxBytes ?? 2 * 1024 * 1024;
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const done = () => resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), truncated });
      if (REDIRECTS.has(response.statusCode ?? 0)) { response.resume(); response.on('end', done); response.on('error', reject); return; }
      const body = decoded(response);
      body.on('data', (chunk: Buffer) => {
        if (truncated) return;
        const room = max - size;
        if (chunk.length >= room) {
          chunks.push(chunk.subarray(0, room));
          size = max;
          truncated = true;
          request.destroy();
          done();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      body.on('end', done);
      body.on('error', (error) => (truncated ? undefined : reject(error)));
      response.on('error', (error) => (truncated ? undefined : reject(error)));
    });
    request.end();
  });
}

function decoded(response: http.IncomingMessage): Readable {
  switch (String(response.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip': case 'x-gzip': return response.pipe(createGunzip());
    case 'deflate': return response.pipe(createInflate());
    case 'br': return response.pipe(createBrotliDecompress());
    default: return response;
  }
}
