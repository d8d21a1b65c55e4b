import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkingMemory, MAX_NOTE_CHARS, MAX_NOTES, MAX_TOTAL_CHARS, normaliseNote } from '../../../src/core/memory/workingMemory';
import { InMemoryStore } from '../../../src/core/memory/memoryStore';
import { NodeStore } from '../../../src/node/nodeStore';

test('remember then load one note or all of them', async () => {
  const memory = new WorkingMemory(new InMemoryStore());
  assert.equal(await memory.load(), 'No notes saved yet.');
  assert.equal(await memory.remember('test command', 'npm test -- --run'), 'Saved "test command".');
  await memory.remember('style', 'tabs, single quotes');
  assert.equal(await memory.load('Test Command'), 'test command: npm test -- --run', 'keys match case-insensitively');
  assert.equal(await memory.load(), '- test command: npm test -- --run\n- style: tabs, single quotes');
  assert.equal(await memory.load('missing'), 'No note named "missing". Saved notes: test command, style.');
});

test('remembering a key again replaces it and makes it the newest', async () => {
  const memory = new WorkingMemory(new InMemoryStore());
  await memory.remember('a', '1');
  await memory.remember('b', '2');
  await memory.remember('A', '3');
  assert.deepEqual(await memory.notes(), [{ key: 'b', value: '2' }, { key: 'A', value: '3' }]);
  assert.equal(await memory.forget('a'), true);
  assert.equal(await memory.forget('a'), false);
});

test('caps: a long note is refused, old notes are forgotten past the count and size caps', async () => {
  const memory = new WorkingMemory(new InMemoryStore());
  assert.match(await memory.remember('big', 'x'.repeat(MAX_NOTE_CHARS + 1)), /over the 500 limit/);
  assert.equal(await memory.remember('ok', 'x'.repeat(MAX_NOTE_CHARS)), 'Saved "ok".');
  assert.match(await memory.remember('', 'v'), /key is empty/);
  assert.match(await memory.remember('k', '   '), /value is empty/);
  for (let i = 0; i < MAX_NOTES; i++) await memory.remember(`k${i}`, 'v');
  const notes = await memory.notes();
  assert.equal(notes.length, MAX_NOTES);
  assert.equal(notes[0]!.key, 'k0', 'the oldest note (ok) was forgotten');
  const small = new WorkingMemory(new InMemoryStore());
  const fill = 'y'.repeat(MAX_NOTE_CHARS - 10);
  let last = '';
  for (let i = 0; i < Math.ceil(MAX_TOTAL_CHARS / fill.length) + 1; i++) last = await small.remember(`n${i}`, fill);
  assert.match(last, /Forgot the oldest notes to make room: n\d+\.$/);
  assert.ok(!(await small.notes()).some((n) => n.key === 'n0'));
  const total = (await small.notes()).reduce((s, n) => s + n.key.length + n.value.length, 0);
  assert.ok(total <= MAX_TOTAL_CHARS);
});

test('notes persist through the NodeStore under .smallcode/', async () => {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-mem-'));
  try {
    await new WorkingMemory(new NodeStore(root)).remember('build', 'npm run build');
    assert.equal(await new WorkingMemory(new NodeStore(root)).load('build'), 'build: npm run build');
    assert.deepEqual(JSON.parse(readFileSync(join(root, '.smallcode', 'memory.json'), 'utf8')), { notes: [{ key: 'build', value: 'npm run build' }] });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a note whose key names the secret is not kept with it: refused when it is only the secret, redacted otherwise', async () => {
  const store = new InMemoryStore();
  const memory = new WorkingMemory(store);
  for (const [key, value] of [['db password', 'hunter2!x9'], ['staging api key', '8f3a9c0d2e7b4411aa'], ['token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789']]) {
    assert.match(await memory.remember(key!, value!), new RegExp(`^Not saved: the value of "${key}" is a secret, and secrets are never saved\\. Save where it is kept instead`));
  }
  assert.match(await memory.remember('login', 'user admin, password hunter2!x9'), /^Saved "login"\. Secrets in it were replaced with \[REDACTED\]/);
  await memory.remember('aws', 'AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  await memory.remember('redis', 'redis-cli -a Sup3rS3cret! -h cache');
  await memory.remember('db password', '"hunter2!x9" on staging only');
  await memory.remember('auth', 'JWT in an httpOnly cookie, see src/auth/jwt.ts');
  const stored = JSON.stringify(await store.get('memory'));
  for (const secret of ['hunter2', '8f3a9c0d2e7b4411aa', 'ghp_', 'wJalrXUtnFEMI', 'Sup3rS3cret']) assert.ok(!stored.includes(secret), `${secret} is stored: ${stored}`);
  assert.deepEqual((await memory.all()).map((n) => `${n.key}: ${n.value}`), [
    'login: user admin, password [REDACTED]',
    'aws: [REDACTED] / [REDACTED]',
    'redis: redis-cli -a [REDACTED] -h cache',
    'db password: "[REDACTED]" on staging only',
    'auth: JWT in an httpOnly cookie, see src/auth/jwt.ts',
  ]);
});

test("a note is saved without the values the conversation found secret (a .env file's), whatever its key", async () => {
  const known = new Set(['correcthorsebattery', 'zq8Lp2Vw9Rt4']);
  assert.deepEqual(normaliseNote('admin login', 'user admin / correcthorsebattery', known), { key: 'admin login', value: 'user admin / [REDACTED]' });
  assert.deepEqual(normaliseNote('smtp', 'smtp creds mailer:zq8Lp2Vw9Rt4', known), { key: 'smtp', value: 'smtp creds mailer:[REDACTED]' });
  assert.deepEqual(normaliseNote('key correcthorsebattery', 'x', known), { key: 'key [REDACTED]', value: 'x' });
  assert.deepEqual(normaliseNote('admin login', 'user admin / correcthorsebattery'), { key: 'admin login', value: 'user admin / correcthorsebattery' }, 'without the known values, only patterns and names hide');
});
