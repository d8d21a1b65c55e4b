// The agent with the code index: the task's repo map leading the conversation in every request, the index's
// tools offered and answered, what the agent writes re-indexed at once, project memory in the index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, hermes, runSession } from './helpers';
import { REPO_MAP_HEADING } from '../../../src/core/agent/systemPrompt';
import { SUMMARY_HEADING } from '../../../src/core/budget';

const FILES = {
  'src/config.ts': 'export function parseConfig(text: string) {\n  return { port: Number(text) };\n}\n',
  'src/server.ts': "import { parseConfig } from './config';\nexport class Server {\n  start(raw: string) {\n    return parseConfig(raw).port;\n  }\n}\n",
  'src/cli.ts': "import { Server } from './server';\nexport function main(argv: string[]) {\n  return new Server().start(argv[0]!);\n}\n",
};

test('repo map leading the first user message, the same in every request of the task; find_symbol and explain_symbol answered', async () => {
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
    const leads = s.server.chatRequests.map((r) => String((r.body.messages as { content: string }[])[1]!.content));
    assert.match(leads[0]!, /^## Repository map \(lines may have moved since it was made: find_symbol gives current ones\)\nsrc\/config\.ts\n {2}1: export function parseConfig\(text: string\) \{/, 'kept for the conversation, the map says its lines may be old');
    assert.ok(leads[0]!.endsWith('\n\nMake parseConfig() reject an empty string.'), 'the task follows the map');
    for (const lead of leads) assert.equal(lead, leads[0], 'the map is the same in every request of the task');
    for (const system of systems) assert.equal(system, systems[0]);
    assert.doesNotMatch(systems[0]!, /Repository map/, 'the map is not in the system prompt');
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

test('the next task keeps the conversation\'s repo map (the server reuses the whole prompt), also through a compaction that only evicts results', async () => {
  const { SmallCode } = await import('../../../src/node/smallCode');
  const { startReplayServer } = await import('../../support/replayServer');
  const { tempWorkspace } = await import('./helpers');
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  // A long file whose reading fills the history past the low-water mark of a 6k window.
  const big = Array.from({ length: 400 }, (_, i) => `export const setting${i} = ${i}; // tuned by hand for the load test`).join('\n');
  const root = tempWorkspace({ ...FILES, 'src/settings.ts': `${big}\n`, 'src/defaults.ts': `${big.replaceAll('setting', 'fallback')}\n` });
  const server = await startReplayServer({ promptCache: true, script: [
    { text: 'parseConfig is in src/config.ts.' },
    { text: hermes('read_file', { path: 'src/settings.ts' }) },
    { text: hermes('read_file', { path: 'src/defaults.ts' }) },
    { text: 'Each holds 400 settings.' },
    { text: 'main is in src/cli.ts.' },
  ] });
  const agent = new SmallCode({ baseUrl: server.baseUrl, workspace: root, contextWindow: 6144, model: 'smollm3-3b', retries: 2, backoffMs: 5, toolMode: 'text', codeIndex: { storageDir } });
  try {
    for (const task of ['Where is parseConfig?', 'How many settings are in src/settings.ts and src/defaults.ts?', 'Where is main() defined?']) {
      const result = await agent.run(task);
      assert.equal(result.success, true, result.error);
    }
    // the system prompt and the first user message, which the map leads
    const heads = server.chatRequests.map((r) => (r.body.messages as { content: string }[]).slice(0, 2).map((m) => m.content));
    assert.equal(heads.length, 5);
    assert.ok(heads[0]![1]!.startsWith(`${REPO_MAP_HEADING}src/config.ts`), 'built for the first task');
    assert.deepEqual(heads[1], heads[0], 'the second task keeps the system prompt and the map byte for byte');
    assert.deepEqual(heads[2], heads[0]);
    assert.deepEqual(heads[3], heads[0]);
    // Everything the first task sent is reused; only its reply and the new task are processed.
    const [first, second] = server.chatRequests;
    assert.ok(second!.cachedTokens! >= first!.promptTokens! - 4, `reused ${second!.cachedTokens} of the first prompt's ${first!.promptTokens} tokens`);
    // The third task starts past the low-water mark: the compaction evicts the second task's reads, and what
    // comes before the first of them — the system prompt, the map, the first task — is reused as it was.
    assert.deepEqual(heads[4], heads[0], 'the map stays: a new one would make the server process the whole prompt again');
    const [third, , , , fifth] = server.chatRequests;
    assert.ok(fifth!.cachedTokens! > third!.promptTokens!, `reused ${fifth!.cachedTokens} tokens, the first prompt was ${third!.promptTokens}`);
  } finally {
    await agent.close();
    await server.close();
    cleanup(root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});

test('a compaction that drops earlier turns (a summary leads the conversation then) brings the new task\'s own map', async () => {
  const { SmallCode } = await import('../../../src/node/smallCode');
  const { startReplayServer } = await import('../../support/replayServer');
  const { tempWorkspace } = await import('./helpers');
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  const root = tempWorkspace(FILES);
  const essay = (topic: string) => Array.from({ length: 130 }, (_, i) => `Point ${i} about ${topic}: the parser reads the file and keeps its settings in order.`).join(' ');
  const server = await startReplayServer({ promptCache: true, script: [
    { text: essay('parseConfig') },
    { text: essay('the settings') },
    { text: 'Summary: parseConfig and the settings were explained.' },
    { text: 'main is in src/cli.ts.' },
  ] });
  const agent = new SmallCode({ baseUrl: server.baseUrl, workspace: root, contextWindow: 6144, model: 'smollm3-3b', retries: 2, backoffMs: 5, toolMode: 'text', codeIndex: { storageDir } });
  try {
    for (const task of ['Explain parseConfig at length.', 'Explain the settings at length.', 'Where is main() defined?']) {
      const result = await agent.run(task);
      assert.equal(result.success, true, result.error);
    }
    const systems = server.chatRequests.map((r) => String((r.body.messages as { content: string }[])[0]!.content));
    const leads = server.chatRequests.map((r) => String((r.body.messages as { content: string }[])[1]!.content));
    assert.equal(systems.length, 4, 'three tasks and one summary');
    assert.deepEqual([systems[1], systems[3]], [systems[0], systems[0]], 'a new map leaves the system prompt as it is');
    assert.ok(leads[0]!.startsWith(`${REPO_MAP_HEADING}src/config.ts`), leads[0]!.slice(0, 200));
    assert.ok(leads[3]!.startsWith(`${REPO_MAP_HEADING}src/cli.ts`), leads[3]!.slice(0, 200));
    assert.match(leads[3]!, new RegExp(`\\n\\n${SUMMARY_HEADING.replace(/[()]/g, '\\$&')}`), 'the summary follows the map');
  } finally {
    await agent.close();
    await server.close();
    cleanup(root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});

test('an agent rebuilt (a setting changed) or a conversation resumed after a reload sends the same prompt: the map comes with the conversation', async () => {
  const { SmallCode } = await import('../../../src/node/smallCode');
  const { startReplayServer } = await import('../../support/replayServer');
  const { tempWorkspace } = await import('./helpers');
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  const big = Array.from({ length: 120 }, (_, i) => `export const setting${i} = ${i};`).join('\n');
  const root = tempWorkspace({ ...FILES, 'src/settings.ts': `${big}\n` });
  const server = await startReplayServer({ promptCache: true, script: [
    { text: hermes('read_file', { path: 'src/settings.ts' }) },
    { text: 'parseConfig is in src/config.ts.' },
    { text: 'main is in src/cli.ts.' },
    { text: 'Server is in src/server.ts.' },
  ] });
  const make = () => new SmallCode({ baseUrl: server.baseUrl, workspace: root, contextWindow: 8192, model: 'smollm3-3b', retries: 2, backoffMs: 5, toolMode: 'text', codeIndex: { storageDir } });
  let agent = make();
  try {
    assert.equal((await agent.run('Where is parseConfig defined?')).success, true);
    // as AgentSession does on a new setting, and the history on a reload: export, a new agent, restore (saved as JSON)
    const saved = JSON.parse(JSON.stringify(await agent.exportConversation()));
    assert.match(saved.repoMap, /^src\/config\.ts/, 'the map is saved with the conversation');
    await agent.close();
    agent = make();
    await agent.restore(saved);
    assert.equal((await agent.run('Where is main defined?')).success, true);
    const heads = server.chatRequests.map((r) => (r.body.messages as { content: string }[]).slice(0, 2).map((m) => m.content));
    assert.deepEqual(heads[2], heads[1], 'the rebuilt agent sends the system prompt and the map byte for byte');
    const [, before, after] = server.chatRequests;
    assert.ok(after!.cachedTokens! >= before!.promptTokens! - 4, `reused ${after!.cachedTokens} of the previous prompt's ${before!.promptTokens} tokens`);

    // a conversation saved before maps were kept still loads; its next task gets a map of its own
    const { repoMap: _dropped, ...old } = await agent.exportConversation();
    await agent.restore(old);
    assert.equal((await agent.run('Where is Server defined?')).success, true);
    assert.ok(String(server.chatRequests.at(-1)!.body.messages[1].content).startsWith(`${REPO_MAP_HEADING}src/server.ts`));
  } finally {
    await agent.close();
    await server.close();
    cleanup(root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});

test('native tools: a New chat\'s own map leaves the system message and the tool schemas the template writes after it cached', async () => {
  const { SmallCode } = await import('../../../src/node/smallCode');
  const { startReplayServer } = await import('../../support/replayServer');
  const { tempWorkspace } = await import('./helpers');
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  const root = tempWorkspace(FILES);
  const server = await startReplayServer({ promptCache: true, script: [{ text: 'parseConfig is in src/config.ts.' }, { text: 'main is in src/cli.ts.' }] });
  const agent = new SmallCode({ baseUrl: server.baseUrl, workspace: root, contextWindow: 8192, model: 'qwen2.5-coder-7b-instruct', serverKind: 'llamacpp', retries: 2, backoffMs: 5, toolMode: 'native', codeIndex: { storageDir } });
  try {
    assert.equal((await agent.run('Where is parseConfig defined?')).success, true);
    await agent.reset();
    assert.equal((await agent.run('Where is main() defined?')).success, true);
    const [first, second] = server.chatRequests.map((r) => r.body as { messages: { role: string; content: string }[]; tools: unknown[] });
    assert.ok(first!.messages[1]!.content.startsWith(`${REPO_MAP_HEADING}src/config.ts`), first!.messages[1]!.content.slice(0, 120));
    assert.ok(second!.messages[1]!.content.startsWith(`${REPO_MAP_HEADING}src/cli.ts`), 'the new chat has a map of its own');
    assert.ok(second!.messages[1]!.content.endsWith('Where is main() defined?'), 'the map leads the task\'s message');
    assert.equal(second!.messages[0]!.content, first!.messages[0]!.content, 'the system message does not hold the map');
    assert.doesNotMatch(first!.messages[0]!.content, /Repository map/);
    const prefix = await server.countPromptTokens({ messages: [first!.messages[0]], tools: first!.tools });
    const reused = server.chatRequests[1]!.cachedTokens!;
    assert.ok(reused >= prefix - 4, `reused ${reused} tokens; the system message and the tool schemas take ${prefix}`);
  } finally {
    await agent.close();
    await server.close();
    cleanup(root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});

test('project memory takes its share of a small window, not 4,000 characters of every conversation; the rest is one memory_load away', async () => {
  const { CodeIndex } = await import('../../../src/node/codeIndex/codeIndex');
  const { tempWorkspace } = await import('./helpers');
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  const root = tempWorkspace(FILES);
  const index = await CodeIndex.open({ root, storageDir });
  for (let i = 0; i < 12; i++) await index.memory.remember(`fact ${i}`, `${'The build needs this detail. '.repeat(10)}(${i})`);
  await index.close();
  try {
    const s = await runSession('Say hi.', [{ text: 'Hi.' }], { root, codeIndex: { storageDir }, toolMode: 'text', contextWindow: 4096 });
    const messages = s.server.chatRequests[0]!.body.messages as { content: string }[];
    const note = messages.map((m) => m.content).find((c) => c.includes('Notes in working memory'))!;
    const told = note.split('\n').filter((l) => l.startsWith('- fact '));
    assert.ok(told.length >= 1 && told.join('\n').length <= 1100, `${told.length} notes, ${told.join('\n').length} characters`);
    assert.match(told.at(-1)!, /^- fact 11: /, 'the newest notes');
    assert.match(note, new RegExp(`\\(${12 - told.length} older notes not shown: memory_load with words finds them\\.\\)`));
  } finally {
    cleanup(root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});

test('find_symbol in the same reply as the edit that adds the definition finds it (the re-index is awaited, not raced)', async () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  const s = await runSession('Add a validator for the port.', [
    {
      text: `${hermes('patch', { path: 'src/config.ts', search: 'export function parseConfig', replace: 'export function validatePortNumber(port: number) {\n  return port > 0;\n}\nexport function parseConfig' })}\n`
        + hermes('find_symbol', { name: 'validatePortNumber' }),
    },
    { text: 'Added validatePortNumber.' },
  ], { files: FILES, codeIndex: { storageDir }, toolMode: 'text' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), /src\/config\.ts:1 export function validatePortNumber\(port: number\) \{/);
  } finally {
    cleanup(s.root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});

test('a command that moves a file: find_symbol right after it names the file where it is now', async () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-index-'));
  const s = await runSession('Move the CLI into bin/.', [
    { text: `${hermes('run', { command: 'mkdir bin && mv src/cli.ts bin/cli.ts' })}\n${hermes('find_symbol', { name: 'main' })}` },
    { text: 'Moved.' },
  ], { files: FILES, codeIndex: { storageDir }, toolMode: 'text', approve: () => true });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), /find_symbol result:\\nbin\/cli\.ts:2 export function main/);
    assert.doesNotMatch(s.sent(1), /src\/cli\.ts:2/, 'not the file that is gone');
  } finally {
    cleanup(s.root);
    rmSync(storageDir, { recursive: true, force: true });
  }
});
