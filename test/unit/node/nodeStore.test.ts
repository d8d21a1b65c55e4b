import { test } from 'node:test';
import { computeHunks } from '../../../src/core/edit';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeStore } from '../../../src/node/nodeStore';
import { CallbackApproval, COMMANDS_DISABLED_REASON } from '../../../src/node/approval';
import { CallbackEditReview } from '../../../src/node/editReview';

test('NodeStore round-trips JSON, tolerates corrupt files, deletes, and validates keys', async () => {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-store-'));
  try {
    const store = new NodeStore(root);
    assert.equal(await store.get('plan'), undefined);
    await store.set('plan', { steps: [1, 2] });
    assert.deepEqual(await store.get('plan'), { steps: [1, 2] });
    writeFileSync(join(root, '.smallcode', 'broken.json'), '{nope');
    assert.equal(await store.get('broken'), undefined);
    await store.delete('plan');
    await store.delete('plan');
    assert.equal(await store.get('plan'), undefined);
    for (const bad of ['../x', 'a/b', '', '.hidden']) await assert.rejects(store.set(bad, 1), /Invalid store key/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('NodeStore never goes through a symlinked .smallcode: reads find nothing, writes fail clearly, one warning', async () => {
  const base = mkdtempSync(join(tmpdir(), 'smallcode-store-'));
  try {
    mkdirSync(join(base, 'root'));
    mkdirSync(join(base, 'elsewhere'));
    writeFileSync(join(base, 'elsewhere', 'memory.json'), '{"notes": [{"key": "planted", "value": "x"}]}');
    symlinkSync(join(base, 'elsewhere'), join(base, 'root', '.smallcode'));
    const warnings: string[] = [];
    const store = new NodeStore(join(base, 'root'), { onUnusable: (m) => warnings.push(m) });
    assert.equal(await store.get('memory'), undefined, 'nothing read through the link');
    await assert.rejects(store.set('memory', {}), /\.smallcode is a symlink/);
    await store.delete('memory');
    assert.equal(await store.get('plan'), undefined);
    assert.deepEqual(readdirSync(join(base, 'elsewhere')), ['memory.json']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /Memory and plans are not kept/);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('NodeStore git-ignores .smallcode when it creates it, and reads only regular files', async () => {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-store-'));
  try {
    const store = new NodeStore(root);
    assert.equal(existsSync(join(root, '.smallcode')), false, 'a read creates nothing');
    await store.set('memory', { notes: [] });
    assert.equal(readFileSync(join(root, '.smallcode', '.gitignore'), 'utf8'), '*\n!rules/\n!rules/**\n', 'SmallCode\'s files ignored, the project\'s rules not');
    execFileSync('mkfifo', [join(root, '.smallcode', 'plan.json')]);
    assert.equal(await store.get('plan'), undefined, 'a FIFO is not read (it would block forever)');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('commands are denied unless a callback approves them', async () => {
  const request = { command: 'npm test', warnings: [] };
  assert.deepEqual(await new CallbackApproval().approveCommand(request), { approved: false, reason: COMMANDS_DISABLED_REASON });
  assert.deepEqual(await new CallbackApproval(() => true).approveCommand(request), { approved: true });
  assert.equal((await new CallbackApproval(async () => false).approveCommand(request)).approved, false);
  assert.deepEqual(await new CallbackApproval(() => ({ approved: false, reason: 'no' })).approveCommand(request), { approved: false, reason: 'no' });
  assert.equal((await new CallbackApproval(() => true).approveCommand(request, AbortSignal.abort())).approved, false);
});

test('edits are accepted by default in headless use, or decided by the callback', async () => {
  const edit = { path: 'a.ts', original: 'a', proposed: 'b', hunks: computeHunks('a', 'b') };
  assert.deepEqual(await new CallbackEditReview().propose(edit), { kind: 'accepted' });
  assert.deepEqual(await new CallbackEditReview(() => ({ kind: 'rejected', reason: 'no' })).propose(edit), { kind: 'rejected', reason: 'no' });
  assert.equal((await new CallbackEditReview().propose(edit, AbortSignal.abort())).kind, 'rejected');
});
