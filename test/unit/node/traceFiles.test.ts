// Trace files never leave the workspace: a `.smallcode` or `.smallcode/traces` symlinked elsewhere is
// refused, so pruning cannot delete someone else's .json files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteConversationTraces, MAX_TRACE_BYTES, MAX_TRACE_FILES, writeTraceFile } from '../../../src/node/traceFiles';
import { TraceRecorder } from '../../../src/core/trace';
import type { RunTrace } from '../../../src/core/trace';

const trace = (i: number): RunTrace => ({
  version: 1, id: `run${String(i).padStart(4, '0')}`, task: 't', model: 'm', startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), turns: [],
  totals: { promptTokens: 0, completionTokens: 0, requests: 0, toolCalls: 0, repairs: 0, durationMs: 0 },
});

function victim(base: string): string {
  const dir = join(base, 'victim');
  mkdirSync(dir);
  for (let i = 0; i < MAX_TRACE_FILES + 10; i++) writeFileSync(join(dir, `${String(i).padStart(3, '0')}.json`), '{}');
  return dir;
}

test('a symlinked .smallcode/traces is refused: nothing written there, nothing pruned', async () => {
  const base = mkdtempSync(join(tmpdir(), 'smallcode-traces-'));
  try {
    const root = join(base, 'root');
    mkdirSync(join(root, '.smallcode'), { recursive: true });
    const target = victim(base);
    symlinkSync(target, join(root, '.smallcode', 'traces'));
    await assert.rejects(writeTraceFile(root, trace(1)), /traces is a symlink/);
    assert.equal(readdirSync(target).length, MAX_TRACE_FILES + 10);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('a symlinked .smallcode is refused too', async () => {
  const base = mkdtempSync(join(tmpdir(), 'smallcode-traces-'));
  try {
    const root = join(base, 'root');
    mkdirSync(root);
    const target = victim(base);
    mkdirSync(join(target, 'traces'));
    symlinkSync(target, join(root, '.smallcode'));
    await assert.rejects(writeTraceFile(root, trace(1)), /\.smallcode is a symlink/);
    assert.equal(readdirSync(target).length, MAX_TRACE_FILES + 11);
    assert.deepEqual(readdirSync(join(target, 'traces')), []);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('traces are git-ignored and pruned to the newest, and a symlinked .json in the folder is not followed', async () => {
  const base = mkdtempSync(join(tmpdir(), 'smallcode-traces-'));
  try {
    const root = join(base, 'root');
    mkdirSync(join(root, '.smallcode', 'traces'), { recursive: true });
    const outside = join(base, 'keep.json');
    writeFileSync(outside, '{"keep": true}');
    symlinkSync(outside, join(root, '.smallcode', 'traces', '0000-link.json'));
    for (let i = 0; i < MAX_TRACE_FILES + 5; i++) await writeTraceFile(root, trace(i));
    const left = readdirSync(join(root, '.smallcode', 'traces'));
    assert.equal(left.filter((f) => f.endsWith('.json') && f !== '0000-link.json').length, MAX_TRACE_FILES);
    assert.ok(left.includes(`${trace(MAX_TRACE_FILES + 4).startedAt.replace(/:/g, '-')}-run${String(MAX_TRACE_FILES + 4).padStart(4, '0')}.json`));
    assert.equal(readFileSync(outside, 'utf8'), '{"keep": true}');
    assert.equal(readFileSync(join(root, '.smallcode', '.gitignore'), 'utf8'), '*\n!rules/\n!rules/**\n');
    let git = true;
    try { execFileSync('git', ['init', '-q', root]); } catch { git = false; }
    if (git) {
      // the project's rules stay visible to git (a team commits them); SmallCode's own files do not
      mkdirSync(join(root, '.smallcode', 'rules', 'team'), { recursive: true });
      writeFileSync(join(root, '.smallcode', 'rules', 'style.md'), 'Use tabs.\n');
      writeFileSync(join(root, '.smallcode', 'rules', 'team', 'review.md'), 'Small commits.\n');
      writeFileSync(join(root, '.smallcode', 'memory.json'), '{}');
      const listed = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' });
      assert.deepEqual(listed.trim().split('\n').sort(), ['?? .smallcode/rules/style.md', '?? .smallcode/rules/team/review.md']);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('a repository that ships .smallcode/traces cannot get each new trace pruned at once, nor its other files pruned, nor traces committed', async () => {
  const base = mkdtempSync(join(tmpdir(), 'smallcode-traces-'));
  try {
    const root = join(base, 'root');
    const traces = join(root, '.smallcode', 'traces');
    mkdirSync(traces, { recursive: true });
    // its own .gitignore, which shares the rules and ignores nothing else
    writeFileSync(join(root, '.smallcode', '.gitignore'), '!rules/\n');
    // names that sort after every real trace, half of them dated in the future as an unpacked archive can be
    const shipped = Array.from({ length: MAX_TRACE_FILES }, (_, i) => `9999-12-31T23-59-59.999Z-shipped${i}.json`);
    shipped.forEach((name, i) => {
      writeFileSync(join(traces, name), '{}');
      const when = i % 2 ? new Date('2099-01-01') : new Date('2001-01-01');
      utimesSync(join(traces, name), when, when);
    });
    writeFileSync(join(traces, 'notes.json'), '{"mine": true}');
    writeFileSync(join(traces, 'README.md'), 'shipped');
    const written: string[] = [];
    for (let i = 0; i < 3; i++) written.push(await writeTraceFile(root, trace(i)));
    const left = readdirSync(traces);
    for (const file of written) assert.ok(existsSync(file), `${file} was pruned`);
    assert.ok(left.includes('notes.json') && left.includes('README.md'), 'files not named as SmallCode names traces are not its to delete');
    assert.equal(left.filter((f) => f.startsWith('9999-')).length, MAX_TRACE_FILES - 3);
    // the future-dated ones went first: they are no trace SmallCode wrote
    const pruned = shipped.filter((f) => !left.includes(f));
    assert.equal(pruned.length, 3);
    assert.ok(pruned.every((f) => shipped.indexOf(f) % 2 === 1), JSON.stringify(pruned));
    assert.equal(readFileSync(join(traces, '.gitignore'), 'utf8'), '*\n');
    let git = true;
    try { execFileSync('git', ['init', '-q', root]); } catch { git = false; }
    if (git) {
      const ignored = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' });
      assert.doesNotMatch(ignored, /traces\/2026-/, 'a new trace would be committed');
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('deleting a conversation deletes its traces only: not another conversation\'s, not one without, not through a symlink', async () => {
  const base = mkdtempSync(join(tmpdir(), 'smallcode-traces-'));
  try {
    const root = join(base, 'root');
    mkdirSync(root);
    const gone = 'mabc12345-0a1b2c3d';
    const kept = 'mabc12345-ffffffff';
    const recorded = new TraceRecorder({ id: 'feed0001', task: 't', model: 'm', conversation: gone }).toJSON();
    assert.equal(recorded.conversation, gone, 'the recorder keeps the conversation');
    const mine = await writeTraceFile(root, recorded);
    const mine2 = await writeTraceFile(root, { ...trace(2), conversation: gone });
    const theirs = await writeTraceFile(root, { ...trace(3), conversation: kept });
    const none = await writeTraceFile(root, trace(4));
    const outside = join(base, `x-c${gone}-y.json`);
    writeFileSync(outside, '{}');
    symlinkSync(outside, join(root, '.smallcode', 'traces', `link-c${gone}-z.json`));
    assert.equal(await deleteConversationTraces(root, gone), 2);
    assert.deepEqual([mine, mine2, theirs, none].map((f) => readdirSync(join(root, '.smallcode', 'traces')).includes(f.split('/').pop()!)), [false, false, true, true]);
    assert.equal(readFileSync(outside, 'utf8'), '{}', 'a symlink is not followed');
    // a workspace without traces: nothing to do, nothing created
    const empty = join(base, 'empty');
    mkdirSync(empty);
    assert.equal(await deleteConversationTraces(empty, gone), 0);
    assert.deepEqual(readdirSync(empty), []);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('traces are pruned by their total size too: the newest kept within the limit, the newest always', async () => {
  const base = mkdtempSync(join(tmpdir(), 'smallcode-traces-'));
  try {
    const root = join(base, 'root');
    mkdirSync(root);
    const dir = join(root, '.smallcode', 'traces');
    const big = (i: number): RunTrace => ({ ...trace(i), task: 'x'.repeat(10_000) });
    await writeTraceFile(root, big(0));
    const size = statSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!)).size;
    const maxBytes = Math.floor(size * 3.5);
    for (let i = 1; i < 6; i++) await writeTraceFile(root, big(i), { maxBytes });
    const left = () => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    assert.deepEqual(left().map((f) => f.slice(-12)), ['run0003.json', 'run0004.json', 'run0005.json']);
    await writeTraceFile(root, { ...trace(6), task: 'x'.repeat(50_000) }, { maxBytes });
    assert.deepEqual(left().map((f) => f.slice(-12)), ['run0006.json'], 'one larger than the limit is still written, alone');
    assert.ok(MAX_TRACE_BYTES <= 100 * 1024 * 1024, 'the default bounds the folder');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
