// The text protocol sends the model's calls back as text: written the way the prompt teaches them (one
// line, JSON spaced as Python writes it), a reply in that form comes back byte for byte, so the server's
// prompt cache holds it and only what follows is processed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, runSession } from './helpers';
import type { AgentConversation } from '../../../src/core/agent/conversation';

test('a call written as the prompt teaches it is sent back as written: the next request reuses the reply in the server\'s cache', async () => {
  const written = '<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts", "start_line": 1}}</tool_call>';
  const s = await runSession('What is in src/a.ts?', [{ text: written }, { text: 'It exports a.' }], {
    files: { 'src/a.ts': 'export const a = 1;\n' }, toolMode: 'text', server: { promptCache: true },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const [first, second] = s.server.chatRequests;
    const replied = (second!.body.messages as { role: string; content: string }[]).find((m) => m.role === 'assistant');
    assert.equal(replied?.content, written);
    const reply = (await s.server.countPromptTokens({ messages: [{ role: 'system', content: '' }, { role: 'assistant', content: written }] })) - (await s.server.countPromptTokens({ messages: [{ role: 'system', content: '' }, { role: 'assistant', content: '' }] }));
    assert.ok(second!.cachedTokens! >= first!.promptTokens! + reply - 1, `reused ${second!.cachedTokens} of ${first!.promptTokens} prompt tokens and ${reply} of the reply`);
  } finally {
    cleanup(s.root);
  }
});

/** The assistant message the second request carried. */
async function sentBack(replyText: string): Promise<string | undefined> {
  const s = await runSession('What is in src/a.ts?', [{ text: replyText }, { text: 'It exports a.' }], {
    files: { 'src/a.ts': 'export const a = 1;\n' }, toolMode: 'text', server: { promptCache: true },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const second = s.server.chatRequests[1]!;
    return (second.body.messages as { role: string; content: string }[]).find((m) => m.role === 'assistant')?.content;
  } finally {
    cleanup(s.root);
  }
}

test('a call written otherwise than taught (Qwen\'s line breaks, compact JSON, prose before it) is sent back byte for byte too', async () => {
  const written = 'Let me look at the file first.\n<tool_call>\n{"name":"read_file","arguments":{"path":"src/a.ts"}}\n</tool_call>';
  assert.equal(await sentBack(written), written);
});

test('a reply read with a repair, or with reasoning cut out of it, is sent back as taught: what ran, not what was written', async () => {
  const taught = '<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts"}}</tool_call>';
  assert.equal(await sentBack('<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts",}}</tool_call>'), taught);
  assert.equal(await sentBack('<think>The file is small.</think>\n<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts"}}</tool_call>'), taught);
});

test('a call written more loosely than the budget counts it (pretty-printed JSON) is sent back as taught: the budget never counts less than is sent', async () => {
  const loose = `<tool_call>\n${JSON.stringify({ name: 'read_file', arguments: { path: 'src/a.ts', start_line: 1, end_line: 20 } }, null, 8)}\n</tool_call>`;
  assert.equal(await sentBack(loose), '<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts", "start_line": 1, "end_line": 20}}</tool_call>');
});

test('a reply with a call the parser skipped without a repair (arguments not an object) is sent back as taught: the model sees only the call that ran', async () => {
  // prose long enough that the skipped call alone keeps the reply within the size a written reply may have
  const prose = 'First I read the module to see how the exports are laid out, since the task names only the file and the tests depend on what it exports; after that I run the tests.';
  const taught = `${prose}\n<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts"}}</tool_call>`;
  assert.equal(await sentBack(`${prose}\n<tool_call>{"name":"read_file","arguments":{"path":"src/a.ts"}}</tool_call>\n<tool_call>{"name":"run","arguments":1}</tool_call>`), taught);
});

test('a reply whose call wrote a secret (.env) is saved without its written text: the arguments hide the values, the text would not', async () => {
  const { redactedConversation } = await import('../../../src/core/agent/conversation');
  let agent: { exportConversation(): Promise<AgentConversation> } | undefined;
  const args = { path: '.env', content: 'DATABASE=mysecretdb9\nLICENSE_CODE=ABCD-1234-EFGH-5678\n' };
  const s = await runSession('Create the .env', [
    { text: `<tool_call>{"name": "write_file", "arguments": ${JSON.stringify(args)}}</tool_call>` },
    { text: 'Plain answer.\n<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts"}}</tool_call>' },
    { text: 'Done.' },
  ], { files: { 'src/a.ts': 'export const a = 1;\n' }, toolMode: 'text', onAgent: (a) => { agent = a; } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const conversation = await agent!.exportConversation();
    assert.equal(Object.keys(conversation.written ?? {}).length, 3, 'every reply was sent as written');
    const saved = redactedConversation(conversation);
    const json = JSON.stringify(saved);
    assert.ok(!json.includes('mysecretdb9') && !json.includes('ABCD-1234-EFGH-5678'), 'no value of the .env file is saved');
    assert.deepEqual(Object.values(saved.written ?? {}), ['Plain answer.\n<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts"}}</tool_call>', 'Done.'], 'the replies without secrets keep their written text');
  } finally {
    cleanup(s.root);
  }
});

test('a conversation with written replies restored into an agent with native tools sends, and counts, the calls: the written text is not taken', async () => {
  let agent: { exportConversation(): Promise<AgentConversation>; restore(c: AgentConversation): Promise<void> } | undefined;
  const s = await runSession('Hello', [{ text: 'Hi.' }], { toolMode: 'native', onAgent: (a) => { agent = a; } });
  try {
    const call = { id: 'call00001', type: 'function' as const, function: { name: 'read_file', arguments: '{"path":"a.ts"}' } };
    await agent!.restore({
      version: 1, summary: '', tasks: [0],
      messages: [{ role: 'user', content: 'Read a.ts' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call00001', name: 'read_file', content: 'a.ts (1 lines):\n1| x' }],
      written: { 1: '{"name":"read_file","arguments":{"path":"a.ts"}}' },
    });
    assert.equal((await agent!.exportConversation()).written, undefined);
  } finally {
    cleanup(s.root);
  }
});

test('a request that leaves the machine (escalation) keeps a written reply where hiding secrets changed nothing in it, as the budget counted it', async () => {
  const { redactedRequest } = await import('../../../src/core/agent/conversation');
  const { writtenAs, writtenText } = await import('../../../src/core/budget/writtenReplies');
  const call = (id: string, args: object) => ({ id, type: 'function' as const, function: { name: 'write_file', arguments: JSON.stringify(args) } });
  const clean = writtenAs({ role: 'assistant' as const, content: null, tool_calls: [call('call00001', { path: 'a.ts', content: 'x' })] }, '<tool_call>{"name":"write_file","arguments":{"path":"a.ts","content":"x"}}</tool_call>');
  const secret = writtenAs({ role: 'assistant' as const, content: null, tool_calls: [call('call00002', { path: '.env', content: 'DATABASE=mysecretdb9\n' })] }, '<tool_call>{"name":"write_file","arguments":{"path":".env","content":"DATABASE=mysecretdb9\\n"}}</tool_call>');
  const [first, second] = redactedRequest([clean, secret]);
  assert.equal(writtenText(first!), writtenText(clean));
  assert.equal(writtenText(second!), undefined);
  assert.ok(!JSON.stringify(second).includes('mysecretdb9'));
});
