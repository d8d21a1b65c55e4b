// The pure parts of the repo map: PageRank, and what a task's text focuses on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageRank } from '../../../src/core/codeIndex/pageRank';
import { focusFromTask, resolveTaskPath } from '../../../src/core/codeIndex/repoMap';
import { identifierWords, prefixQuery, searchableText, contentHash } from '../../../src/core/codeIndex/words';

const edges = (list: [number, number, number][]) => ({
  src: Int32Array.from(list.map((e) => e[0])), dst: Int32Array.from(list.map((e) => e[1])), weight: Float64Array.from(list.map((e) => e[2])),
});

test('PageRank: rank flows to what is referenced, sums to one, and follows the personalisation', () => {
  // 0 → 2, 1 → 2, 2 → 3; 4 is isolated.
  const g = edges([[0, 2, 1], [1, 2, 1], [2, 3, 1]]);
  const rank = pageRank(5, g, undefined);
  assert.ok(Math.abs(rank.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  assert.ok(rank[3]! > rank[2]! && rank[2]! > rank[0]! && rank[0]! === rank[1]!);
  const towardFour = pageRank(5, g, Float64Array.from([0, 0, 0, 0, 1]));
  assert.ok(towardFour[4]! > 0.5, `${towardFour[4]}`);
  assert.deepEqual([...pageRank(0, edges([]), undefined)], []);
  const weighted = pageRank(3, edges([[0, 1, 9], [0, 2, 1]]), undefined);
  assert.ok(weighted[1]! > weighted[2]!);
});

/** The resolver focusFor builds over these indexed paths. */
function pathResolver(list: string[]): (written: string) => string | undefined {
  const set = new Set(list);
  return (written) => resolveTaskPath(written, { has: (p) => set.has(p), endingWith: (name) => list.filter((p) => p.endsWith(`/${name}`) || p === name) });
}

test('focus from a task: named workspace files, identifiers written as code, and plain words only as words', () => {
  const resolvePath = pathResolver(['src/server.ts', 'lib/util.py']);
  const names = new Set(['parseConfig', 'Server', 'start', 'render', 'update', 'tokenize', 'status', 'the']);
  const focus = focusFromTask('In src/server.ts, make `start` call parseConfig() and fix the tokenize step and its status; see ./lib/util.py. Update the docs/missing.md too.', { resolvePath, isName: (n) => names.has(n) });
  assert.deepEqual(focus.files, ['src/server.ts', 'lib/util.py']);
  assert.deepEqual(focus.identifiers, ['start', 'parseConfig'], 'code-like: backquoted, called');
  assert.deepEqual(focus.words, ['tokenize', 'status'], 'plain English words that happen to be defined names');
  assert.deepEqual(focusFromTask('Server. Where is Server defined? Render it. Then change handler5.', { resolvePath, isName: (n) => names.has(n) || n === 'Render' || n === 'handler5' }), { files: [], identifiers: ['Server', 'handler5'], words: ['Render'] }, 'a capital inside a sentence, or a digit, makes a name');
});

test('a file named without its folder is found by its name, when that is unambiguous', () => {
  const resolvePath = pathResolver(['src/core/agent/stateNotes.ts', 'src/a/index.ts', 'src/b/index.ts', 'src/util.ts', 'test/util.ts']);
  assert.equal(resolvePath('stateNotes.ts'), 'src/core/agent/stateNotes.ts');
  assert.equal(resolvePath('agent/stateNotes.ts'), 'src/core/agent/stateNotes.ts');
  assert.equal(resolvePath('gent/stateNotes.ts'), undefined, 'a folder name must match whole');
  assert.equal(resolvePath('index.ts'), undefined, 'two of them: no guess');
  assert.equal(resolvePath('util.ts'), 'src/util.ts', 'the code, not its test twin');
  assert.deepEqual(focusFromTask('fix stateNotes.ts', { resolvePath, isName: () => false }).files, ['src/core/agent/stateNotes.ts']);
});

test('identifier words for the full-text index', () => {
  assert.deepEqual(identifierWords('parseHTTPResponse_v2'), ['parse', 'http', 'response', 'v', '2']);
  assert.equal(searchableText('getUserName'), 'get user name getusername');
  assert.equal(searchableText('run'), 'run');
  assert.equal(prefixQuery('user name'), 'user* name*');
  assert.equal(prefixQuery('!!'), '');
  assert.notEqual(contentHash('a'), contentHash('b'));
  assert.equal(contentHash('same text'), contentHash('same text'));
});

test('the task map never holds a task up: an index that is slow or fails gives no map and a warning', async () => {
  const { taskRepoMap } = await import('../../../src/core/codeIndex/taskMap');
  const { heuristicCounter } = await import('../../../src/core/budget');
  const base = { findSymbol: () => [], explainSymbol: async () => '' };
  const slow = await taskRepoMap({ ...base, repoMapForTask: () => new Promise<string>(() => undefined) }, 'task', { window: 8192, counter: heuristicCounter, timeoutMs: 30 });
  assert.deepEqual(slow, { map: '', warning: 'No repo map for this task: the code index did not answer within 0.03 s (still indexing?).' });
  const failing = await taskRepoMap({ ...base, repoMapForTask: async () => { throw new Error('The code index is still being built (3 of 9 files)'); } }, 'task', { window: 8192, counter: heuristicCounter });
  assert.match(failing.warning!, /still being built/);
  const sentence = await taskRepoMap({ ...base, repoMapForTask: async () => { throw new Error('The code index is not available (not started); use search and find_files instead.'); } }, 'task', { window: 8192, counter: heuristicCounter });
  assert.equal(sentence.warning, 'No repo map for this task: The code index is not available (not started); use search and find_files instead.', 'one full stop');
  // A host counting differently: whole lines are dropped until the map fits the agent's counter.
  const long = Array.from({ length: 400 }, (_, i) => `src/file${i}.ts\n  1: export function handler${i}(request: Request): Response {`).join('\n');
  const fitted = await taskRepoMap({ ...base, repoMapForTask: () => long }, 'task', { window: 8192, counter: heuristicCounter });
  assert.ok(heuristicCounter.count(fitted.map) <= 1024 && fitted.map.length > 1000 && long.startsWith(fitted.map));
});

test('Stop ends the wait for the task map at once: no map, and no warning for a wait the user ended', { timeout: 5000 }, async () => {
  const { taskRepoMap } = await import('../../../src/core/codeIndex/taskMap');
  const { heuristicCounter } = await import('../../../src/core/budget');
  let asked: AbortSignal | undefined;
  const busy = { findSymbol: () => [], explainSymbol: async () => '', repoMapForTask: (_t: string, _n: number, _o?: object, signal?: AbortSignal) => { asked = signal; return new Promise<string>(() => undefined); } };
  const stop = new AbortController();
  const map = taskRepoMap(busy, 'task', { window: 8192, counter: heuristicCounter, timeoutMs: 60_000, signal: stop.signal });
  stop.abort();
  assert.deepEqual(await map, { map: '' });
  assert.equal(asked?.aborted, true, 'the index was told to stop waiting too');
});
