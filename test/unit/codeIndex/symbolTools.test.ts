// find_symbol as the model sees it: a cut list says how many more definitions there are, and real
// definitions come before object-literal entries of the same name; a busy index never holds the run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { executeExplainSymbol, executeFindSymbol } from '../../../src/core/tools/executorSymbols';
import { DEFAULT_LIMITS, type ExecutorContext, type ExecutorLimits } from '../../../src/core/tools/executorTypes';
import { ToolExecutor } from '../../../src/core/tools/executor';
import type { CodeIntel } from '../../../src/core/codeIndex';
import { EMPTY_PLAN } from '../../../src/core/plan';
import { InMemoryStore, WorkingMemory } from '../../../src/core/memory';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { CallbackApproval } from '../../../src/node/approval';
import { CallbackEditReview } from '../../../src/node/editReview';

const base = mkdtempSync(join(tmpdir(), 'smallcode-symbol-tools-'));
after(() => rmSync(base, { recursive: true, force: true }));

test('find_symbol says how many definitions it did not show, and lists methods before object-literal entries', async () => {
  const root = join(base, 'ws');
  mkdirSync(join(root, 'src'), { recursive: true });
  // Object-literal entries first in path order: the old ranking listed them first.
  writeFileSync(join(root, 'src/a_rules.ts'), `export const RULES = [\n${Array.from({ length: 6 }, (_, i) => `  { id: ${i}, close: (x: number) => x + ${i} },`).join('\n')}\n];\n`);
  for (let i = 0; i < 8; i++) writeFileSync(join(root, `src/conn${i}.ts`), `export class Conn${i} {\n  close() { return ${i}; }\n}\n`);
  const index = await CodeIndex.open({ root, storageDir: join(base, 'storage') });
  try {
    const ctx = { codeIntel: index, limits: DEFAULT_LIMITS, workspace: new NodeWorkspace(root) } as unknown as ExecutorContext;
    const result = await executeFindSymbol({ name: 'close' }, ctx);
    const lines = result.content.split('\n');
    assert.equal(lines.length, 11, result.content);
    assert.deepEqual(lines.slice(0, 8).map((l) => l.replace(/:.*/, '')), Array.from({ length: 8 }, (_, i) => `src/conn${i}.ts`), 'the methods first');
    assert.equal(lines[10], '(4 more definitions named close not shown: name the class, e.g. Class.close.)');
    assert.equal((await executeFindSymbol({ name: 'Conn3.close' }, ctx)).content, 'src/conn3.ts:2 close() { return 3; }  (in Conn3)');
  } finally {
    await index.close();
  }
});

test('find_symbol and explain_symbol say which cited files an editor holds with unsaved changes (the index read them from disk)', async () => {
  const root = join(base, 'ws-unsaved');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src/util.ts'), 'export function normalize(x: string) {\n  return x.trim();\n}\n');
  writeFileSync(join(root, 'src/app.ts'), "import { normalize } from './util';\nexport function run(s: string) {\n  return normalize(s);\n}\n");
  const index = await CodeIndex.open({ root, storageDir: join(base, 'storage-unsaved') });
  try {
    // the editor holds app.ts with unsaved changes (as VsCodeWorkspace reports it)
    const workspace = Object.assign(new NodeWorkspace(root), { unsavedAmong: async (paths: readonly string[]) => paths.filter((p) => p === 'src/app.ts') });
    const ctx = { codeIntel: index, limits: DEFAULT_LIMITS, workspace } as unknown as ExecutorContext;
    const note = '(src/app.ts has unsaved changes in the editor: lines may differ; read_file it.)';
    assert.equal((await executeFindSymbol({ name: 'run' }, ctx)).content, `src/app.ts:2 export function run(s: string) {\n${note}`);
    assert.equal((await executeFindSymbol({ name: 'normalize' }, ctx)).content, 'src/util.ts:1 export function normalize(x: string) {', 'a file without unsaved changes: no note');
    const explained = await executeExplainSymbol({ name: 'normalize' }, ctx);
    assert.ok(explained.content.endsWith(`Callers (1):\nsrc/app.ts:3 run\nCalls: none found in the index.\n${note}`), explained.content);
  } finally {
    await index.close();
  }
});

/** The index's worker busy with something long (a large batch, a save of a large database): its answers do not come. */
const busyIndex: CodeIntel = { findSymbol: () => new Promise(() => undefined), explainSymbol: () => new Promise(() => undefined), repoMapForTask: () => new Promise(() => undefined) };

function symbolTools(limits: Partial<ExecutorLimits> = {}): ToolExecutor {
  const plan = { plan: EMPTY_PLAN, verification: { passed: true } as const };
  return new ToolExecutor({
    workspace: new NodeWorkspace(base), review: new CallbackEditReview(), approval: new CallbackApproval(), editApproval: 'auto',
    plan, memory: new WorkingMemory(new InMemoryStore()), codeIntel: busyIndex, limits,
  });
}

// The test's own timeout: the old executor waited for the worker however long it took.
test('Stop ends find_symbol and explain_symbol at once while the index\'s worker is busy', { timeout: 5000 }, async () => {
  for (const tool of ['find_symbol', 'explain_symbol']) {
    const stop = new AbortController();
    const call = symbolTools().execute(tool, { name: 'average' }, stop.signal);
    stop.abort();
    assert.deepEqual(await call, { ok: false, content: 'Cancelled.', cancelled: true }, tool);
  }
});

test('find_symbol and explain_symbol give up on a busy index after their bound, and say so', { timeout: 5000 }, async () => {
  for (const tool of ['find_symbol', 'explain_symbol']) {
    const result = await symbolTools({ indexWaitMs: 40 }).execute(tool, { name: 'average' });
    assert.deepEqual(result, { ok: false, content: `${tool} failed: the code index did not answer within 0.04 s (still indexing?)` });
  }
});

test('find_symbol and explain_symbol finding nothing in an index that covers part of the workspace say so: the definition may be in a file not indexed', async () => {
  const root = join(base, 'partial');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src/a.ts'), 'export function indexedOne() {}\n');
  writeFileSync(join(root, 'src/b.ts'), 'export function notIndexedTwo() {}\n');
  const index = await CodeIndex.open({ root, storageDir: join(base, 'partial-storage'), maxFiles: 1, parseThreads: 0 });
  try {
    const ctx = { codeIntel: index, limits: DEFAULT_LIMITS, workspace: new NodeWorkspace(root) } as unknown as ExecutorContext;
    const found = await executeFindSymbol({ name: 'indexedOne' }, ctx);
    assert.match(found.content, /^src\/a\.ts:1 export function indexedOne/);
    for (const execute of [executeFindSymbol, executeExplainSymbol]) {
      const missing = await execute({ name: 'notIndexedTwo' }, ctx);
      assert.equal(missing.ok, false);
      assert.match(missing.content, /^No definition (matches|named) "notIndexedTwo"/);
      assert.match(missing.content, /The code index covers only part of the workspace[^\n]*: use search/, missing.content);
    }
    // one file saved and re-indexed says nothing of the files the walk left out: still partial
    writeFileSync(join(root, 'src/a.ts'), 'export function indexedOne() { return 1; }\n');
    await index.updateFiles(['src/a.ts']);
    assert.match((await executeFindSymbol({ name: 'notIndexedTwo' }, ctx)).content, /covers only part of the workspace/, 'after one file re-indexed');
  } finally {
    await index.close();
  }
  const whole = await CodeIndex.open({ root, storageDir: join(base, 'whole-storage'), parseThreads: 0 });
  try {
    const ctx = { codeIntel: whole, limits: DEFAULT_LIMITS, workspace: new NodeWorkspace(root) } as unknown as ExecutorContext;
    assert.doesNotMatch((await executeFindSymbol({ name: 'nothingLikeThis' }, ctx)).content, /part of the workspace/, 'a complete index says nothing of the kind');
  } finally {
    await whole.close();
  }
});
