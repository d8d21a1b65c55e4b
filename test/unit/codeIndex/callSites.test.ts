// How a line uses a name, read from its text: what explain_symbol resolves calls and callers by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callSites, fileStem, importLines, importsStem } from '../../../src/core/codeIndex/callSites';
import { isObjectEntry } from '../../../src/core/codeIndex/lookup';

test('a use is bare, on the object itself, or on a receiver (named or not)', () => {
  assert.deepEqual(callSites('  return validate(data);', 'validate'), [{ kind: 'bare' }]);
  assert.deepEqual(callSites('this.put(x); self.put(y); @put', 'put'), [{ kind: 'self' }, { kind: 'self' }, { kind: 'bare' }]);
  assert.deepEqual(callSites('xs.push(1); items?.push(2); f().push(3)', 'push'), [{ kind: 'member', receiver: 'xs' }, { kind: 'member', receiver: 'items' }, { kind: 'member', receiver: '' }]);
  assert.deepEqual(callSites('let s = Server::new(); $db->open(); CodeIndex.open()', 'new'), [{ kind: 'member', receiver: 'Server' }]);
  assert.deepEqual(callSites('$db->open(); CodeIndex.open(); reopen()', 'open'), [{ kind: 'member', receiver: '$db' }, { kind: 'member', receiver: 'CodeIndex' }]);
  assert.deepEqual(callSites('$value + 1', '$value'), [{ kind: 'bare' }]);
});

test('imports name a module by its file stem, in every common syntax', () => {
  const ts = importLines("import { a } from './config';\nimport {\n  b,\n} from '../util/strings';\nconst x = require('./legacy');\nconst y = 1;");
  assert.ok(importsStem(ts, 'config') && importsStem(ts, 'strings') && importsStem(ts, 'legacy'));
  assert.ok(!importsStem(ts, 'y') && !importsStem(ts, 'util2'), 'a line that is not an import does not count');
  assert.ok(importsStem(importLines('from pkg.helpers import run\n'), 'helpers'));
  assert.ok(importsStem(importLines('#include "list.h"\n'), 'list'));
  assert.ok(!importsStem(importLines("import x from './index';"), 'index'), 'every folder has an index');
  assert.equal(fileStem('src/core/codeIndex.test.ts'), 'codeIndex');
});

test('an object-literal entry is told from a declared function', () => {
  const def = (name: string, signature: string) => ({ name, kind: 'function' as const, signature });
  assert.ok(isObjectEntry(def('render', '{ pattern: /x/, render: (m, parent) => {')));
  assert.ok(isObjectEntry(def('list', "'list': () => this.call('notesList'),")));
  assert.ok(!isObjectEntry(def('list', 'export function list(a: string): string[] {')));
  assert.ok(!isObjectEntry(def('list', 'const list: Lister = () => [];')));
});
