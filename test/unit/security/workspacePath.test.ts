import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeWorkspacePath } from '../../../src/core/security/workspacePath';

const ok = (input: string, root?: string) => {
  const r = normalizeWorkspacePath(input, root);
  assert.ok(r.ok, `expected ${JSON.stringify(input)} to be accepted: ${!r.ok ? r.reason : ''}`);
  return r.path;
};
const refused = (input: string, root?: string) => {
  const r = normalizeWorkspacePath(input, root);
  assert.equal(r.ok, false, `expected ${JSON.stringify(input)} to be refused`);
  return r.ok ? '' : r.reason;
};

test('relative paths are folded to clean POSIX form', () => {
  assert.equal(ok('./src/a.ts'), 'src/a.ts');
  assert.equal(ok('src//lib/./b.ts'), 'src/lib/b.ts');
  assert.equal(ok('src\\win\\c.ts'), 'src/win/c.ts');
  assert.equal(ok('src/x/../y.ts'), 'src/y.ts');
  assert.equal(ok('src/'), 'src');
  assert.equal(ok('.'), '');
  assert.equal(ok('  "src/q.ts" '), 'src/q.ts');
  assert.equal(ok('`README.md`'), 'README.md');
});

test('.. above the root is refused, also when hidden in the middle', () => {
  assert.match(refused('../etc/passwd'), /leaves the workspace/);
  assert.match(refused('src/../../x'), /leaves the workspace/);
  assert.match(refused('..\\..\\x'), /leaves the workspace/);
  assert.equal(ok('a/b/../../c'), 'c');
});

test('absolute paths are accepted only inside the root, and made relative', () => {
  assert.equal(ok('/work/proj/src/a.ts', '/work/proj'), 'src/a.ts');
  assert.equal(ok('/work/proj', '/work/proj/'), '');
  assert.match(refused('/work/project2/a.ts', '/work/proj'), /outside the workspace/);
  assert.match(refused('/etc/passwd', '/work/proj'), /outside the workspace/);
  assert.match(refused('/work/proj/../other/a', '/work/proj'), /leaves the workspace/);
  assert.match(refused('/src/a.ts'), /outside the workspace/);
  assert.equal(ok('file:///work/proj/a%20b.ts', '/work/proj'), 'a b.ts');
});

test('drive letters, UNC, home and NUL are refused', () => {
  assert.match(refused('C:\\Windows\\system32'), /outside/);
  assert.match(refused('C:relative'), /outside/);
  assert.match(refused('\\\\server\\share\\x'), /network/);
  assert.match(refused('~/.ssh/id_rsa'), /outside/);
  assert.match(refused('src/a.ts\0.png'), /NUL/);
  assert.match(refused('C:/Users/x', '/work/proj'), /outside/);
});

test('a Windows root matches case-insensitively', () => {
  assert.equal(ok('c:\\Work\\Proj\\src\\a.ts', 'C:\\work\\proj'), 'src/a.ts');
  assert.match(refused('D:\\work\\proj\\a.ts', 'C:\\work\\proj'), /outside/);
});
