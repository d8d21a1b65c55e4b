import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReplayServer, type EmulatedServer } from '../../support/replayServer';
import { detectEndpoints, identifyServer, listModels, probeServer } from '../../../src/core/llm/endpoints';
import { detectContextWindow, contextWindowAdvice } from '../../../src/core/llm/contextWindow';

const kinds: [EmulatedServer, string][] = [['llamacpp', 'llamacpp'], ['ollama', 'ollama'], ['lmstudio', 'lmstudio'], ['vllm', 'vllm'], ['openai', 'openai-compatible']];

test('detection tells each server kind apart by what it answers, and lists its models', async () => {
  const servers = await Promise.all(kinds.map(([emulate]) => startReplayServer({ emulate, models: ['qwen2.5-coder:7b', 'llama3.2:3b'], reportedContext: 12288 })));
  try {
    // A generous timeout: these servers all answer, and test files run in parallel on a busy machine.
    const found = await detectEndpoints({ ports: servers.map((s) => s.port), timeoutMs: 3000 });
    assert.deepEqual(found.map((f) => f.kind), kinds.map(([, k]) => k));
    for (const [i, f] of found.entries()) {
      assert.equal(f.baseUrl, servers[i]!.baseUrl);
      assert.deepEqual(f.models.map((m) => m.id), ['qwen2.5-coder:7b', 'llama3.2:3b'], f.kind);
    }
    const lm = found.find((f) => f.kind === 'lmstudio')!;
    assert.deepEqual(lm.models[0], { id: 'qwen2.5-coder:7b', loaded: true, contextLength: 12288, maxContextLength: 32768 });
    assert.equal(lm.models[1]!.loaded, false);
    const ollama = found.find((f) => f.kind === 'ollama')!;
    assert.equal(ollama.models[0]!.loaded, true);
    assert.equal(ollama.models[0]!.contextLength, 12288);
    assert.equal(found.find((f) => f.kind === 'vllm')!.models[0]!.contextLength, 12288);
  } finally { await Promise.all(servers.map((s) => s.close())); }
});

test('nothing listening means nothing found, quickly; every probe goes to the given hosts only', async () => {
  const free = await startReplayServer({});
  const port = free.port;
  await free.close();
  const urls: string[] = [];
  const spy: typeof fetch = (input, init) => { urls.push(String(input)); return fetch(input, init); };
  const started = Date.now();
  assert.deepEqual(await detectEndpoints({ ports: [port], fetch: spy, timeoutMs: 5000 }), []);
  // quickly: the refusal ends each probe, none waits for its 5 s time-out (a loaded machine still has room)
  assert.ok(Date.now() - started < 2500, `${Date.now() - started} ms`);
  assert.ok(urls.length > 0 && urls.every((u) => u.startsWith(`http://127.0.0.1:${port}/`)));
});

test('a web app on a scanned port that answers /api/version (a developer\'s own FastAPI on 8000) is no Ollama', async () => {
  // FastAPI's shape: JSON 404 for every route it lacks, and a version endpoint as many apps have
  const app = createServer((req, res) => {
    req.resume();
    const version = req.url === '/api/version';
    res.writeHead(version ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(version ? { version: '1.4.2' } : { detail: 'Not Found' }));
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  try {
    const port = (app.address() as AddressInfo).port;
    assert.deepEqual(await detectEndpoints({ ports: [port], timeoutMs: 3000 }), []);
    const probed = await probeServer(`http://127.0.0.1:${port}`, { timeoutMs: 3000 });
    assert.equal(probed.server, undefined);
    assert.equal(probed.problem?.kind, 'not-found');
  } finally {
    app.closeAllConnections();
    await new Promise((resolve) => app.close(resolve));
  }
});

test('listModels works from a base URL with or without /v1', async () => {
  const server = await startReplayServer({ emulate: 'llamacpp', models: ['m1'] });
  try {
    assert.deepEqual((await listModels(server.baseUrl)).map((m) => m.id), ['m1']);
    assert.deepEqual((await listModels(server.origin, { kind: 'llamacpp' })).map((m) => m.id), ['m1']);
    assert.equal((await identifyServer(server.origin))?.kind, 'llamacpp');
  } finally { await server.close(); }
});

test('the runtime context window comes from each server its own way; the override wins', async () => {
  for (const [emulate, kind] of kinds.slice(0, 4)) {
    const server = await startReplayServer({ emulate, models: ['qwen2.5-coder:7b'], reportedContext: 6144 });
    try {
      const win = await detectContextWindow({ kind: kind as any, baseUrl: server.baseUrl }, 'qwen2.5-coder:7b');
      assert.equal(win.tokens, 6144, `${kind}: ${win.source}`);
      assert.ok(win.source.length > 5);
      const over = await detectContextWindow({ kind: kind as any, baseUrl: server.baseUrl }, 'qwen2.5-coder:7b', 20000);
      assert.deepEqual(over, { tokens: 20000, source: 'setting smallcode.contextWindow' });
    } finally { await server.close(); }
  }
});

test('a model Ollama has not loaded yet is budgeted at the server default, and says so', async () => {
  const server = await startReplayServer({ emulate: 'ollama', models: ['qwen2.5-coder:7b', 'llama3.2:3b'], reportedContext: 32768 });
  try {
    const win = await detectContextWindow({ kind: 'ollama', baseUrl: server.baseUrl }, 'llama3.2:3b');
    assert.equal(win.tokens, 4096);
    assert.match(win.source, /not loaded/);
    assert.equal(win.guessed, true);
    assert.equal(win.unreported, undefined, 'loaded, it will say: worth asking again');
  } finally { await server.close(); }
});

test('an unknown server with no context report gets a conservative default, not worth asking again before each task', async () => {
  const server = await startReplayServer({ emulate: 'openai' });
  try {
    const win = await detectContextWindow({ kind: 'openai-compatible', baseUrl: server.baseUrl }, 'x');
    assert.equal(win.tokens, 4096);
    assert.match(win.source, /default/);
    assert.equal(win.unreported, true, 'it has no way to say: only smallcode.contextWindow changes it');
  } finally { await server.close(); }
});

test('advice for a small window names the exact fix for that server', () => {
  assert.equal(contextWindowAdvice('ollama', 32768), null);
  assert.match(contextWindowAdvice('ollama', 4096, 'qwen2.5-coder:7b')!, /OLLAMA_CONTEXT_LENGTH=32768 ollama serve/);
  assert.match(contextWindowAdvice('lmstudio', 4096, 'qwen')!, /lms load qwen --context-length 32768/);
  assert.match(contextWindowAdvice('llamacpp', 8192)!, /-c 32768/);
  assert.match(contextWindowAdvice('vllm', 8192)!, /--max-model-len 32768/);
  assert.match(contextWindowAdvice('openai-compatible', 8192)!, /smallcode\.contextWindow/);
  assert.match(contextWindowAdvice('ollama', 4096)!, /4,096 tokens.*at least 16,384/);
});
