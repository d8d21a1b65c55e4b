// The text protocol sends the model's calls back as text: written the way the prompt teaches them (one
// line, JSON spaced as Python writes it), a reply in that form comes back byte for byte, so the server's
// prompt cache holds it and only what follows is processed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, runSession } from './helpers';

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
