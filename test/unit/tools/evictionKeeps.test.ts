import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keptOnEviction } from '../../../src/core/tools/evictionKeeps';
import type { ToolDefinition } from '../../../src/core/tools/definitions';
import { TOOLS } from '../../../src/core/tools/registry';

test('a call that changed things keeps its first line and the checks\' verdict; one that only looked keeps nothing', () => {
  assert.equal(keptOnEviction('run', 'Migrated 3 tables.\nmore\nlines'), 'Migrated 3 tables.');
  assert.equal(keptOnEviction('patch', 'Edited src/a.ts.\n@@ diff\n\nCheck found 2 errors:\nsrc/a.ts:1 error\nFix these errors next.'), 'Edited src/a.ts.\nCheck found 2 errors:');
  assert.equal(keptOnEviction('write_file', 'Check found no new errors. Old ones elsewhere.'), 'Check found no new errors. Old ones elsewhere.', 'a verdict on the first line is kept once');
  assert.equal(keptOnEviction('read_file', 'src/a.ts lines 1-200\n…'), undefined);
  assert.equal(keptOnEviction('search', 'hits'), undefined);
  assert.equal(keptOnEviction('no_such_tool', 'x'), undefined);
  assert.equal(keptOnEviction(undefined, 'x'), undefined);
});

test('an MCP tool may change things (its effects are its server\'s); a very long first line is cut', () => {
  const mcp: ToolDefinition = { ...TOOLS[0]!, name: 'db__migrate', category: 'mcp:db', mcp: { server: 'db', tool: 'migrate' } };
  assert.equal(keptOnEviction('db__migrate', 'ok\nrest', [...TOOLS, mcp]), 'ok');
  const kept = keptOnEviction('run', `${'x'.repeat(2000)}\nrest`)!;
  assert.ok(kept.length < 300 && kept.startsWith('xxx'), String(kept.length));
});
