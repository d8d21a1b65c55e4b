import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostKiller, runShellCommand, type ProcessTreeKiller } from '../../../src/node/runCommand';
import { HeadTailBuffer } from '../../../src/node/headTailBuffer';

/** Running (a zombie waiting for a reaper that a container's init may never be counts as dead). */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): signal 0 succeeding means alive
  }
};

test('runs in the given folder and reports output and exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-run-'));
  try {
    writeFileSync(join(dir, 'marker.txt'), '');
    const r = await runShellCommand('ls; echo oops >&2; exit 3', dir);
    assert.equal(r.exitCode, 3);
    assert.match(r.output, /marker\.txt/);
    assert.match(r.output, /oops/);
    assert.equal(r.timedOut, false);
    const colored = await runShellCommand("printf '\\033[31mred\\033[0m\\n'", dir);
    assert.equal(colored.output, 'red\n', 'ANSI colours are stripped');
    const stdin = await runShellCommand('read x; echo "got:$x"', dir, { timeoutMs: 5000 });
    assert.equal(stdin.output.trim(), 'got:', 'stdin is closed, so reading does not hang');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a timeout kills the whole process group, grandchildren included', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-run-'));
  try {
    // The timeout leaves a loaded machine's shell time to start the sleep and write its PID.
    const r = await runShellCommand('sleep 30 & echo $! > child.pid; echo started; wait', dir, { timeoutMs: 2000 });
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    assert.match(r.output, /started/);
    assert.ok(r.durationMs < 15_000, `returned at the timeout, not when the background sleep (30 s) ended: ${r.durationMs} ms`);
    const pid = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    assert.equal(await gone(pid), true, 'the background sleep was killed too');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a process ignoring SIGTERM is killed after the grace period', { skip: process.platform === 'win32' }, async () => {
  const r = await runShellCommand("trap '' TERM; sleep 30", tmpdir(), { timeoutMs: 200 });
  assert.equal(r.timedOut, true);
  // killed after the 2 s grace period, not left until the sleep (30 s) ended
  assert.ok(r.durationMs < 15_000, `took ${r.durationMs} ms`);
});

test('abort stops a running command; an already aborted signal runs nothing to completion', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const r = await runShellCommand('sleep 30', tmpdir(), { signal: controller.signal });
  assert.equal(r.aborted, true);
  assert.equal(r.exitCode, null);
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-run-'));
  try {
    const pre = await runShellCommand('sleep 1; touch done.txt', dir, { signal: AbortSignal.abort() });
    assert.equal(pre.aborted, true);
    await new Promise((res) => setTimeout(res, 1200));
    assert.equal(existsSync(join(dir, 'done.txt')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('output is capped to head and tail with a note of what was dropped', async () => {
  const r = await runShellCommand('for i in $(seq 1 5000); do echo "line $i"; done', tmpdir(), { maxOutputBytes: 1000 });
  assert.ok(r.truncatedBytes > 0);
  assert.match(r.output, /^line 1\n/);
  assert.match(r.output, /line 5000\n$/);
  assert.match(r.output, /\[… \d+ bytes of output omitted …\]/);
  assert.ok(r.output.length < 1100, `kept ${r.output.length} chars`);
});

test('a background process holding the pipes does not hang the result', { skip: process.platform === 'win32' }, async () => {
  const r = await runShellCommand('(sleep 30 &) ; echo quick', tmpdir(), { timeoutMs: 60_000 });
  assert.equal(r.exitCode, 0);
  assert.match(r.output, /quick/);
  // a moment for the pipes (0.5 s), not until the sleep holding them (30 s) ended
  assert.ok(r.durationMs < 15_000, `took ${r.durationMs} ms`);
});

test('HeadTailBuffer keeps everything under the cap and both ends over it', () => {
  const small = new HeadTailBuffer(100);
  small.push(Buffer.from('abc'));
  small.push(Buffer.from('def'));
  assert.deepEqual(small.read(), { text: 'abcdef', droppedBytes: 0 });
  const big = new HeadTailBuffer(8);
  for (const c of 'abcdefghijklmnop') big.push(Buffer.from(c));
  assert.deepEqual(big.read(), { text: 'ab\n[… 8 bytes of output omitted …]\nklmnop', droppedBytes: 8 });
});

test('HeadTailBuffer never splits a character at the head/tail boundary or at a cut', () => {
  // "é" is 2 bytes; the head cap (8 / 4 = 2) falls inside it, and nothing is dropped
  const whole = new HeadTailBuffer(8);
  whole.push(Buffer.from('aé ok'));
  assert.deepEqual(whole.read(), { text: 'aé ok', droppedBytes: 0 });
  // dropped: the head (3 bytes) ends inside "é" and the tail (9 bytes) starts inside "€" (3 bytes):
  // both halves are left out, and counted as omitted
  const cut = new HeadTailBuffer(12);
  cut.push(Buffer.from('aaéxxxxxxxxxx€zzzzzzz'));
  assert.deepEqual(cut.read(), { text: 'aa\n[… 15 bytes of output omitted …]\nzzzzzzz', droppedBytes: 15 });
});

/** Polls until `pid` is gone (bounded: past the 2 s kill grace period, with room for a loaded machine). */
async function gone(pid: number, ms = 8000): Promise<boolean> {
  const until = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((res) => setTimeout(res, 50));
  }
  return true;
}

test('after a Stop, a background process ignoring SIGTERM is still killed once the shell has gone', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-run-'));
  try {
    const controller = new AbortController();
    const running = runShellCommand(`sh -c "trap '' TERM; exec sleep 987" >/dev/null 2>&1 & echo $! > bg.pid; echo started; sleep 100`, dir, { signal: controller.signal, timeoutMs: 60_000 });
    const until = Date.now() + 5000;
    while (!existsSync(join(dir, 'bg.pid')) || readFileSync(join(dir, 'bg.pid'), 'utf8').trim() === '') {
      assert.ok(Date.now() < until, 'the command started its background process');
      await new Promise((res) => setTimeout(res, 20));
    }
    controller.abort();
    const r = await running;
    assert.equal(r.aborted, true);
    const pid = Number(readFileSync(join(dir, 'bg.pid'), 'utf8'));
    assert.equal(await gone(pid), true, `process ${pid} survived the Stop`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a normal end also ends what the command left in the background, even if it ignores SIGTERM', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-run-'));
  try {
    const r = await runShellCommand(`sleep 988 >/dev/null 2>&1 & echo $! > plain.pid; sh -c "trap '' TERM; exec sleep 989" >/dev/null 2>&1 & echo $! > stubborn.pid; echo tests passed`, dir, { timeoutMs: 60_000 });
    assert.equal(r.exitCode, 0);
    assert.equal(r.output, 'tests passed\n');
    for (const name of ['plain.pid', 'stubborn.pid']) {
      const pid = Number(readFileSync(join(dir, name), 'utf8'));
      assert.equal(await gone(pid), true, `${name}: process ${pid} outlived the command`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The Windows rules with `taskkill` replaced by a spy that records whether the PID was still the
 * command's when it was called (not yet reaped: no other process can have it), then kills it.
 */
function taskkillSpy(kill: ProcessTreeKiller['killTree'] = (pid) => { process.kill(pid, 'SIGKILL'); return true; }) {
  const calls: { pid: number; ours: boolean }[] = [];
  const killer: ProcessTreeKiller = {
    platform: 'win32',
    killTree: (pid, signal) => {
      let ours = true;
      try {
        process.kill(pid, 0);
      } catch {
        ours = false;
      }
      calls.push({ pid, ours });
      return ours ? kill(pid, signal) : true;
    },
  };
  return { calls, killer };
}

// Mocked timers: a taskkill scheduled for later (the old second one, 2 s on) runs at runAll(), no waiting.
test('on Windows a command that exits normally gets no taskkill, now or later: its PID is free and may be another process\'s', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { calls, killer } = taskkillSpy();
  return runShellCommand('echo done', tmpdir(), {}, killer).then((r) => {
    assert.equal(r.exitCode, 0);
    assert.equal(r.output, 'done\n');
    t.mock.timers.runAll();
    assert.deepEqual(calls, [], 'no taskkill after the exit');
  });
});

test('on Windows a Stop kills the running tree once, while its PID is still the command\'s', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { calls, killer } = taskkillSpy();
  const controller = new AbortController();
  const running = runShellCommand('exec sleep 30', tmpdir(), { signal: controller.signal }, killer);
  controller.abort();
  const r = await running;
  assert.equal(r.aborted, true);
  t.mock.timers.runAll();
  assert.equal(calls.length, 1, `taskkill calls: ${JSON.stringify(calls)}`);
  assert.equal(calls[0]!.ours, true, 'called before the exit');
});

test('Windows: taskkill (by its full path) ends a running command on Stop and never runs after an exit', { skip: process.platform !== 'win32' && 'needs Windows (cmd.exe, taskkill); the rules are tested above with a spy' }, async () => {
  const { calls, killer } = taskkillSpy(hostKiller().killTree);
  const done = await runShellCommand('exit 0', tmpdir(), {}, killer);
  assert.equal(done.exitCode, 0);
  assert.equal(calls.length, 0, 'no taskkill after the exit');
  const controller = new AbortController();
  const running = runShellCommand('ping -n 30 127.0.0.1 > nul', tmpdir(), { signal: controller.signal }, killer);
  controller.abort();
  const stopped = await running;
  assert.equal(stopped.aborted, true);
  assert.ok(stopped.durationMs < 10_000, `took ${stopped.durationMs} ms`);
  assert.deepEqual(calls.map((c) => c.ours), [true]);
});
