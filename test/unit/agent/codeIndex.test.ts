// The agent with the code index: the task's repo map in the stable part of every request, the index's
// tools offered and answered, what the agent writes re-indexed at once, project memory in the index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, hermes, runSession } from './helpers';

const FILES = {
  'src/config.ts': 'export function parseConfig(text: string) {\n  return { port: Number(text) };\n}\n',
  'src/server.ts': "import { parseConfig } from './config';\nexport class Server {\n  start(raw: string) {\n    return parseConfig(raw).port;\n  }\n}\n",
  'src/cli.ts': "import { Server } from './server';\nexport function main(argv: string[]) {\n  return new Server().start(argv[0]!);\n}\n",
};

test('repo map right after the system prompt, the same in every request of the task; find_symbol and explain_symbol answered', async () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  const s = await runSession('Make parseConfig() reject an empty string.', [
    { text: hermes('find_symbol', { name: 'parseConfig' }) },
    { text: hermes('explain_symbol', { name: 'parseConfig' }) },
    { text: hermes('patch', { path: 'src/config.ts', search: '  return { port: Number(text) };', replace: "  if (text === '') throw new Error('empty');\n  return { port: Number(text) };" }) },
    { text: hermes('find_symbol', { name: 'parseConfig' }) },
    { text: 'parseConfig now rejects an empty string.' },
  ], { files: FILES, codeIndex: { storageDir }, toolMode: 'text' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const systems = s.server.chatRequests.map((r) => String((r.body.messages as { content: string }[])[0]!.content));
    const map = systems[0]!.slice(systems[0]!.indexOf('## Repository map'));
    assert.match(map, /^## Repository map\nsrc\/config\.ts\n {2}1: export function parseConfig\(text: string\) \{/);
    for (const system of systems) assert.ok(system.includes(map.split('\n## ')[0]!), 'the map is the same in every request of the task');
    assert.match(systems[0]!, /use find_symbol or explain_symbol/);
    assert.match(systems[0]!, /^find_symbol\(name: string\)/m, 'the text protocol lists the index tools');
    assert.match(s.sent(1), /src\/config\.ts:1 export function parseConfig\(text: string\) \{/);
    assert.match(s.sent(2), /function parseConfig — src\/config\.ts:1-3\\n1: export function parseConfig[^"]*Callers \(1\):\\nsrc\/server\.ts:4 start/);
    assert.match(s.sent(4), /src\/config\.ts:1 export function parseConfig/, 'the edited file was re-indexed');
  } finally {
    cleanup(s.root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});

test('without a code index its tools are not offered and the prompt does not mention them', async () => {
  const s = await runSession('Say hi.', [{ text: 'Hi.' }], { files: FILES, toolMode: 'native' });
  try {
    const body = s.server.chatRequests[0]!.body as { tools: { function: { name: string } }[]; messages: { content: string }[] };
    assert.deepEqual(body.tools.map((t) => t.function.name).filter((n) => n.includes('symbol')), []);
    assert.doesNotMatch(body.messages[0]!.content, /find_symbol|Repository map/);
  } finally {
    cleanup(s.root);
  }
});

test('memory_remember goes to the index database and is loaded in the next session', async () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  const first = await runSession('Remember the test command.', [
    { text: hermes('memory_remember', { key: 'test command', value: 'npm test -- --run' }) },
    { text: 'Saved.' },
  ], { files: FILES, codeIndex: { storageDir }, toolMode: 'text' });
  try {
    assert.equal(first.result.success, true);
    const second = await runSession('How do I run the tests?', [{ text: hermes('memory_load', { key: 'tests' }) }, { text: 'npm test -- --run' }], { root: first.root, codeIndex: { storageDir }, toolMode: 'text' });
    // Memory reaches the model as a note at the tail (the system prompt stays byte-identical).
    assert.match(second.sent(0), /Notes in working memory \(saved with memory_remember\):\\n- test command: npm test -- --run/);
    assert.match(second.sent(1), /the best matches:\\n- test command: npm test -- --run/);
  } finally {
    cleanup(first.root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});
