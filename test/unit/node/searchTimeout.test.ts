import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { DEFAULT_SEARCH_TIME_LIMIT_MS } from '../../../src/node/searchFiles';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'smallcode-redos-'));
  writeFileSync(join(root, 'a.txt'), 'aaaa\n'); // matches at once
  writeFileSync(join(root, 'b.txt'), `${'a'.repeat(30)}!\n`); // (a+)+$ backtracks for minutes here
});
after(() => rmSync(root, { recursive: true, force: true }));

/** The longest gap between ticks of a 10 ms interval while `run` is in flight. */
async function longestStall<T>(run: () => Promise<T>): Promise<{ value: T; stallMs: number; elapsedMs: number }> {
  let last = Date.now();
  let stallMs = 0;
  const tick = setInterval(() => {
    const now = Date.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  const started = Date.now();
  try {
    const value = await run();
    return { value, stallMs: Math.max(stallMs, Date.now() - last), elapsedMs: Date.now() - started };
  } finally {
    clearInterval(tick);
  }
}

test('a catastrophic regex is stopped at the time limit with what was found, the event loop never blocked', async () => {
  // The limit counts from the first file sent to the worker, its start included: 2 s leaves a loaded
  // machine time to start it and match a.txt, and is still far from the minutes this regex would take.
  const ws = new NodeWorkspace(root, { searchTimeLimitMs: 2_000 });
  const { value, stallMs, elapsedMs } = await longestStall(() => ws.search('(a+)+$'));
  // Bounds with room for a loaded machine: on the main thread this regex would run for minutes.
  assert.ok(elapsedMs < 15_000, `returned after ${elapsedMs} ms`);
  assert.ok(stallMs < 1_000, `the event loop stalled ${stallMs} ms`);
  assert.deepEqual(value.matches.map((m) => m.path), ['a.txt'], 'matches before the stop are kept');
  assert.equal(value.truncated, true);
  assert.match(value.note ?? '', /took too long.*simpler pattern/);
});

test('cancelling stops a runaway search at once', async () => {
  const ws = new NodeWorkspace(root);
  const controller = new AbortController();
  let abortedAt = 0;
  setTimeout(() => { abortedAt = Date.now(); controller.abort(); }, 100);
  const { value } = await longestStall(() => ws.search('(a+)+$', { signal: controller.signal }));
  // at once: well before the time limit (5 s from the start) would have stopped it
  const afterCancel = Date.now() - abortedAt;
  assert.ok(afterCancel < DEFAULT_SEARCH_TIME_LIMIT_MS / 2, `returned ${afterCancel} ms after the cancel`);
  assert.equal(value.truncated, true);
  assert.match(value.note ?? '', /cancelled/);
});

test('an ordinary search is unaffected and carries no note', async () => {
  const ws = new NodeWorkspace(root);
  const value = await ws.search('a{4}');
  assert.deepEqual(value, {
    matches: [{ path: 'a.txt', line: 1, text: 'aaaa' }, { path: 'b.txt', line: 1, text: `${'a'.repeat(30)}!` }],
    truncated: false,
    skippedFiles: 0,
  });
});
