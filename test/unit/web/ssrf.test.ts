// The SSRF guard under attack: every way of naming this machine or a private network (numeric IPv4
// forms, IPv6 forms, DNS names that resolve there, redirects) is refused, and a "victim" server on
// 127.0.0.1 counts the requests that got through: there must be none. The pages the tests do fetch come
// from an origin server on 127.0.0.1 allowed by the test-only `allowForTests` pair (its exact port).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FetchBlockedError, guardedFetch, type Resolver } from '../../../src/node/web/guardedFetch';
import { webFetchPlugin } from '../../../src/node/web/webFetchTool';
import { blockedAddress, checkFetchUrl } from '../../../src/core/security/endpointGuard';

let origin: Server;
let victim: Server;
let victim6: Server | undefined;
let O = 0;
let V = 0;
let V6 = 0;
/** 50 MB of one byte, gzipped once: compressing it per request took longer than a fetch's time limit on a loaded machine. */
const BOMB = gzipSync(Buffer.alloc(50_000_000, 97));
let victimHits = 0;

const listen = (server: Server, host: string) => new Promise<number>((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
});

before(async () => {
  victim = createServer((_req, res) => { victimHits++; res.end('secret'); });
  V = await listen(victim, '127.0.0.1');
  const v6 = createServer((_req, res) => { victimHits++; res.end('secret'); });
  V6 = await listen(v6, '::1').catch(() => 0);
  victim6 = V6 ? v6 : undefined;
  origin = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/redirect') { res.writeHead(302, { location: url.searchParams.get('to')! }); res.end(); return; }
    if (url.pathname.startsWith('/hop/')) {
      const n = Number(url.pathname.slice(5));
      if (n > 0) { res.writeHead(301, { location: `/hop/${n - 1}` }); res.end(); return; }
      res.end('arrived');
      return;
    }
    if (url.pathname === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><head><style>p{}</style><script>steal()</script></head><body><nav>Home | Blog</nav><h1>Install</h1><p>Run <a href="/x">the installer</a>.</p><ul><li>one</li><li>two</li></ul><footer>©</footer></body></html>');
      return;
    }
    if (url.pathname === '/gzip') { res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }); res.end(gzipSync('compressed text')); return; }
    if (url.pathname === '/big') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('x'.repeat(200_000)); return; }
    if (url.pathname === '/bomb') { res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }); res.end(BOMB); return; }
    if (url.pathname === '/png') { res.writeHead(200, { 'content-type': 'image/png' }); res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47])); return; }
    if (url.pathname === '/secret') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('key: sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD'); return; }
    if (url.pathname === '/slow') return; // never answers
    res.writeHead(404); res.end('not found');
  });
  O = await listen(origin, '127.0.0.1');
});

after(async () => {
  origin.closeAllConnections();
  await Promise.all([origin, victim, ...(victim6 ? [victim6] : [])].map((s) => new Promise((r) => s.close(r))));
});

/** A test resolver: DNS names that point at this machine, a private network or cloud metadata. */
const ZONE: Record<string, string[]> = {
  localhost: ['127.0.0.1', '::1'],
  'rebind.test': ['127.0.0.1'],
  'mixed.test': ['93.184.216.34', '127.0.0.1'],
  'v6.test': ['::1'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'meta.test': ['169.254.169.254'],
  'private.test': ['10.0.0.5'],
  'cgnat.test': ['100.64.1.1'],
  'ula.test': ['fd12:3456::1'],
  'nat64.test': ['64:ff9b::7f00:1'],
  'zero.test': ['0.0.0.0'],
};
let lookups: string[] = [];
const resolver: Resolver = async (host) => {
  lookups.push(host);
  const found = ZONE[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
// Generous: a loaded machine's fetch must not time out where the time limit is not what is tested.
const opts = () => ({ resolve: resolver, allowForTests: [`127.0.0.1:${O}`], timeoutMs: 15_000 });

function attackUrls(): string[] {
  const direct = [
    `http://127.0.0.1:${V}/`, `http://localhost:${V}/`, `http://2130706433:${V}/`, `http://0x7f000001:${V}/`, `http://0x7f.0.0.1:${V}/`,
    `http://0177.0.0.1:${V}/`, `http://017700000001:${V}/`, `http://127.1:${V}/`, `http://127.0.1:${V}/`, `http://0:${V}/`, `http://0.0.0.0:${V}/`,
    `http://[::1]:${V6 || V}/`, `http://[::]:${V}/`, `http://[::ffff:127.0.0.1]:${V}/`, `http://[::ffff:7f00:1]:${V}/`, `http://[0:0:0:0:0:ffff:127.0.0.1]:${V}/`,
    `http://[::127.0.0.1]:${V}/`, `http://[64:ff9b::7f00:1]:${V}/`, `http://[2002:7f00:1::]:${V}/`, `http://[fe80::1]:${V}/`, `http://[fc00::1]/`,
    'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/latest/meta-data/', 'http://100.100.100.200/latest/meta-data/', 'http://192.0.0.192/',
    'http://10.0.0.1/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://100.64.0.1/', 'http://224.0.0.1/', 'http://255.255.255.255/',
    `http://rebind.test:${V}/`, `http://mixed.test:${V}/`, `http://v6.test:${V6 || V}/`, `http://mapped.test:${V}/`, 'http://meta.test/latest/meta-data/',
    'http://private.test/', 'http://cgnat.test/', 'http://ula.test/', `http://nat64.test:${V}/`, `http://zero.test:${V}/`, `http://REBIND.test:${V}/`,
    `https://127.0.0.1:${V}/`, `https://rebind.test:${V}/`,
    // the origin's own port on another loopback address, and credentials that hide the real host
    `http://127.0.0.2:${O}/page`, `http://127.0.0.1:${O}@127.0.0.1:${V}/`, `http://user:pw@127.0.0.1:${O}/page`,
  ];
  const schemes = ['file:///etc/passwd', `gopher://127.0.0.1:${V}/_GET`, `ftp://127.0.0.1:${V}/`, 'data:text/plain,hi', 'javascript:alert(1)', `ws://127.0.0.1:${V}/`, 'not a url'];
  const redirected = direct.filter((u) => u.startsWith('http')).map((u) => `http://127.0.0.1:${O}/redirect?to=${encodeURIComponent(u)}`);
  const relative = [`http://127.0.0.1:${O}/redirect?to=${encodeURIComponent('//127.0.0.1:' + V + '/')}`, `http://127.0.0.1:${O}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`];
  return [...direct, ...schemes, ...redirected, ...relative];
}

test('the attack list: every URL is refused by the guard and the victim server is never reached', async () => {
  const escapes: string[] = [];
  const urls = attackUrls();
  for (const url of urls) {
    try {
      const page = await guardedFetch(url, opts());
      escapes.push(`${url} → fetched (${page.status})`);
    } catch (error) {
      if (!(error instanceof FetchBlockedError)) escapes.push(`${url} → not refused by the guard: ${(error as Error).message}`);
    }
  }
  assert.deepEqual(escapes, [], `${escapes.length} escapes of ${urls.length}`);
  assert.equal(victimHits, 0);
  assert.ok(urls.length > 100, `${urls.length} attacks`);
});

test('DNS is resolved once, by the socket that connects: what was checked is what is connected to (no rebinding window)', async () => {
  let calls = 0;
  const flip: Resolver = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '93.184.216.34', family: 4 }]);
  await assert.rejects(guardedFetch(`http://flip.test:${V}/`, { resolve: flip, timeoutMs: 3000 }), FetchBlockedError);
  assert.equal(calls, 1, 'no separate resolution before the connect');
  await assert.rejects(guardedFetch(`http://localhost:${V}/`, { timeoutMs: 3000 }), FetchBlockedError, 'the system resolver too');
  // A name the guard saw as public on a first lookup and as loopback on the next is checked on each connect.
  let second = 0;
  const rebinding: Resolver = async () => (second++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
  await assert.rejects(guardedFetch(`http://127.0.0.1:${O}/redirect?to=${encodeURIComponent(`http://again.test:${V}/`)}`, { ...opts(), resolve: rebinding }), FetchBlockedError);
  assert.equal(victimHits, 0);
});

test('the policy: only public unicast addresses; only http(s) without credentials', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.0.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '::1', '::', '::ffff:8.8.8.8', 'fe80::1', 'fd00::1', '2001:db8::1', 'garbage']) {
    assert.ok(blockedAddress(a), a);
  }
  for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) assert.equal(blockedAddress(a), undefined, a);
  assert.ok(blockedAddress('::7f00:1'), 'IPv4-compatible form');
  assert.equal(checkFetchUrl('https://example.com/a').ok, true);
  assert.equal(checkFetchUrl('HTTP://2130706433/').ok && (checkFetchUrl('HTTP://2130706433/') as { url: URL }).url.hostname, '127.0.0.1');
});

test('an allowed origin: HTML becomes readable text; gzip is decoded; redirects are followed up to 5', async () => {
  const page = await guardedFetch(`http://127.0.0.1:${O}/page`, opts());
  assert.equal(page.status, 200);
  const tool = webFetchPlugin(opts());
  const result = await tool.execute({ url: `http://127.0.0.1:${O}/page` });
  assert.equal(result.ok, true);
  assert.match(result.content, /INSTALL/);
  assert.match(result.content, /Run the installer\./);
  assert.match(result.content, /\* one\n \* two/);
  for (const noise of ['steal()', 'p{}', 'Home | Blog', '/x']) assert.ok(!result.content.includes(noise), noise);
  assert.equal((await guardedFetch(`http://127.0.0.1:${O}/gzip`, opts())).body.toString(), 'compressed text');
  const five = await guardedFetch(`http://127.0.0.1:${O}/hop/5`, opts());
  assert.equal(five.body.toString(), 'arrived');
  assert.equal(five.redirects.length, 5);
  await assert.rejects(guardedFetch(`http://127.0.0.1:${O}/hop/6`, opts()), /more than 5 redirects/);
});

test('limits: size (also after decompression), time, content type; secrets in a page are redacted', async () => {
  const big = await guardedFetch(`http://127.0.0.1:${O}/big`, { ...opts(), maxBytes: 10_000 });
  assert.equal(big.truncated, true);
  assert.equal(big.body.length, 10_000);
  const bomb = await guardedFetch(`http://127.0.0.1:${O}/bomb`, { ...opts(), maxBytes: 100_000 });
  assert.equal(bomb.truncated, true);
  assert.equal(bomb.body.length, 100_000);
  const started = Date.now();
  // the fetch's own 0.3 s limit ended it ("0 s"), not the 15 s one of opts()
  await assert.rejects(guardedFetch(`http://127.0.0.1:${O}/slow`, { ...opts(), timeoutMs: 300 }), /Timed out after 0 s/);
  assert.ok(Date.now() - started < 7_500, `${Date.now() - started} ms`);
  const tool = webFetchPlugin(opts());
  assert.match((await tool.execute({ url: `http://127.0.0.1:${O}/png` })).content, /image\/png, not text/);
  const secret = await tool.execute({ url: `http://127.0.0.1:${O}/secret` });
  assert.ok(!secret.content.includes('sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD'), secret.content);
  const refused = await tool.execute({ url: `http://127.0.0.1:${V}/` });
  assert.equal(refused.ok, false);
  assert.match(refused.content, /Not fetched: .*loopback.*Do not retry/);
  const controller = new AbortController();
  const pending = tool.execute({ url: `http://127.0.0.1:${O}/slow` }, controller.signal);
  controller.abort();
  assert.deepEqual(await pending, { ok: false, content: 'Cancelled.', cancelled: true });
});
