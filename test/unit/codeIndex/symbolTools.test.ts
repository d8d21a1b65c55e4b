// find_symbol as the model sees it: a cut list says how many more definitions there are, and real
// definitions come before object-literal entries of the same name.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { executeFindSymbol } from '../../../src/core/tools/executorSymbols';
import { DEFAULT_LIMITS, type ExecutorContext } from '../../../src/core/tools/executorTypes';

const base = mkdtempSync(join(tmpdir(), 'smallcode-symbol-tools-'));
after(() => rmSync(base, { recursive: true, force: true }));

test('find_symbol says how many definitions it did not show, and lists methods before object-literal entries', async () => {
  const root = join(base, 'ws');
  mkdirSync(join(root, 'src'), { recursive: true });
  // Object-literal entries first in path order: the old ranking listed them first.
  writeFileSync(join(root, 'src/a_rules.ts'), `export const RULES = [\n${Array.from({ length: 6 }, (_, i) => `  { id: ${i}, close: (x: number) => x + ${i} },`).join('\n')}\n];\n`);
  for (let i = 0; i < 8; i++) writeFileSync(join(root, `src/conn${i}.ts`), `export class Conn${i} {\n  close() { return ${i}; }\n}\n`);
  const index = await CodeIndex.open({ root, storageDir: join(base, 'storage') });
  try {
    const ctx = { codeIntel: index, limits: DEFAULT_LIMITS } as unknown as ExecutorContext;
    const result = await executeFindSymbol({ name: 'close' }, ctx);
    const lines = result.content.split('\n');
    assert.equal(lines.length, 11, result.content);
    assert.deepEqual(lines.slice(0, 8).map((l) => l.replace(/:.*/, '')), Array.from({ length: 8 }, (_, i) => `src/conn${i}.ts`), 'the methods first');
    assert.equal(lines[10], '(4 more definitions named close not shown: name the class, e.g. Class.close.)');
    assert.equal((await executeFindSymbol({ name: 'Conn3.close' }, ctx)).content, 'src/conn3.ts:2 close() { return 3; }  (in Conn3)');
  } finally {
    await index.close();
  }
});
