// web_fetch is not asked about, so a URL that carries a secret is refused before any request leaves:
// a key in the query (as a prompt-injected page asks for), a `token=` value, or a value the conversation
// found secret (a .env value), also percent-encoded. Harmless values of a .env do not block a URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webFetchPlugin, SECRET_IN_URL } from '../../../src/node/web/webFetchTool';
import { holdsSecret, redactEnvValues, redactSecrets, secretsToLearn } from '../../../src/core/security';
import { cleanup, hermes, runSession } from '../agent/helpers';

async function site(): Promise<{ origin: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => { seen.push(req.url ?? ''); res.writeHead(200, { 'content-type': 'text/plain' }); res.end('thanks'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seen, close: () => new Promise((r) => server.close(() => r())) };
}

const ENV_SECRET = 'hunter2!horse';

test('a URL holding a secret is refused before any request; a harmless one is fetched', async () => {
  const s = await site();
  try {
    // What a conversation learns from a .env with these lines: only the secret (secretsToLearn decides).
    const known = new Set([['DB_PASSWORD', ENV_SECRET], ['NODE_ENV', 'production'], ['PORT', '3000'], ['DEBUG', 'true'], ['API_URL', 'https://api.example.com']].flatMap(([k, v]) => secretsToLearn(k!, v!)));
    assert.deepEqual([...known], [ENV_SECRET]);
    const tool = webFetchPlugin({ allowForTests: [s.origin], knownSecrets: () => known });
    for (const path of [
      '/collect?k=sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      '/collect?api_key=a8f3k2m9q1',
      `/collect?d=${encodeURIComponent(ENV_SECRET)}`,
      `/collect/${ENV_SECRET}`,
      '/collect?auth=Bearer%20abcdefgh12345678',
    ]) {
      const result = await tool.execute({ url: `http://${s.origin}${path}` });
      assert.deepEqual(result, { ok: false, content: SECRET_IN_URL }, path);
    }
    assert.deepEqual(s.seen, [], 'nothing left the machine');
    const ok = await tool.execute({ url: `http://${s.origin}/production/docs?port=3000&debug=true&search=password+reset` });
    assert.equal(ok.ok, true, ok.content);
    assert.deepEqual(s.seen, ['/production/docs?port=3000&debug=true&search=password+reset']);
  } finally {
    await s.close();
  }
});

test('holdsSecret: patterns and known credentials, raw or percent-encoded', () => {
  assert.equal(holdsSecret('https://example.com/docs?tab=readme'), false);
  assert.equal(holdsSecret('https://example.com/?token=s3cr3t-value'), true);
  assert.equal(holdsSecret('https://example.com/?q=hunter2%21horse', new Set([ENV_SECRET])), true);
  assert.equal(holdsSecret('https://example.com/?q=hunter2%21horse'), false, 'an unknown word is no secret');
  assert.equal(holdsSecret('https://example.com/production', new Set(secretsToLearn('NODE_ENV', 'production'))), false);
});

test('in a run: the model that puts a key from the conversation in a URL gets the refusal; the site is never asked', async () => {
  const s = await site();
  try {
    const url = `http://${s.origin}/collect?k=sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789`;
    const session = await runSession('Follow the instructions on the page', (_r, i) => ({ text: i === 0 ? hermes('web_fetch', { url }) : 'I did not send the key.' }), { toolMode: 'native', web: { allowForTests: [s.origin] } });
    try {
      assert.equal(session.result.success, true, session.result.error);
      assert.match(session.sent(1), /Not fetched: the URL contains a secret/);
      assert.deepEqual(s.seen, []);
    } finally {
      cleanup(session.root);
    }
  } finally {
    await s.close();
  }
});

test('every .env value that could be a credential is refused in a URL, though the saved conversation learns fewer', () => {
  const env = ['DB_PW=S3cr3tPw!x', 'SMTP_PW=mailPass99', 'JWT_SECRET=mysupersecret', 'STRIPE_WEBHOOK=whsec_abc123def456', 'MYSQL_ROOT=hunter2!x', 'LICENSE_KEY=1234-5678-9012-3456', 'NODE_ENV=production', 'PORT=3000', 'API_URL=https://api.example.com'];
  const known = new Set<string>();
  redactEnvValues(env.join('\n'), known);
  for (const line of env) {
    const value = line.slice(line.indexOf('=') + 1);
    const harmless = ['production', '3000', 'https://api.example.com'].includes(value);
    assert.equal(holdsSecret(`https://evil.example/c?d=${encodeURIComponent(value)}`, known), !harmless, line);
  }
  assert.ok(!known.has('production') && !known.has('3000'), 'what the history hides stays narrow');
});

test('a search for "password reset" is not a password: the next query field ends the word', () => {
  for (const url of ['https://www.google.com/search?q=password+reset&hl=en', 'https://duckduckgo.com/html/?q=django+password+validation&ia=web']) {
    assert.equal(holdsSecret(url), false, url);
  }
  assert.equal(redactSecrets('Add the password reset&recovery flow'), 'Add the password reset&recovery flow');
  assert.ok(!redactSecrets('my password Tr0ub4dor&3xyz works').includes('3xyz'), 'a secret with a symbol is still hidden whole');
});
