// Which editor documents are files of the workspace (Fix selection, a code block's Apply): a saved
// file inside the folder; an unsaved file, a notebook cell, a diff's or Git's side, or a file elsewhere
// is refused with the reason, rather than a path the model would read or write wrongly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { workspaceFileOf } from '../../../src/extension/editorFile';

const ROOT = join('/home', 'dev', 'shop');

test('a saved file inside the folder is named workspace-relative, with forward slashes', () => {
  assert.deepEqual(workspaceFileOf({ scheme: 'file', fsPath: join(ROOT, 'src', 'cart.ts') }, ROOT), { ok: true, rel: 'src/cart.ts' });
});

test('unsaved files, notebook cells, virtual documents, files outside the folder and no folder are refused with why', () => {
  const reason = (uri: { scheme: string; fsPath: string }) => {
    const file = workspaceFileOf(uri, ROOT);
    assert.equal(file.ok, false);
    return (file as { reason: string }).reason;
  };
  assert.match(reason({ scheme: 'untitled', fsPath: 'Untitled-1' }), /not saved yet\. Save it in the workspace folder/);
  assert.match(reason({ scheme: 'vscode-notebook-cell', fsPath: join(ROOT, 'analysis.ipynb') }), /notebook cell/);
  assert.match(reason({ scheme: 'git', fsPath: join(ROOT, 'src', 'cart.ts') }), /a "git" document .* Open the file itself/);
  assert.match(reason({ scheme: 'file', fsPath: join('/home', 'dev', 'other', 'x.ts') }), /outside the workspace folder/);
  assert.match(reason({ scheme: 'file', fsPath: join('/home', 'dev', 'shop-old', 'x.ts') }), /outside the workspace folder/, 'a sibling folder sharing the prefix is outside');
  assert.match(reason({ scheme: 'file', fsPath: ROOT }), /outside the workspace folder/, 'the folder itself is not a file');
  assert.deepEqual(workspaceFileOf({ scheme: 'file', fsPath: join(ROOT, 'a.ts') }, undefined), { ok: false, reason: 'no folder is open. Open the project\'s folder: SmallCode works on the files inside it.' });
});

test('a folder whose name starts with two dots is inside the workspace', () => {
  assert.deepEqual(workspaceFileOf({ scheme: 'file', fsPath: join(ROOT, '..data', 'x.ts') }, ROOT), { ok: true, rel: '..data/x.ts' });
  assert.equal(workspaceFileOf({ scheme: 'file', fsPath: join(ROOT, '..', 'x.ts') }, ROOT).ok, false);
});
