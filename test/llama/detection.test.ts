// Detection and token counting against the real llama.cpp server: what the replay server imitates
// (/props, /v1/models, the 400 for an over-long prompt, the template's token count) checked on the
// real thing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLlamaServer, type LlamaServer } from '../support/llamaServer';
import { ChatClient, detectContextWindow, detectEndpoints, LlmError, probeServer } from '../../src/core/llm';
import { loadQwenCounter, promptTokens } from '../../src/core/budget';
import type { ChatMessage } from '../../src/core/llm';
import { openAITools, TOOLS } from '../../src/core/tools';
import { fakeFile } from '../support/replay-session/longSession';
import { renderChatML } from '../support/replayServer';

const CONTEXT = 4096;
let server: LlamaServer;
before(async () => { server = await startLlamaServer({ contextSize: CONTEXT }); });
after(async () => { await server?.stop(); });

test('probing finds llama.cpp and its model; the window is the real n_ctx from /props', async () => {
  const { server: found, problem } = await probeServer(server.origin);
  assert.equal(problem, undefined);
  assert.equal(found?.kind, 'llamacpp');
  assert.equal(found.baseUrl, server.baseUrl);
  assert.deepEqual(found.models.map((m) => m.id), [server.model]);
  const window = await detectContextWindow(found, server.model);
  assert.equal(window.tokens, CONTEXT);
  assert.match(window.source, /llama\.cpp \/props/);
});

test('scanning ports finds it too', async () => {
  const port = Number(new URL(server.origin).port);
  const found = await detectEndpoints({ ports: [port] });
  assert.deepEqual(found.map((s) => [s.kind, s.baseUrl]), [['llamacpp', server.baseUrl]]);
});

test("Qwen's tokenizer in SmallCode counts exactly what the server counts", async () => {
  const qwen = await loadQwenCounter();
  const samples = [
    'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
    'def handle(self, payload: dict) -> None:  # naïve café, 日本語, emoji 🚀',
    fakeFile(3, 40),
    '<tool_call>\n{"name": "read_file", "arguments": {"path": "src/a.ts"}}\n</tool_call>',
  ];
  for (const text of samples) assert.equal(qwen.count(text), (await server.tokenize(text)).length, text.slice(0, 60));
});

test('the prompt SmallCode counts is the prompt the server counts (chat template, tools included)', async () => {
  const qwen = await loadQwenCounter();
  const client = new ChatClient({ baseUrl: server.baseUrl, model: server.model, serverKind: 'llamacpp', retries: 0 });
  const tools = openAITools(TOOLS);
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are SmallCode, a careful coding agent.' },
    { role: 'user', content: 'Read src/a.ts and fix the bug.' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call00001', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/a.ts"}' } }] },
    { role: 'tool', tool_call_id: 'call00001', name: 'read_file', content: fakeFile(1, 30) },
  ];
  for (const withTools of [false, true]) {
    const result = await client.complete({ messages, ...(withTools ? { tools } : {}), maxTokens: 1 });
    const counted = promptTokens(messages, withTools ? tools : undefined, qwen.count);
    const served = result.usage!.promptTokens;
    // The budget keeps 3 % of the window free for an exact counter's error: the template may differ by less.
    assert.ok(Math.abs(counted - served) <= CONTEXT * 0.03, `tools ${withTools}: SmallCode counted ${counted}, the server ${served}`);
  }
});

test('the replay server renders a conversation as the model\'s own chat template does (what its prompt cache compares)', async () => {
  const tools = openAITools(TOOLS);
  const call = (id: string, path: string) => ({ id, type: 'function' as const, function: { name: 'read_file', arguments: JSON.stringify({ path }) } });
  const conversation: ChatMessage[] = [
    { role: 'user', content: 'Read src/a.ts and src/b.ts, then fix the bug.' },
    { role: 'assistant', content: null, tool_calls: [call('call00001', 'src/a.ts'), call('call00002', 'src/b.ts')] },
    { role: 'tool', tool_call_id: 'call00001', name: 'read_file', content: fakeFile(1, 5) },
    { role: 'tool', tool_call_id: 'call00002', name: 'read_file', content: fakeFile(2, 5) },
    { role: 'assistant', content: 'The bug is in a.ts.', tool_calls: [call('call00003', 'src/a.ts')] },
    { role: 'tool', tool_call_id: 'call00003', name: 'read_file', content: fakeFile(3, 5) },
    { role: 'assistant', content: 'Fixed.' },
    { role: 'user', content: 'Thanks.' },
  ];
  const bodies = [
    { messages: [{ role: 'system', content: 'You are SmallCode.' }, ...conversation], tools },
    { messages: [{ role: 'system', content: 'You are SmallCode.' }, ...conversation] },
    { messages: conversation, tools }, // no system message: the template writes its own
  ];
  for (const body of bodies) {
    const response = await fetch(`${server.origin}/apply-template`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 200);
    const { prompt } = await response.json() as { prompt: string };
    assert.equal(renderChatML(body), prompt);
  }
});

test('an over-long prompt is refused with an error the client reads as context-exceeded', async () => {
  const client = new ChatClient({ baseUrl: server.baseUrl, model: server.model, serverKind: 'llamacpp', retries: 0 });
  const error = await client.stream({ messages: [{ role: 'user', content: fakeFile(2, 400) }], maxTokens: 16 }).then(() => undefined, (e) => e);
  assert.ok(error instanceof LlmError, String(error));
  assert.equal(error.kind, 'context-exceeded', error.message);
  assert.equal(error.windowTokens, CONTEXT, 'the window the server names, for the budget to go straight to');
});
