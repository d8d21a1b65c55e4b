// On Windows a program named without a folder would be taken from the folder it starts in (the
// workspace) before PATH: SmallCode finds its programs over PATH only. The rules run here with an
// injected Windows host; the planted-program tests on a real Windows are in gitFolders/workspaceCopy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCwdSearchEnv, programPath, SPAWN_EXTENSIONS, taskkillPath, type ExeSearchHost } from '../../../src/node/exeSearch';

function windows(files: string[], env: Record<string, string>): ExeSearchHost {
  const present = new Set(files.map((f) => f.toLowerCase()));
  return { platform: 'win32', env, isFile: (p) => present.has(p.toLowerCase()) };
}

const PATH = 'C:\\Program Files\\nodejs;"C:\\Program Files\\Git\\cmd";C:\\Windows\\System32';

test('Windows: a bare name is found on PATH, never in the current folder nor through a relative PATH entry', () => {
  const host = windows(
    ['C:\\Program Files\\nodejs\\npx.cmd', 'C:\\Program Files\\Git\\cmd\\git.exe', 'C:\\Program Files\\Git\\cmd\\git.cmd', 'C:\\repo\\git.exe', 'C:\\repo\\npx.cmd', 'git.exe', 'npx.cmd', '.\\uvx.exe', 'uvx.exe'],
    { Path: `.;;bin;\\tools;${PATH}`, PATHEXT: '.COM;.EXE;.BAT;.CMD' },
  );
  // Windows file names are compared without case (the extension comes from PATHEXT, in capitals)
  const found = (...args: Parameters<typeof programPath>) => programPath(...args)?.toLowerCase();
  assert.equal(found('npx', host), 'c:\\program files\\nodejs\\npx.cmd');
  assert.equal(found('git', host), 'c:\\program files\\git\\cmd\\git.exe', 'PATHEXT order: .EXE before .CMD');
  assert.equal(found('git', host, SPAWN_EXTENSIONS), 'c:\\program files\\git\\cmd\\git.exe');
  assert.equal(found('uvx', host), undefined, 'only in the current folder: not found');
  assert.equal(found('npx.cmd', host), 'c:\\program files\\nodejs\\npx.cmd', 'a name with its extension as written');
});

test('Windows: a name with a folder, and every name elsewhere, is left as given', () => {
  const host = windows([], { PATH });
  for (const command of ['.\\server.exe', 'tools/server.cmd', 'C:\\servers\\github.exe', '\\\\host\\share\\s.exe']) assert.equal(programPath(command, host), command);
  assert.equal(programPath('npx', { ...host, platform: 'linux' }), 'npx');
  assert.equal(programPath('npx', { ...host, platform: 'darwin' }), 'npx');
});

test('children on Windows get NoDefaultCurrentDirectoryInExePath, nothing elsewhere; taskkill is named by its full path', () => {
  assert.deepEqual(noCwdSearchEnv('win32'), { NoDefaultCurrentDirectoryInExePath: '1' });
  assert.deepEqual(noCwdSearchEnv('linux'), {});
  assert.equal(taskkillPath({ SYSTEMROOT: 'D:\\WINNT' }), 'D:\\WINNT\\System32\\taskkill.exe');
  assert.equal(taskkillPath({}), 'C:\\Windows\\System32\\taskkill.exe');
});
