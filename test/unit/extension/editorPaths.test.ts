// The names under which VS Code may have a workspace file open, against the real path containment
// resolved it to: the user's open document must be found (its unsaved text read, edits applied in it),
// never a second document opened beside it. Each platform's rules are checked on any machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorPaths, samePath } from '../../../src/extension/editorPaths';

/** The open document's fsPath, as VS Code names it, among the candidates? */
const finds = (documentPath: string, candidates: string[], platform: NodeJS.Platform) => candidates.some((c) => samePath(documentPath, c, platform));

test('Windows: VS Code\'s lower-case drive letter matches the real path with its upper-case one', () => {
  // fsPath of the folder and of its documents: `c:\\…`; fs.realpath: `C:\\…`.
  const paths = editorPaths({ root: 'c:\\proj', rootReal: 'C:\\proj', rel: 'src/a.ts', abs: 'C:\\proj\\src\\a.ts' }, 'win32');
  assert.deepEqual(paths, ['c:\\proj\\src\\a.ts'], 'one file, one spelling (up to case)');
  assert.ok(finds('c:\\proj\\src\\a.ts', paths, 'win32'));
  assert.ok(finds('c:\\Proj\\SRC\\A.ts', paths, 'win32'), 'a document opened with other case is the same file');
  assert.ok(!finds('c:\\proj\\src\\b.ts', paths, 'win32'));
});

test('Windows: a mapped drive whose real path is its UNC share is found under the drive the folder was opened by', () => {
  const paths = editorPaths({ root: 'z:\\proj', rootReal: '\\\\server\\share\\proj', rel: 'a.ts', abs: '\\\\server\\share\\proj\\a.ts' }, 'win32');
  assert.equal(paths[0], 'z:\\proj\\a.ts');
  assert.ok(finds('z:\\proj\\a.ts', paths, 'win32'));
  assert.ok(finds('\\\\server\\share\\proj\\a.ts', paths, 'win32'), 'opened by its share too');
});

test('a workspace opened through a symlink: the document under the link is the file containment resolved to the target', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    const paths = editorPaths({ root: '/home/u/code', rootReal: '/Volumes/data/code', rel: 'src/a.ts', abs: '/Volumes/data/code/src/a.ts' }, platform);
    assert.equal(paths[0], '/home/u/code/src/a.ts', `${platform}: the folder's own name comes first (what a review opens)`);
    assert.ok(finds('/home/u/code/src/a.ts', paths, platform), `${platform}: the editor's document through the link`);
    assert.ok(finds('/Volumes/data/code/src/a.ts', paths, platform), `${platform}: a document opened by the real path`);
    assert.ok(!finds('/home/u/code/src/b.ts', paths, platform));
    assert.ok(!finds('/home/u/code-old/src/a.ts', paths, platform));
  }
  // macOS's /tmp → /private/tmp
  const tmp = editorPaths({ root: '/tmp/ws', rootReal: '/private/tmp/ws', rel: 'a.ts', abs: '/private/tmp/ws/a.ts' }, 'darwin');
  assert.ok(finds('/tmp/ws/a.ts', tmp, 'darwin'));
});

test('a symlink inside the workspace: found by the name written and by its target, the target first', () => {
  const paths = editorPaths({ root: '/w', rootReal: '/w', rel: 'link.ts', abs: '/w/src/real.ts' }, 'linux');
  assert.deepEqual(paths, ['/w/src/real.ts', '/w/link.ts']);
});

test('case is ignored on Windows and macOS only, as VS Code compares their paths', () => {
  assert.ok(samePath('/Users/u/Code/A.ts', '/Users/u/code/a.ts', 'darwin'));
  assert.ok(samePath('C:\\Proj\\A.ts', 'c:\\proj\\a.ts', 'win32'));
  assert.ok(!samePath('/home/u/Code/A.ts', '/home/u/code/a.ts', 'linux'), 'Linux file systems tell A.ts from a.ts');
  const linux = editorPaths({ root: '/home/u/code', rootReal: '/home/u/code', rel: 'A.ts', abs: '/home/u/code/A.ts' }, 'linux');
  assert.ok(!finds('/home/u/code/a.ts', linux, 'linux'));
});

test('separators and dot segments do not make two names for one path', () => {
  assert.ok(samePath('c:\\proj\\src\\a.ts', 'c:/proj/src/./a.ts', 'win32'));
  assert.ok(samePath('/w/src/../a.ts', '/w/a.ts', 'linux'));
});
