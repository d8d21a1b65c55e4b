// Which file "Apply to file" targets: the file its SEARCH/REPLACE blocks name, else the path the reply
// names, else the active editor, else ask; blocks naming other files are refused, never redirected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseCodeBlockTarget as chooseTarget, codeBlockPath as namedPath } from '../../../src/core/edit/codeBlockTarget';

test('a path in the fence info names the target', () => {
  assert.equal(namedPath({ info: 'ts src/app.ts' }), 'src/app.ts');
  assert.equal(namedPath({ info: 'python title="tools/run.py"' }), 'tools/run.py');
  assert.equal(namedPath({ info: 'src/app.ts' }), 'src/app.ts');
});

test('a lang:path or start:end:path info names the path after the colons (Continue, Cursor)', () => {
  assert.equal(namedPath({ info: 'typescript:src/app.ts' }), 'src/app.ts');
  assert.equal(namedPath({ info: 'ts:src/app.ts' }), 'src/app.ts');
  assert.equal(namedPath({ info: 'c++:lib/x.cpp' }), 'lib/x.cpp');
  assert.equal(namedPath({ info: '12:15:src/app.ts' }), 'src/app.ts');
  assert.equal(namedPath({ info: 'ts C:/work/app.ts' }), 'C:/work/app.ts', 'a drive is not a language');
});

test('a path alone on the line before the fence names the target', () => {
  assert.equal(namedPath({ info: 'js', before: '**src/math.js**' }), 'src/math.js');
  assert.equal(namedPath({ info: 'js', before: '`src/math.js`:' }), 'src/math.js');
  assert.equal(namedPath({ info: 'js', before: '### File: lib/a.rb' }), 'lib/a.rb');
});

test('a language, prose, or a sentence that mentions a path is not a target', () => {
  assert.equal(namedPath({ info: 'typescript' }), undefined);
  assert.equal(namedPath({ info: 'js', before: 'Here is the fix for src/math.js:' }), undefined);
  assert.equal(namedPath({ info: '' }), undefined);
});

test('the named path wins over the active editor; without one the active editor, else ask', async () => {
  assert.deepEqual(await chooseTarget({ info: 'ts src/a.ts' }, { activeFile: 'src/b.ts' }), { path: 'src/a.ts', from: 'block' });
  assert.deepEqual(await chooseTarget({ info: 'ts:src/a.ts' }, { activeFile: 'src/b.ts' }), { path: 'src/a.ts', from: 'block' });
  assert.deepEqual(await chooseTarget({ info: 'ts' }, { activeFile: 'src/b.ts' }), { path: 'src/b.ts', from: 'editor' });
  assert.deepEqual(await chooseTarget({ info: 'ts' }), { ask: true });
});

test('a language written with a dot (vue.js, ASP.NET) names a file only when that file exists', async () => {
  const none = async () => false;
  assert.deepEqual(await chooseTarget({ info: 'vue.js' }, { activeFile: 'src/App.vue', exists: none }), { path: 'src/App.vue', from: 'editor' });
  assert.deepEqual(await chooseTarget({ info: 'ASP.NET' }, { exists: none }), { ask: true });
  assert.deepEqual(await chooseTarget({ info: 'js', before: '**Node.js**' }, { activeFile: 'src/a.js', exists: none }), { path: 'src/a.js', from: 'editor' });
  assert.deepEqual(await chooseTarget({ info: 'vue.js' }, { activeFile: 'src/App.vue' }), { path: 'src/App.vue', from: 'editor' }, 'not known to exist');
  const asked: string[] = [];
  const exists = async (path: string) => (asked.push(path), path === 'vue.js');
  assert.deepEqual(await chooseTarget({ info: 'vue.js' }, { activeFile: 'src/App.vue', exists }), { path: 'vue.js', from: 'block' });
  assert.deepEqual(asked, ['vue.js']);
  // an ordinary file name is a path without asking, and a real path beside a dotted name wins
  assert.deepEqual(await chooseTarget({ info: 'app.js' }, { exists: none }), { path: 'app.js', from: 'block' });
  assert.deepEqual(await chooseTarget({ info: 'vue.js src/App.vue' }, { exists: none }), { path: 'src/App.vue', from: 'block' });
  // after a language it stands where a file name does: maybe a file to create, never the editor's file
  assert.deepEqual(await chooseTarget({ info: 'js chart.js' }, { activeFile: 'src/other.ts', exists: none }), { ask: true });
});

const block = (path: string, search: string, replace: string) => `${path}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;

test('SEARCH/REPLACE blocks that name their file (aider diff-fenced) go to that file, not the active editor', async () => {
  const code = block('src/b.py', 'import os', 'import os\nimport sys');
  assert.deepEqual(await chooseTarget({ info: 'python', before: 'Add the import to b.py:', code }, { activeFile: 'src/a.py' }), { path: 'src/b.py', from: 'block' });
  const two = block('src/b.py', 'import os', 'import sys') + block('src/b.py', 'x = 1', 'x = 2');
  assert.deepEqual(await chooseTarget({ info: 'python', code: two }), { path: 'src/b.py', from: 'block' });
  assert.deepEqual(await chooseTarget({ info: 'python src/b.py', code: block('./src/b.py', 'a', 'b') }), { path: './src/b.py', from: 'block' }, 'the same file written two ways');
  // blocks naming no file keep the usual choice
  const bare = '<<<<<<< SEARCH\nimport os\n=======\nimport sys\n>>>>>>> REPLACE\n';
  assert.deepEqual(await chooseTarget({ info: 'python', code: bare }, { activeFile: 'src/a.py' }), { path: 'src/a.py', from: 'editor' });
});

test('blocks naming several files, or another file than the reply names, are refused', async () => {
  const several = await chooseTarget({ info: 'python', code: block('src/a.py', 'x', 'y') + block('src/b.py', 'x', 'y') }, { activeFile: 'src/a.py' });
  assert.ok('refuse' in several, JSON.stringify(several));
  assert.match(several.refuse, /2 files \(src\/a\.py, src\/b\.py\)/);
  const other = await chooseTarget({ info: 'python src/a.py', code: block('src/b.py', 'x', 'y') }, { activeFile: 'src/a.py' });
  assert.ok('refuse' in other, JSON.stringify(other));
  assert.match(other.refuse, /names src\/a\.py .* edit src\/b\.py/);
});
