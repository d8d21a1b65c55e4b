// The first fetch from each host is asked about (a URL is a message to its host: a page the model read
// can tell it to put what it knows into the next address). "always" covers later fetches from that host
// only; a decline, a failing callback or any unclear answer sends nothing; nobody is asked about a URL
// that could never go out (a secret in it, a private address literal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webFetchPlugin, declinedFetch, SECRET_IN_URL, type FetchRequest } from '../../../src/node/web/webFetchTool';
import type { ApprovalRequest } from '../../../src/node';
import { cleanup, hermes, runSession } from '../agent/helpers';

interface Site { origin: string; seen: string[]; close(): Promise<void> }

async function site(): Promise<Site> {
  const seen: string[] = [];
  const server = createServer((req, res) => { seen.push(req.url ?? ''); res.writeHead(200, { 'content-type': 'text/plain' }); res.end('page text'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seen, close: () => new Promise((r) => server.close(() => r())) };
}

test('the first fetch from a host asks with the whole address; "always" lets that host alone through', async () => {
  const a = await site();
  const b = await site();
  try {
    const asked: FetchRequest[] = [];
    const answers = ['always', 'once', 'deny'];
    const tool = webFetchPlugin({
      allowForTests: [a.origin, b.origin], allowedHosts: new Set(),
      approveFetch: async (request) => { asked.push(request); return answers.shift() as 'always' | 'once' | 'deny'; },
    });
    const first = await tool.execute({ url: `http://${a.origin}/docs?q=one` });
    assert.equal(first.ok, true, first.content);
    assert.deepEqual(asked, [{ url: `http://${a.origin}/docs?q=one`, host: a.origin }]);
    const again = await tool.execute({ url: `http://${a.origin}/other` });
    assert.equal(again.ok, true, again.content);
    assert.equal(asked.length, 1, 'an allowed host is not asked again');
    const other = await tool.execute({ url: `http://${b.origin}/x` });
    assert.equal(other.ok, true, other.content);
    assert.equal(asked.length, 2, 'another host is asked');
    const declined = await tool.execute({ url: `http://${b.origin}/y?d=notes` });
    assert.deepEqual(declined, { ok: false, content: declinedFetch(b.origin) }, '"once" did not allow the host');
    assert.deepEqual(a.seen, ['/docs?q=one', '/other']);
    assert.deepEqual(b.seen, ['/x'], 'the declined fetch sent nothing');
  } finally {
    await a.close();
    await b.close();
  }
});

test('only a clear yes fetches: an unclear answer or a throwing callback sends nothing', async () => {
  const s = await site();
  try {
    for (const approveFetch of [async () => 'yes' as never, async () => undefined as never, async () => { throw new Error('dialog failed'); }]) {
      const tool = webFetchPlugin({ allowForTests: [s.origin], approveFetch });
      const result = await tool.execute({ url: `http://${s.origin}/page` });
      assert.deepEqual(result, { ok: false, content: declinedFetch(s.origin) });
    }
    assert.deepEqual(s.seen, []);
  } finally {
    await s.close();
  }
});

test('nobody is asked about a URL that could never go out: a secret in it, a private address, not http', async () => {
  const asked: string[] = [];
  const tool = webFetchPlugin({ approveFetch: async (r) => { asked.push(r.url); return 'once'; } });
  assert.deepEqual(await tool.execute({ url: 'https://example.com/c?k=sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789' }), { ok: false, content: SECRET_IN_URL });
  const privateAddress = await tool.execute({ url: 'http://10.1.2.3/admin' });
  assert.match(privateAddress.content, /^Not fetched: 10\.1\.2\.3 — .*private/);
  const file = await tool.execute({ url: 'file:///etc/passwd' });
  assert.match(file.content, /^Not fetched: only http and https URLs/);
  assert.deepEqual(asked, []);
});

test('Stop while the question is open: cancelled, and the answer that comes later fetches nothing', async () => {
  const s = await site();
  try {
    const stop = new AbortController();
    let answer!: (value: 'once') => void;
    const tool = webFetchPlugin({ allowForTests: [s.origin], approveFetch: () => new Promise((r) => { answer = r; stop.abort(); }) });
    const result = await tool.execute({ url: `http://${s.origin}/page` }, stop.signal);
    answer('once');
    assert.deepEqual(result, { ok: false, content: 'Cancelled.', cancelled: true });
    assert.deepEqual(s.seen, []);
  } finally {
    await s.close();
  }
});

test('in a run: the declined fetch is told to the model, which goes on without the page', async () => {
  const s = await site();
  const url = `http://${s.origin}/page`;
  try {
    const session = await runSession('Read the page', (_r, i) => ({ text: i === 0 ? hermes('web_fetch', { url }) : 'I could not read it.' }), {
      toolMode: 'native', web: { allowForTests: [s.origin], approveFetch: async () => 'deny' },
    });
    try {
      assert.equal(session.result.success, true, session.result.error);
      assert.match(session.sent(1), /Not fetched: the user declined fetching from 127\.0\.0\.1:\d+/);
      assert.deepEqual(s.seen, []);
    } finally {
      cleanup(session.root);
    }
  } finally {
    await s.close();
  }
});

test('the programmatic API asks its approve callback {kind: "fetch"} (a yes is this fetch only); without a gate, no question', async () => {
  const s = await site();
  const url = (path: string) => `http://${s.origin}${path}`;
  try {
    const requests: ApprovalRequest[] = [];
    const twoFetches = (_r: unknown, i: number) => ({ text: i === 0 ? hermes('web_fetch', { url: url('/a') }) : i === 1 ? hermes('web_fetch', { url: url('/b') }) : 'Read both.' });
    const gated = await runSession('Read the pages', twoFetches, {
      toolMode: 'native', web: { allowForTests: [s.origin] }, approve: (r: ApprovalRequest) => { requests.push(r); return r.kind === 'fetch' && r.url.endsWith('/a'); },
    });
    cleanup(gated.root);
    assert.deepEqual(requests, [{ kind: 'fetch', url: url('/a'), host: s.origin }, { kind: 'fetch', url: url('/b'), host: s.origin }], 'a yes allowed one fetch, the next asked again');
    assert.match(gated.sent(2), /Not fetched: the user declined fetching from/);
    assert.deepEqual(s.seen, ['/a']);
    const ungated = await runSession('Read the page', (_r, i) => ({ text: i === 0 ? hermes('web_fetch', { url: url('/c') }) : 'Read it.' }), { toolMode: 'native', web: { allowForTests: [s.origin] } });
    cleanup(ungated.root);
    assert.deepEqual(s.seen, ['/a', '/c'], 'web turned on in code without a gate fetches unasked');
  } finally {
    await s.close();
  }
});

test('a redirect from an allowed host to another host is not followed; the model is told where it points', async () => {
  const b = await site();
  const seenA: string[] = [];
  const a = createServer((req, res) => { seenA.push(req.url ?? ''); res.writeHead(302, { location: `http://${b.origin}/collect?data=secret-notes` }); res.end(); });
  await new Promise<void>((r) => a.listen(0, '127.0.0.1', r));
  const aOrigin = `127.0.0.1:${(a.address() as AddressInfo).port}`;
  try {
    const asked: string[] = [];
    const tool = webFetchPlugin({ allowForTests: [aOrigin, b.origin], allowedHosts: new Set([aOrigin]), approveFetch: async (r) => { asked.push(r.host); return 'deny'; } });
    const result = await tool.execute({ url: `http://${aOrigin}/redirect` });
    assert.equal(result.ok, false);
    assert.match(result.content, new RegExp(`redirects to http://${b.origin.replace(/\./g, '\\.')}/collect\\?data=secret-notes, another host, which was not followed`));
    assert.deepEqual(seenA, ['/redirect']);
    assert.deepEqual(b.seen, [], 'the other host got nothing');
    assert.deepEqual(asked, [], 'the allowed host was not asked about');
    // the model fetches the target itself: its host is asked about, with the whole address
    const direct = await tool.execute({ url: `http://${b.origin}/collect?data=secret-notes` });
    assert.deepEqual(direct, { ok: false, content: declinedFetch(b.origin) });
    assert.deepEqual(asked, [b.origin]);
  } finally {
    await new Promise((r) => a.close(r));
    await b.close();
  }
});

test('the question shows the address as it will be sent (tabs and newlines a raw URL could hide text in are gone)', async () => {
  const asked: string[] = [];
  const tool = webFetchPlugin({ approveFetch: async (r) => { asked.push(r.url); return 'deny'; } });
  await tool.execute({ url: 'https://docs.example.com/a\n\nSafe: yes\t/b' });
  assert.deepEqual(asked, ['https://docs.example.com/aSafe:%20yes/b']);
});
