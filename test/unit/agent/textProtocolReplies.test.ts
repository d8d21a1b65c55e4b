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
