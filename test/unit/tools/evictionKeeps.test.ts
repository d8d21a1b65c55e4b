import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keptOnEviction } from '../../../src/core/tools/evictionKeeps';
import type { ToolDefinition } from '../../../src/core/tools/definitions';
import { TOOLS } from '../../../src/core/tools/registry';
import { executeRun } from '../../../src/core/tools/executorRun';
import { DEFAULT_LIMITS, type ExecutorContext } from '../../../src/core/tools/executorTypes';
import type { CommandResult } from '../../../src/core/ports';

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

/** The text the run tool returns for a command that ended as `result` says (its real formatter). */
async function runResult(command: string, result: Partial<CommandResult>): Promise<string> {
  const ctx = {
    approval: { approveCommand: async () => ({ approved: true }) },
    workspace: { runCommand: async () => ({ exitCode: 0, output: '', timedOut: false, aborted: false, truncatedBytes: 0, durationMs: 1000, ...result }) },
    limits: DEFAULT_LIMITS,
  } as unknown as ExecutorContext;
  return (await executeRun({ command }, ctx)).content;
}

test('a run result keeps its command and how it ended (exit code, timeout, killed): a failed migration does not read as one that passed', async () => {
  const log = Array.from({ length: 40 }, (_, i) => `migrating table ${i}`).join('\n');
  const failed = await runResult('npm run migrate', { exitCode: 1, output: `${log}\nError: relation exists` });
  const passed = await runResult('npm run migrate', { exitCode: 0, output: log });
  assert.equal(keptOnEviction('run', failed), '$ npm run migrate\nexit code 1');
  assert.equal(keptOnEviction('run', passed), '$ npm run migrate\nexit code 0');
  const timedOut = await runResult('npm test', { exitCode: null, timedOut: true, durationMs: 120_000, output: log });
  assert.equal(keptOnEviction('run', timedOut), '$ npm test\ntimed out after 120 s and was stopped');
  const killed = await runResult('npm start', { exitCode: null, output: log });
  assert.equal(keptOnEviction('run', killed), '$ npm start\nexit code null');
  const quiet = await runResult('true', { exitCode: 0, output: '' });
  assert.equal(keptOnEviction('run', quiet), '$ true\nexit code 0');
  assert.equal(keptOnEviction('run', 'Command not run: the user declined it. Do not retry it; continue without it.'), 'Command not run: the user declined it. Do not retry it; continue without it.');
});
