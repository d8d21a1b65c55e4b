// Where the model server's key goes (ModelKey, the one place that decides): only to the configured
// smallcode.baseUrl, and only when that is the server the key was set for. An older version's bare key
// is bound to the server configured when it is first used. Secret storage that does not answer is "no key".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_KEY_SECRET, ModelKey, decodeKey, encodeKey } from '../../../src/extension/modelKey';
import { SECRET_STORAGE_TIMEOUT_MS, readSecret } from '../../../src/extension/secretStorage';

const A = 'https://api.provider-a.example/v1';
const B = 'http://127.0.0.1:8080/v1';

/** SecretStorage in memory; `hang`: get never answers (a keyring that is locked). */
function setup(stored: string | undefined, options: { hang?: boolean } = {}) {
  const secrets = new Map<string, string>(stored === undefined ? [] : [[API_KEY_SECRET, stored]]);
  const state = { baseUrl: '', notices: [] as string[], warnings: [] as string[], reads: 0 };
  const key = new ModelKey({
    secrets: {
      get: async (name) => { state.reads++; return options.hang ? new Promise<string | undefined>(() => undefined) : secrets.get(name); },
      store: async (name, value) => { secrets.set(name, value); },
    },
    log: { info: () => undefined, warn: (message: string) => { state.warnings.push(message); } },
    configuredUrl: () => state.baseUrl,
    withheld: (message) => state.notices.push(message),
    timeoutMs: 50,
  });
  return { key, secrets, state };
}

test('no configured URL: the key goes nowhere, whatever auto-detection found', async () => {
  const { key, state } = setup(encodeKey('sk-a', A));
  assert.equal(await key.for(B), undefined);
  assert.equal(await key.for(A), undefined, 'not even to the server it was set for, once only found by a scan');
  assert.equal(state.reads, 0);
  assert.deepEqual(state.notices, []);
});

test('a key is sent to the configured server it was set for, and nowhere else', async () => {
  const { key, state } = setup(encodeKey('sk-a', A));
  state.baseUrl = `${A}/`;
  assert.equal(await key.for('https://api.provider-a.example/v1'), 'sk-a');
  assert.equal(await key.for('https://api.provider-a.example/other/path'), 'sk-a', 'the origin decides');
  assert.equal(await key.for(B), undefined, 'an endpoint other than the configured one');
  assert.deepEqual(state.notices, []);
});

test('the configured URL changed to another server: the key is kept back, and the user told once', async () => {
  const { key, state } = setup(encodeKey('sk-a', A));
  state.baseUrl = B;
  assert.equal(await key.for(B), undefined);
  assert.equal(await key.for(B), undefined);
  assert.equal(state.notices.length, 1, state.notices.join('\n'));
  assert.match(state.notices[0]!, /set for https:\/\/api\.provider-a\.example, so it is not sent to http:\/\/127\.0\.0\.1:8080.*"SmallCode: Set API key"/);
  assert.ok(!state.notices[0]!.includes('sk-a'), 'the key itself is never said');
  state.baseUrl = A;
  assert.equal(await key.for(A), 'sk-a', 'back to its own server');
});

test('an older version\'s bare key belongs to the server configured when it is first used', async () => {
  const { key, secrets, state } = setup('sk-legacy');
  assert.equal(await key.for(B), undefined, 'no URL configured: not sent, and not bound');
  assert.equal(secrets.get(API_KEY_SECRET), 'sk-legacy');
  state.baseUrl = B;
  assert.equal(await key.for(B), 'sk-legacy');
  assert.deepEqual(decodeKey(secrets.get(API_KEY_SECRET)), { key: 'sk-legacy', origin: 'http://127.0.0.1:8080' });
  state.baseUrl = A;
  assert.equal(await key.for(A), undefined, 'bound now: another server does not get it');
  assert.equal(state.notices.length, 1);
});

test('the stored form: the key with its origin (none when set without a URL); anything else is an older version\'s bare key', () => {
  assert.deepEqual(decodeKey(encodeKey('sk-1', 'http://localhost:1234/v1')), { key: 'sk-1', origin: 'http://localhost:1234' });
  assert.deepEqual(decodeKey(encodeKey('sk-1', undefined)), { key: 'sk-1' });
  assert.deepEqual(decodeKey('{"not":"ours"}'), { key: '{"not":"ours"}' });
  assert.deepEqual(decodeKey('plain'), { key: 'plain' });
  assert.equal(decodeKey(''), undefined);
  assert.equal(decodeKey(undefined), undefined);
});

test('secret storage that never answers is "no key", with a warning, within the limit', async () => {
  const { key, state } = setup('sk-a', { hang: true });
  state.baseUrl = A;
  const started = Date.now();
  assert.equal(await key.for(A), undefined);
  // the limit given (50 ms) ends the wait, not the default one (10 s)
  assert.ok(Date.now() - started < SECRET_STORAGE_TIMEOUT_MS / 2, `${Date.now() - started} ms`);
  assert.match(state.warnings.join('\n'), /secret storage did not answer/);
  const warnings: string[] = [];
  const never = { get: () => new Promise<string | undefined>(() => undefined) };
  assert.equal(await readSecret(never, 'smallcode.escalation.apiKey', { warn: (m: string) => { warnings.push(m); } }, 30), undefined);
  assert.match(warnings[0]!, /did not answer .* while reading smallcode\.escalation\.apiKey; going on without that key/);
});

test('the escalation key is its own slot with the same rule: sent only to the escalation URL it was set for, never the model server\'s key', async () => {
  const ESCALATION = 'smallcode.escalation.apiKey';
  const secrets = new Map<string, string>([[API_KEY_SECRET, encodeKey('sk-model', A)], [ESCALATION, 'sk-escalation-legacy']]);
  let url = 'https://api.provider-p.example/v1';
  const notices: string[] = [];
  const key = new ModelKey({
    secrets: { get: async (name) => secrets.get(name), store: async (name, value) => { secrets.set(name, value); } },
    log: { info: () => undefined, warn: () => undefined },
    configuredUrl: () => url,
    slot: { secret: ESCALATION, setting: 'smallcode.escalation.baseUrl', command: 'SmallCode: Set escalation API key' },
    withheld: (message) => notices.push(message),
  });
  assert.equal(await key.for(url), 'sk-escalation-legacy', 'an older bare key binds to the escalation URL configured now');
  assert.deepEqual(decodeKey(secrets.get(ESCALATION)), { key: 'sk-escalation-legacy', origin: 'https://api.provider-p.example' });
  url = 'https://api.provider-q.example/v1'; // pointed at another provider
  assert.equal(await key.for(url), undefined, 'P\'s key does not go to Q');
  assert.match(notices[0] ?? '', /not sent to https:\/\/api\.provider-q\.example \(smallcode\.escalation\.baseUrl\).*"SmallCode: Set escalation API key"/);
  assert.deepEqual(decodeKey(secrets.get(API_KEY_SECRET)), { key: 'sk-model', origin: new URL(A).origin }, 'the model server\'s key is untouched');
});

test('a key notice dismissed with "Don\'t show again" is not said in later sessions for that pair of servers; another pair still is', async () => {
  const values = new Map<string, unknown>();
  const memento = { get: <T>(key: string, fallback: T): T => (values.has(key) ? values.get(key) as T : fallback), update: async (key: string, value: unknown) => { values.set(key, value); } };
  const session = (baseUrl: string) => {
    const notices: string[] = [];
    const key = new ModelKey({
      secrets: { get: async () => encodeKey('sk-a', A), store: async () => undefined },
      log: { info: () => undefined, warn: () => undefined },
      configuredUrl: () => baseUrl, memento,
      withheld: (message, dismiss) => { notices.push(message); dismiss(); },
    });
    return { key, notices };
  };
  const first = session(B);
  assert.equal(await first.key.for(B), undefined);
  assert.equal(first.notices.length, 1, 'said, and dismissed');
  const next = session(B); // the next window
  assert.equal(await next.key.for(B), undefined, 'still kept back');
  assert.deepEqual(next.notices, [], 'not said again');
  const other = session('http://127.0.0.1:1234/v1');
  await other.key.for('http://127.0.0.1:1234/v1');
  assert.equal(other.notices.length, 1, 'another server is still told');
});
