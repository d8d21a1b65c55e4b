// The tool executor alone, on a real temp workspace: results sized for a small window, forgiving
// where it is safe (a literal "regex"), and every failure phrased for the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolExecutor, type ExecutorLimits } from '../../../src/core/tools/executor';
import { EMPTY_PLAN } from '../../../src/core/plan';
import { InMemoryStore, WorkingMemory } from '../../../src/core/memory';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { CallbackApproval } from '../../../src/node/approval';
import { CallbackEditReview } from '../../../src/node/editReview';
import { cleanup, exists, read, tempWorkspace } from './helpers';

function executor(root: string, limits: Partial<ExecutorLimits> = {}) {
  const plan = { plan: EMPTY_PLAN, verification: { passed: true } as const };
  return new ToolExecutor({
    workspace: new NodeWorkspace(root), review: new CallbackEditReview(), approval: new CallbackApproval(), editApproval: 'auto',
    plan, memory: new WorkingMemory(new InMemoryStore()), limits,
  });
}

const BIG = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

test('read_file numbers lines, honours ranges and stops at the cap with a pointer to read on', async () => {
  const root = tempWorkspace({ 'big.txt': BIG, 'empty.txt': '' });
  try {
    const x = executor(root, { readLines: 10 });
    const whole = await x.execute('read_file', { path: 'big.txt' });
    assert.match(whole.content, /^big\.txt lines 1-10 of 30:\n1\| line 1\n/);
    assert.match(whole.content, /Read on with start_line=11/);
    const range = await x.execute('read_file', { path: 'big.txt', start_line: 28, end_line: 99 });
    assert.equal(range.content, 'big.txt lines 28-30 of 30:\n28| line 28\n29| line 29\n30| line 30');
    assert.equal((await x.execute('read_file', { path: 'empty.txt' })).content, 'empty.txt is empty.');
    const past = await x.execute('read_file', { path: 'big.txt', start_line: 40 });
    assert.equal(past.ok, false);
    const missing = await x.execute('read_file', { path: 'nope.txt' });
    assert.deepEqual([missing.ok, /not found/i.test(missing.content)], [false, true]);
  } finally {
    cleanup(root);
  }
});

test('search falls back to a literal search for an invalid regex; find_files lists matches', async () => {
  const root = tempWorkspace({ 'src/a.ts': 'call(foo(1)\n', 'src/b.ts': 'nothing\n', '.gitignore': 'ignored/\n', 'ignored/c.ts': 'call(foo(1)\n' });
  try {
    const x = executor(root);
    const r = await x.execute('search', { pattern: 'call(foo(' });
    assert.equal(r.ok, true);
    assert.match(r.content, /searched as plain text/);
    assert.match(r.content, /src\/a\.ts:1: call\(foo\(1\)/);
    assert.doesNotMatch(r.content, /ignored/);
    assert.equal((await x.execute('find_files', { glob: 'src/*.ts' })).content, 'src/a.ts\nsrc/b.ts');
  } finally {
    cleanup(root);
  }
});

test('write_file creates with parents; patch applies; memory round-trips', async () => {
  const root = tempWorkspace();
  try {
    const x = executor(root);
    const created = await x.execute('write_file', { path: 'deep/new.txt', content: 'a\nb\n' });
    assert.deepEqual(created.wrote, { path: 'deep/new.txt', created: true });
    const patched = await x.execute('patch', { path: 'deep/new.txt', search: 'b', replace: 'c' });
    assert.deepEqual(patched.wrote, { path: 'deep/new.txt', created: false });
    assert.equal(read(root, 'deep/new.txt'), 'a\nc\n');
    await x.execute('memory_remember', { key: 'style', value: 'tabs' });
    assert.match((await x.execute('memory_load', {})).content, /style: tabs/);
  } finally {
    cleanup(root);
  }
});

test('an aborted signal runs nothing', async () => {
  const root = tempWorkspace();
  try {
    const controller = new AbortController();
    controller.abort();
    const r = await executor(root).execute('write_file', { path: 'x.txt', content: 'x' }, controller.signal);
    assert.equal(r.cancelled, true);
    assert.equal(exists(root, 'x.txt'), false);
  } finally {
    cleanup(root);
  }
});

test('the executor reads a host port\'s answers strictly: a malformed yes from the port fails closed', async () => {
  const root = tempWorkspace({ 'a.txt': 'one\n' });
  try {
    const plan = { plan: EMPTY_PLAN, verification: { passed: true } as const };
    // A host port that misbehaves: an unknown decision kind, a truthy non-boolean, a throw.
    for (const [review, approval] of [
      [{ propose: async () => ({ kind: 'reject' }) }, { approveCommand: async () => ({ approved: 'no' }) }],
      [{ propose: async () => undefined }, { approveCommand: async () => ({ approved: 1 }) }],
      [{ propose: async () => { throw new Error('host crashed'); } }, { approveCommand: async () => { throw new Error('host crashed'); } }],
    ] as const) {
      const x = new ToolExecutor({
        workspace: new NodeWorkspace(root), review: review as never, approval: approval as never, editApproval: 'ask',
        plan, memory: new WorkingMemory(new InMemoryStore()),
      });
      const edit = await x.execute('write_file', { path: 'a.txt', content: 'two\n' });
      assert.equal(edit.ok, false);
      // an answer that is no decision is no; a review that throws is a refusal of the review's own
      assert.match(edit.content, /rejected this edit|^Not written: the review failed \(host crashed\)/);
      const run = await x.execute('run', { command: 'echo ran > ran.txt' });
      assert.equal(run.ok, false);
      assert.match(run.content, /^Command not run: /);
      assert.doesNotMatch(run.content, /\.\./, 'one full stop between the reason and the advice');
      assert.equal(read(root, 'a.txt'), 'one\n');
      assert.equal(exists(root, 'ran.txt'), false);
    }
  } finally {
    cleanup(root);
  }
});

test('a declined command\'s reason ends with one full stop', async () => {
  const root = tempWorkspace();
  try {
    const plan = { plan: EMPTY_PLAN, verification: { passed: true } as const };
    const x = new ToolExecutor({
      workspace: new NodeWorkspace(root), review: new CallbackEditReview(), approval: new CallbackApproval(() => false), editApproval: 'auto',
      plan, memory: new WorkingMemory(new InMemoryStore()),
    });
    const run = await x.execute('run', { command: 'echo hi' });
    assert.equal(run.content, 'Command not run: The user declined this command. Do not retry it; continue without it.');
  } finally {
    cleanup(root);
  }
});

/** An executor whose edits are asked about, answered by `review` (what VS Code's review would answer). */
function reviewed(workspace: NodeWorkspace, review: CallbackEditReview, hooks = {}) {
  return new ToolExecutor({
    workspace, review, approval: new CallbackApproval(), editApproval: 'ask', hooks,
    plan: { plan: EMPTY_PLAN, verification: { passed: true } as const }, memory: new WorkingMemory(new InMemoryStore()), limits: {},
  });
}

test('every hunk accepted, then the save turned the file back: not reported as the user\'s rejection', async () => {
  const original = "const greeting = 'hello';\n";
  const root = tempWorkspace({ 'a.js': original });
  try {
    // What VsCodeEditReview answers in this case (pendingEdit.ts finish()).
    const review = new CallbackEditReview(() => ({ kind: 'partial', content: original, reason: 'every hunk was accepted; saving the file then changed it further (format on save…)', allAccepted: true }));
    const result = await reviewed(new NodeWorkspace(root), review).execute('patch', { path: 'a.js', search: "'hello'", replace: '"hello"' });
    assert.doesNotMatch(result.content, /The user rejected/, result.content);
    assert.notEqual(result.refused, 'user');
    assert.match(result.content, /The user accepted your edit to a\.js, and saving the file .* turned it back: a\.js is unchanged/);
    assert.equal(read(root, 'a.js'), original);
  } finally {
    cleanup(root);
  }
});

test('a review that wrote the accepted edit, then a write that fails: the file is recorded as written and the model told it changed', async () => {
  const original = 'let a = 1;\n';
  const root = tempWorkspace({ 'a.js': original });
  try {
    // VS Code's review writes accepted hunks itself; the executor's write after it then fails (a save that never lands).
    const review = new CallbackEditReview((edit) => {
      writeFileSync(join(root, 'a.js'), edit.proposed);
      return { kind: 'accepted' };
    });
    const failing = new class extends NodeWorkspace {
      override writeFile(): never {
        throw new Error('VS Code did not save a.js.');
      }
    }(root);
    const accepted: unknown[] = [];
    const result = await reviewed(failing, review, { editAccepted: (e: unknown) => accepted.push(e) }).execute('patch', { path: 'a.js', search: 'a = 1', replace: 'a = 2' });
    assert.equal(read(root, 'a.js'), 'let a = 2;\n');
    assert.deepEqual(accepted, [{ path: 'a.js', created: false, partial: false, after: 'let a = 2;\n' }], 'the checkpoint lists the file, as the review left it');
    assert.deepEqual(result.wrote, { path: 'a.js', created: false });
    assert.doesNotMatch(result.content, /Nothing was written/);
    assert.match(result.content, /The user accepted your edit to a\.js and the review applied it to the file, but then VS Code did not save a\.js\. The file has changed/);
  } finally {
    cleanup(root);
  }
});

test('a review that left the write to the executor, and a file changed meanwhile: the refused write is not reported as written', async () => {
  const root = tempWorkspace({ 'a.js': 'let a = 1;\n' });
  try {
    // The user changes the file while the (headless) review waits; the review itself writes nothing.
    const review = new CallbackEditReview(() => {
      writeFileSync(join(root, 'a.js'), 'let a = 1; // the user\'s note\n');
      return { kind: 'accepted' };
    });
    const accepted: unknown[] = [];
    const result = await reviewed(new NodeWorkspace(root), review, { editAccepted: (e: unknown) => accepted.push(e) }).execute('patch', { path: 'a.js', search: 'a = 1', replace: 'a = 2' });
    assert.equal(read(root, 'a.js'), 'let a = 1; // the user\'s note\n');
    assert.deepEqual(accepted, []);
    assert.equal(result.wrote, undefined);
    assert.doesNotMatch(result.content, /the review applied it/);
  } finally {
    cleanup(root);
  }
});
