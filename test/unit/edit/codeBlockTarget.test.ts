// Which file "Apply to file" targets: the path the reply names, else the active editor, else ask.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseCodeBlockTarget as chooseTarget, codeBlockPath as namedPath } from '../../../src/core/edit/codeBlockTarget';

test('a path in the fence info names the target', () => {
  assert.equal(namedPath({ info: 'ts src/app.ts' }), 'src/app.ts');
  assert.equal(namedPath({ info: 'python title="tools/run.py"' }), 'tools/run.py');
  assert.equal(namedPath({ info: 'src/app.ts' }), 'src/app.ts');
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

test('the named path wins over the active editor; without one the active editor, else ask', () => {
  assert.deepEqual(chooseTarget({ info: 'ts src/a.ts' }, 'src/b.ts'), { path: 'src/a.ts', from: 'block' });
  assert.deepEqual(chooseTarget({ info: 'ts' }, 'src/b.ts'), { path: 'src/b.ts', from: 'editor' });
  assert.deepEqual(chooseTarget({ info: 'ts' }), { ask: true });
});
