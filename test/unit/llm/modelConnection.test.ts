// Which API and which window a session uses: Ollama's own API with a num_ctx SmallCode chooses (the
// setting or 16,384, capped by training), /v1 with the reported window for everything else, and for an
// Ollama whose /api/chat does not answer, with today's warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { connectModel, ollamaSession } from '../../../src/core/llm/modelConnection';
import { probeServer } from '../../../src/core/llm/endpoints';

const MODEL = 'qwen2.5-coder:7b';

test('Ollama: its own API at 16,384 by default, decided without loading the model', async () => {
  const server = await startReplayServer({ emulate: 'ollama', models: [MODEL], reportedContext: 4096 });
  try {
    const c = await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, MODEL);
    assert.equal(c.api, 'ollama');
    assert.equal(c.numCtx, 16_384);
    assert.equal(c.window.tokens, 16_384);
    assert.match(c.window.source, /num_ctx.*SmallCode default for Ollama.*trained for 32,768/);
    assert.equal(c.advice, undefined);
    assert.equal(server.ollama.loads, 0, 'probing /api/chat and /api/show loads nothing');
    assert.equal(server.chatRequests.length, 0);
  } finally { await server.close(); }
});

test('Ollama: the setting decides, capped by what the model was trained for', async () => {
  const server = await startReplayServer({ emulate: 'ollama', models: [MODEL], ollama: { trainedContext: 32_768 } });
  try {
    const big = await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, MODEL, 65_536);
    assert.equal(big.numCtx, 32_768);
    assert.match(big.window.source, /setting smallcode\.contextWindow.*so capped there/);
    const small = await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, MODEL, 8192);
    assert.equal(small.numCtx, 8192);
    assert.match(small.advice ?? '', /Raise "smallcode\.contextWindow"/);
  } finally { await server.close(); }
});

test('Ollama with the setting at 0: the model\'s own num_ctx (its Modelfile) decides, capped by training; the setting still wins', async () => {
  const server = await startReplayServer({ emulate: 'ollama', models: ['qwen2.5-coder-32k', 'qwen2.5-coder-8k', 'tiny-trained', MODEL], ollama: {
    trainedContext: 32_768,
    models: { 'qwen2.5-coder-32k': { numCtx: 32_768 }, 'qwen2.5-coder-8k': { numCtx: 8192 }, 'tiny-trained': { numCtx: 65_536 } },
  } });
  try {
    const long = await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, 'qwen2.5-coder-32k');
    assert.equal(long.numCtx, 32_768);
    assert.match(long.window.source, /num_ctx of qwen2\.5-coder-32k's Modelfile/);
    assert.equal(long.advice, undefined);
    const small = await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, 'qwen2.5-coder-8k');
    assert.equal(small.numCtx, 8192, 'sized for the user\'s memory: not reloaded at 16,384');
    assert.match(small.advice ?? '', /Modelfile sets num_ctx 8,192: set "smallcode\.contextWindow" to load it with more/);
    assert.equal((await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, 'tiny-trained')).numCtx, 32_768, 'capped by training');
    assert.equal((await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, 'qwen2.5-coder-8k', 16_384)).numCtx, 16_384, 'the setting wins');
    assert.equal((await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, MODEL)).numCtx, 16_384, 'no num_ctx of its own: the default');
  } finally { await server.close(); }
});

test('Ollama: a model trained for less than agent work needs is named as the limit', () => {
  const c = ollamaSession('phi3:mini', undefined, { trainedContext: 4096 });
  assert.equal(c.numCtx, 4096);
  assert.match(c.advice ?? '', /phi3:mini was trained for no more: choose a model with a longer context/);
  assert.equal(ollamaSession('m', undefined).numCtx, 16_384, 'training unknown: the default');
});

test('an Ollama older than 0.12.6 (which ignores truncate: false) is named with the fix; a newer or unknown version is not', async () => {
  const rows: [string, boolean][] = [['0.12.5', true], ['0.9.2', true], ['0.12.6-rc0', false], ['0.12.6', false], ['0.13.0', false], ['1.0.0', false], ['0.0.0', false], ['dev', false]];
  for (const [version, old] of rows) {
    const server = await startReplayServer({ emulate: 'ollama', models: [MODEL], ollama: { version } });
    try {
      // the version comes from detection (/api/version), as in the extension
      const found = (await probeServer(server.baseUrl)).server!;
      assert.equal(found.version, version);
      const c = await connectModel(found, MODEL);
      assert.equal(c.api, 'ollama');
      if (old) {
        assert.ok(c.serverWarning?.startsWith(`Ollama ${version} at ${server.origin} is older than 0.12.6: it may cut a long prompt silently`), c.serverWarning);
        assert.match(c.serverWarning!, /Update Ollama \(https:\/\/ollama\.com\/download\)/);
        assert.equal(c.serverUpdateUrl, 'https://ollama.com/download', 'the warning\'s Update button');
      }
      else assert.deepEqual([c.serverWarning, c.serverUpdateUrl], [undefined, undefined], version);
    } finally { await server.close(); }
  }
});

test('an Ollama without /api/chat falls back to /v1 with the window it reports and today\'s warning', async () => {
  const server = await startReplayServer({ emulate: 'ollama', models: [MODEL], reportedContext: 8192, ollama: { nativeApi: false } });
  try {
    const c = await connectModel({ kind: 'ollama', baseUrl: server.baseUrl }, MODEL);
    assert.equal(c.api, 'openai');
    assert.equal(c.numCtx, undefined);
    assert.equal(c.window.tokens, 8192);
    assert.match(c.advice ?? '', /\/api\/chat\) did not answer.*\/v1.*OLLAMA_CONTEXT_LENGTH=32768 ollama serve/);
  } finally { await server.close(); }
});

test('other servers keep the OpenAI API and the window they report', async () => {
  const server = await startReplayServer({ emulate: 'llamacpp', reportedContext: 8192 });
  try {
    const c = await connectModel({ kind: 'llamacpp', baseUrl: server.baseUrl }, 'qwen');
    assert.equal(c.api, 'openai');
    assert.equal(c.window.tokens, 8192);
    assert.match(c.advice ?? '', /-c 32768/);
    assert.equal((await connectModel({ kind: 'llamacpp', baseUrl: server.baseUrl }, 'qwen', 20_000)).window.tokens, 20_000);
  } finally { await server.close(); }
});
