// The model used when the user picked none: the loaded one, else the first listed, never one that cannot
// chat. Against the replay server's Ollama, which lists embedding models as real Ollama does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { defaultModel } from '../../../src/core/llm/defaultModel';
import { probeServer } from '../../../src/core/llm/endpoints';

const EMBEDDERS = {
  'nomic-embed-text:latest': { family: 'nomic-bert', capabilities: ['embedding'] },
  // a family that says nothing: only /api/show's capabilities tell
  'qwen3-embedding:0.6b': { family: 'qwen3', capabilities: ['embedding'] },
};

test('Ollama with nothing loaded: embedding models listed first are passed over for the first that can chat', async () => {
  const server = await startReplayServer({ emulate: 'ollama', models: ['nomic-embed-text:latest', 'qwen3-embedding:0.6b', 'qwen2.5-coder:7b', 'llama3.2:3b'], ollama: { models: EMBEDDERS } });
  try {
    const found = (await probeServer(server.baseUrl)).server!;
    assert.equal(found.models.some((m) => m.loaded), false);
    assert.equal(await defaultModel(found), 'qwen2.5-coder:7b');
    const shown = server.requests.filter((r) => r.path === '/api/show').map((r) => r.body.model);
    assert.deepEqual(shown, ['qwen3-embedding:0.6b', 'qwen2.5-coder:7b'], 'the family alone rules out nomic-bert; one question per other candidate');
  } finally { await server.close(); }
});

test('Ollama: a loaded embedding model (a RAG tool\'s) is not the chat model; a loaded chat model is', async () => {
  const embedderLoaded = await startReplayServer({ emulate: 'ollama', models: ['nomic-embed-text:latest', 'qwen2.5-coder:7b'], reportedContext: 8192, ollama: { models: EMBEDDERS } });
  const chatLoaded = await startReplayServer({ emulate: 'ollama', models: ['llama3.2:3b', 'nomic-embed-text:latest'], reportedContext: 8192, ollama: { models: EMBEDDERS } });
  try {
    const a = (await probeServer(embedderLoaded.baseUrl)).server!;
    assert.equal(a.models.find((m) => m.loaded)?.id, 'nomic-embed-text:latest');
    assert.equal(await defaultModel(a), 'qwen2.5-coder:7b');
    assert.equal(await defaultModel((await probeServer(chatLoaded.baseUrl)).server!), 'llama3.2:3b');
  } finally { await Promise.all([embedderLoaded.close(), chatLoaded.close()]); }
});

test('Ollama with embedding models only: none is chosen; other servers: the loaded model, else the first', async () => {
  const embedOnly = await startReplayServer({ emulate: 'ollama', models: ['nomic-embed-text:latest', 'qwen3-embedding:0.6b'], ollama: { models: EMBEDDERS } });
  const lmstudio = await startReplayServer({ emulate: 'lmstudio', models: ['qwen2.5-coder-7b', 'llama-3.2-3b'] });
  try {
    assert.equal(await defaultModel((await probeServer(embedOnly.baseUrl)).server!), undefined);
    assert.equal(await defaultModel((await probeServer(lmstudio.baseUrl)).server!), 'qwen2.5-coder-7b');
    assert.equal(await defaultModel({ kind: 'vllm', baseUrl: 'http://127.0.0.1:9/v1', models: [{ id: 'a' }, { id: 'b', loaded: true }] }), 'b');
  } finally { await Promise.all([embedOnly.close(), lmstudio.close()]); }
});
