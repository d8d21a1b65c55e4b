import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReadablePath, checkWritablePath } from '../../../src/core/security/protectedPaths';

const readable = (p: string) => checkReadablePath(p).ok;
const writable = (p: string) => checkWritablePath(p).ok;

test('.git is neither read nor written, at any depth and in any case', () => {
  for (const p of ['.git', '.git/config', '.git/hooks/pre-commit', 'vendor/lib/.git/hooks/post-checkout', '.GIT/config', '.git./hooks/x', '.git /x', '.git::$INDEX_ALLOCATION/config']) {
    assert.ok(!readable(p) && !writable(p), p);
  }
});

test('files that make the editor or Git run commands, and SmallCode state, are not written', () => {
  for (const p of ['.vscode/settings.json', '.vscode/tasks.json', '.vscode/launch.json', 'pkg/.vscode/tasks.json', 'my.code-workspace', '.husky/pre-commit', '.smallcode/plan.json', '.VSCode/tasks.json', '.vscode:$INDEX_ALLOCATION/tasks.json', 'my.code-workspace::$DATA']) {
    assert.ok(!writable(p), p);
    assert.ok(readable(p), `${p} can still be read`);
  }
});

test('ordinary paths that only look similar are fine', () => {
  for (const p of ['', '.gitignore', '.gitattributes', '.github/workflows/ci.yml', 'src/git.ts', 'git/hooks/x', '.vscodeignore', 'vscode/settings.json', 'package.json', 'workspace.code-workspace.md']) {
    assert.ok(readable(p) && writable(p), p);
  }
});

test('refusals tell the model what to do instead', () => {
  const git = checkWritablePath('.git/hooks/pre-commit');
  assert.ok(!git.ok && /with the run tool/.test(git.reason));
  const vscode = checkWritablePath('.vscode/tasks.json');
  assert.ok(!vscode.ok && /Tell the user/.test(vscode.reason) && /without the user approving a command/.test(vscode.reason));
});
