// The note that replaces a task's removed steps: bounded in tokens, read back from its own text without
// being confused by the paths in it, naming the commands that ran and the calls that failed, and never
// dropped without a word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest } from '../../../src/core/budget/contextBudget';
import { heuristicCounter as counter } from '../../../src/core/budget/tokenCounter';
import { messageTokens } from '../../../src/core/budget/messageTokens';
import { dropOldestStep, isRemovedStepsNote, removedStepsNote } from '../../../src/core/budget/removedSteps';
import type { ChatMessage } from '../../../src/core/llm/types';

const tokens = (m: ChatMessage) => messageTokens(m, (t) => counter.count(t));
let ids = 0;
const call = (name: string, args: object): ChatMessage => ({ role: 'assistant', content: '', tool_calls: [{ id: `c${ids++}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });
const idOf = (m: ChatMessage) => (m.role === 'assistant' ? m.tool_calls![0]!.id : '');
const resultOf = (m: ChatMessage, content: string): ChatMessage => ({ role: 'tool', tool_call_id: idOf(m), name: m.role === 'assistant' ? m.tool_calls![0]!.function.name : '', content });
/** The lines of the note that name `tool`. */
const lines = (note: ChatMessage, tool: string) => note.content!.split('\n').filter((l) => l.startsWith(`- ${tool} `) || l === `- ${tool}`);

const longPaths = (tools: string[], n: number) => Array.from({ length: n }, (_, i) => call(tools[i % tools.length]!, { path: `packages/app-${i % 7}/src/features/feature-${i}/components/FeatureComponent${i}.tsx` }));

test('the note stays within its cap in tokens, however many tools and paths it names; what it cannot name is counted', () => {
  const five = ['read_file', 'patch', 'find_files', 'write_file', 'mcp_fs__read'];
  const twelve = Array.from({ length: 12 }, (_, i) => `mcp_srv${i}__get_resource`);
  for (const tools of [five, twelve]) {
    const steps = longPaths(tools, 240);
    const unbounded = removedStepsNote(undefined, steps);
    assert.ok(tokens(unbounded) > 1000, `the case is large (${tokens(unbounded)} tokens)`);
    const note = removedStepsNote(undefined, steps, { cap: 300, tokens });
    assert.ok(tokens(note) <= 300, `${tokens(note)} tokens`);
    assert.match(note.content!, /\(\+\d+ more\)|\(\+\d+ other tools\)/);
    const merged = removedStepsNote(note, longPaths(tools, 30), { cap: 300, tokens });
    assert.ok(tokens(merged) <= 300, `after a merge: ${tokens(merged)} tokens`);
    assert.ok(isRemovedStepsNote(merged));
  }
  // a small one is left whole
  const small = [call('read_file', { path: 'src/a.ts' })];
  assert.equal(removedStepsNote(undefined, small, { cap: 300, tokens }).content, removedStepsNote(undefined, small).content);
});

test('the note names the commands that ran and marks the calls that failed', () => {
  const rejected = call('write_file', { path: 'src/db.ts', content: 'x' });
  const migrate = call('run', { command: 'npm run migrate' });
  const commit = call('run', { command: 'git commit -am wip' });
  const badPatch = call('patch', { path: 'src/a.ts', patch: '<<<' });
  const failed = new Set([idOf(rejected), idOf(migrate), idOf(badPatch)]);
  const note = removedStepsNote(undefined, [rejected, migrate, commit, badPatch], { failed: (id) => failed.has(id) });
  assert.deepEqual(lines(note, 'run'), ['- run "npm run migrate" (failed), "git commit -am wip"']);
  assert.deepEqual(lines(note, 'write_file'), ['- write_file "src/db.ts" (failed)']);
  assert.deepEqual(lines(note, 'patch'), ['- patch "src/a.ts" (failed)']);
  const long = removedStepsNote(undefined, [call('run', { command: `node scripts/${'x'.repeat(200)}.js` })]);
  assert.ok(lines(long, 'run')[0]!.length < 90, lines(long, 'run')[0]);
  // what failed stays marked through a merge
  const merged = removedStepsNote(note, [call('read_file', { path: 'src/b.ts' })]);
  assert.deepEqual(lines(merged, 'run'), lines(note, 'run'));
  assert.deepEqual(lines(merged, 'write_file'), lines(note, 'write_file'));
});

test('paths holding the note\'s separators survive a merge; an empty note does not become a tool', () => {
  const first = removedStepsNote(undefined, [call('write_file', { path: 'notes; draft.md', content: '' }), call('write_file', { path: 'docs/a, b.md', content: '' })]);
  const merged = removedStepsNote(first, [call('write_file', { path: 'src/x.ts', content: '' })]);
  assert.deepEqual(lines(merged, 'write_file'), ['- write_file "notes; draft.md", "docs/a, b.md", "src/x.ts"']);
  assert.equal(merged.content!.split('\n').filter((l) => l.startsWith('- ')).length, 1, 'one tool');
  const empty = removedStepsNote(undefined, [{ role: 'assistant', content: 'thinking' }]);
  assert.ok(isRemovedStepsNote(empty));
  const next = removedStepsNote(empty, [call('read_file', { path: 'a.ts' })]);
  assert.deepEqual(next.content!.split('\n').filter((l) => l.startsWith('- ')), ['- read_file "a.ts"']);
});

test('the last resort drops the step after the note, not the note, and names it there', () => {
  const note = removedStepsNote(undefined, [call('write_file', { path: 'src/gen0.ts', content: '' })]);
  const older = call('write_file', { path: 'src/prev.ts', content: 'x' });
  const newest = call('read_file', { path: 'src/now.ts' });
  const turn = [note, older, resultOf(older, 'Created src/prev.ts.'), newest, resultOf(newest, 'text')];
  const step = dropOldestStep(turn, tokens, { cap: 300 });
  assert.equal(step.dropped, 2);
  assert.deepEqual(step.turn.slice(1), turn.slice(3));
  assert.deepEqual(lines(step.turn[0]!, 'write_file'), ['- write_file "src/gen0.ts", "src/prev.ts"']);
  assert.deepEqual(dropOldestStep([step.turn[0]!], tokens).turn, [], 'a note left alone goes');
});

test('in a small window, when even the newest step does not fit, the note is still sent', () => {
  const old = longPaths(['read_file', 'patch', 'find_files', 'write_file', 'mcp_fs__read'], 100);
  let checked = 0;
  for (let size = 60; size <= 160; size += 5) {
    const text = Array.from({ length: size }, (_, k) => `export function f_${k}(x: number): number { return x * ${k}; }`).join('\n');
    const note = removedStepsNote(undefined, old, { cap: 204, tokens });
    const prev = call('write_file', { path: 'src/prev.ts', content: text });
    const next = call('write_file', { path: 'src/new.ts', content: text });
    const turn = [note, prev, resultOf(prev, 'Created src/prev.ts.'), next, resultOf(next, 'Created src/new.ts.')];
    const sent = new Set(turn.slice(0, 3));
    let built;
    try {
      built = buildRequest({ system: 'SYS '.repeat(250), history: [], task: 'Rename the prop everywhere', turn, sent: (m) => sent.has(m) }, { window: 4096, replyTokens: 1024, counter });
    } catch {
      continue; // the newest step alone is past the window: nothing to keep
    }
    const margin = built.report.sections.find((s) => s.name === 'margin')!.used;
    assert.ok(built.promptTokens + built.maxTokens + margin <= 4096, `fits (${size})`);
    if (!built.turn.includes(next)) {
      checked++;
      assert.ok(isRemovedStepsNote(built.turn[0]), `the note is still sent (${size}): ${built.turn.map((m) => m.role)}`);
      assert.match(built.turn[0]!.content!, /"src\/new\.ts"|other tools/, `the dropped step is named (${size})`);
    }
  }
  assert.ok(checked > 0, 'some case needed the last resort');
});

test('a long command is cut between words: no token is kept in part, where its shape (and so its redaction) is lost', () => {
  const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
  const note = removedStepsNote(undefined, [call('run', { command: `curl -s -H "Authorization: token ${token}" https://api.github.com/user/repos` })]);
  const [line] = lines(note, 'run');
  assert.equal(line, '- run "curl -s -H \\"Authorization: token …"');
  assert.doesNotMatch(note.content!, /ghp_/);
  // one word longer than the limit leaves only the mark of a cut
  const word = removedStepsNote(undefined, [call('run', { command: `${'x'.repeat(80)} --flag` })]);
  assert.deepEqual(lines(word, 'run'), ['- run "…"']);
});
