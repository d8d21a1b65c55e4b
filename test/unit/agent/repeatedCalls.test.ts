// A small model often writes the same call twice in one reply, or sends the same patch again in
// its next reply. An insertion patch (REPLACE = anchor + new line) applied twice duplicates code:
// both ways must leave one copy, and the model must be told nothing more was done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { cleanup, hermes, read, runSession } from './helpers';

const SRC = 'import a from "a";\n\nexport const x = a();\n';
const ONCE = 'import a from "a";\nimport b from "b";\n\nexport const x = a();\n';
const insert = { path: 'src/m.ts', search: 'import a from "a";', replace: 'import a from "a";\nimport b from "b";' };

test('the same insertion patch twice in one reply runs once: one import added, the second call told it was not run', async () => {
  const s = await runSession('Import b in src/m.ts', [{ text: `${hermes('patch', insert)}\n${hermes('patch', insert)}` }, { text: 'Done.' }], { files: { 'src/m.ts': SRC } });
  try {
    assert.equal(read(s.root, 'src/m.ts'), ONCE);
    assert.equal(s.result.success, true);
    const [first, second] = s.result.toolCalls;
    assert.match(first!.summary, /^Edited src\/m\.ts\./);
    assert.match(second!.summary, /^Not run: the same call as one before it in this reply/);
    assert.match(s.sent(1), /Not run: the same call as one before it in this reply/);
  } finally {
    cleanup(s.root);
  }
});

test('the same insertion patch again in the next reply changes nothing and tells the model it is already applied', async () => {
  const s = await runSession('Import b in src/m.ts', [{ text: hermes('patch', insert) }, { text: hermes('patch', insert) }, { text: 'Done.' }], { files: { 'src/m.ts': SRC } });
  try {
    assert.equal(read(s.root, 'src/m.ts'), ONCE);
    const second = s.result.toolCalls[1]!;
    assert.equal(second.ok, true);
    assert.match(second.summary, /src\/m\.ts already has this change .*nothing changed\. Do not send this patch again/);
    assert.match(s.sent(2), /already has this change/);
  } finally {
    cleanup(s.root);
  }
});

test('a repeated read runs once, but the same read after an edit in the same reply runs again (it sees the edit)', async () => {
  const readIt = hermes('read_file', { path: 'src/m.ts' });
  const s = await runSession('Import b in src/m.ts', [{ text: `${readIt}\n${readIt}\n${hermes('patch', insert)}\n${readIt}` }, { text: 'Done.' }], { files: { 'src/m.ts': SRC } });
  try {
    assert.equal(read(s.root, 'src/m.ts'), ONCE);
    const summaries = s.result.toolCalls.map((c) => c.summary);
    assert.equal(summaries.length, 4);
    assert.doesNotMatch(summaries[0]!, /Not run/);
    assert.match(summaries[1]!, /^Not run: the same call/);
    assert.match(summaries[2]!, /^Edited src\/m\.ts/);
    assert.match(summaries[3]!, /import b from "b"/);
  } finally {
    cleanup(s.root);
  }
});

test('a replacing patch written twice with its path spelled two ways runs once: no failure reported for an edit that was made', async () => {
  const fix = { search: 'export const x = a();', replace: 'export const x = a() + 1;' };
  const s = await runSession('Add one in src/m.ts', [{ text: `${hermes('patch', { path: 'src/m.ts', ...fix })}\n${hermes('patch', { path: './src/m.ts', start_line: 3, ...fix })}` }, { text: 'Done.' }], { files: { 'src/m.ts': SRC } });
  try {
    assert.equal(read(s.root, 'src/m.ts'), SRC.replace('a();', 'a() + 1;'));
    assert.deepEqual(s.result.toolCalls.map((c) => c.ok), [true, true]);
    assert.match(s.result.toolCalls[1]!.summary, /^Not run: the same call/);
  } finally {
    cleanup(s.root);
  }
});

test('a command or an MCP tool written twice runs twice: its effect may be meant twice (a key pressed twice)', async () => {
  let presses = 0;
  const pressKey = {
    definition: { name: 'press_key', description: 'Press a key in the browser', category: 'mcp:browser' as const, schema: z.object({ key: z.string() }), mcp: { server: 'browser', tool: 'press_key' } },
    async execute() { presses++; return { ok: true, content: `pressed (${presses})` }; },
  };
  const press = hermes('mcp_call', { tool: 'press_key', arguments: { key: 'ArrowDown' } });
  const run = hermes('run', { command: 'echo tick' });
  const s = await runSession('Move two rows down, then tick twice', [{ text: `${press}\n${press}\n${run}\n${run}` }, { text: 'Done.' }], {
    onAgent: (agent) => { (agent as unknown as { mcp: unknown }).mcp = { name: 'browser', async tools() { return [pressKey]; } }; },
  });
  try {
    assert.equal(presses, 2);
    assert.deepEqual(s.result.toolCalls.map((c) => c.summary.startsWith('Not run')), [false, false, false, false]);
  } finally {
    cleanup(s.root);
  }
});
