// Probing a configured URL: the API at the path the user gave, with the key, and a reason when nothing
// usable answers (unauthorised, not found, unreachable). Only 127.0.0.1 is ever contacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReplayServer } from '../../support/replayServer';
import { identifyServer, probeServer } from '../../../src/core/llm/endpoints';
import { detectContextWindow } from '../../../src/core/llm/contextWindow';

test('an API behind a proxy path is found there, and only there is asked', async () => {
  const server = await startReplayServer({ emulate: 'vllm', pathPrefix: '/openai/v1', models: ['qwen'], reportedContext: 24576 });
  try {
    const { server: found, problem } = await probeServer(`${server.origin}/openai/v1/`);
    assert.equal(problem, undefined);
    assert.deepEqual(found, { kind: 'vllm', baseUrl: server.baseUrl, models: [{ id: 'qwen', contextLength: 24576, maxContextLength: undefined }] });
    assert.ok(server.requests.every((r) => r.path.startsWith('/openai/v1/')), server.requests.map((r) => r.path).join());
    assert.equal((await detectContextWindow(found!, 'qwen')).tokens, 24576);
  } finally { await server.close(); }
});

test('401 without a key is "needs an API key"; the key is sent and then works; a wrong one is named', async () => {
  const server = await startReplayServer({ emulate: 'llamacpp', apiKey: 'sk-local-123', models: ['m1'] });
  try {
    const bare = await probeServer(server.baseUrl);
    assert.equal(bare.server, undefined);
    assert.equal(bare.problem?.kind, 'unauthorised');
    assert.match(bare.problem!.message, /needs an API key.*SmallCode: Set API key/);
    assert.equal(await identifyServer(server.baseUrl), undefined);
    const wrong = await probeServer(server.baseUrl, { apiKey: 'sk-nope' });
    assert.equal(wrong.problem?.kind, 'unauthorised');
    assert.match(wrong.problem!.message, /rejected the API key/);
    const keyed = await probeServer(server.origin, { apiKey: 'sk-local-123' });
    assert.equal(keyed.problem, undefined);
    assert.equal(keyed.server?.kind, 'llamacpp');
    assert.deepEqual(keyed.server?.models.map((m) => m.id), ['m1']);
    const models = server.requests.filter((r) => r.path === '/v1/models').at(-1)!;
    assert.equal(models.headers.authorization, 'Bearer sk-local-123');
  } finally { await server.close(); }
});

test('no OpenAI-compatible API at the URL: not-found, with the likely fix', async () => {
  const proxy = await startReplayServer({ pathPrefix: '/openai/v1' });
  const page = await startReplayServer({ htmlPage: true });
  try {
    const missingV1 = await probeServer(`${proxy.origin}/openai`);
    assert.equal(missingV1.problem?.kind, 'not-found');
    assert.match(missingV1.problem!.message, new RegExp(`no OpenAI-compatible API at ${proxy.origin}/openai\\. Did you mean ${proxy.origin}/openai/v1\\?`));
    const web = await probeServer(page.origin);
    assert.equal(web.problem?.kind, 'not-found');
    assert.match(web.problem!.message, /no OpenAI-compatible API/);
  } finally { await Promise.all([proxy.close(), page.close()]); }
});

test('nothing listening: unreachable, quickly', async () => {
  const gone = await startReplayServer({});
  await gone.close();
  const started = Date.now();
  const { server, problem } = await probeServer(gone.baseUrl, { timeoutMs: 5000 });
  assert.equal(server, undefined);
  assert.equal(problem?.kind, 'unreachable');
  assert.match(problem!.message, /Cannot reach a model server at/);
  // quickly: the refusal ends the probe, which does not wait for its 5 s time-out
  assert.ok(Date.now() - started < 2500, `${Date.now() - started} ms`);
});

test('a URL without http:// or https:// is named as the problem, and nothing is asked', async () => {
  const server = await startReplayServer({ emulate: 'llamacpp', models: ['m1'] });
  try {
    const bare = server.baseUrl.replace(/^http:\/\//, ''); // "127.0.0.1:PORT/v1": the server is running
    for (const url of [bare, 'localhost:1234', 'ftp://127.0.0.1/v1', 'http://']) {
      const { server: found, problem } = await probeServer(url);
      assert.equal(found, undefined, url);
      assert.equal(problem?.kind, 'bad-url', url);
      assert.match(problem!.message, /must start with http:\/\/ or https:\/\//, url);
    }
    assert.equal(server.requests.length, 0, 'nothing was asked');
    assert.ok((await probeServer(` ${server.baseUrl} `)).server, 'spaces around a good URL do not matter');
  } finally { await server.close(); }
});

/** A server whose /v1/models answers as `answer` says (every other path: 404), on 127.0.0.1. */
async function modelsServer(answer: (res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === '/v1/models') return answer(res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

const MODEL_LIST = JSON.stringify({ data: [{ id: 'remote-model' }] });

test('a configured server slower than a local one (2 s for the headers, or for the body) is still found', async () => {
  const slowHeaders = await modelsServer((res) => { setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(MODEL_LIST), 2000); });
  const slowBody = await modelsServer((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(MODEL_LIST.slice(0, 10));
    setTimeout(() => res.end(MODEL_LIST.slice(10)), 2000);
  });
  try {
    const [headers, body] = await Promise.all([probeServer(slowHeaders.url, { apiKey: 'k' }), probeServer(slowBody.url, { apiKey: 'k' })]);
    assert.equal(headers.problem, undefined, JSON.stringify(headers.problem));
    assert.deepEqual(headers.server?.models.map((m) => m.id), ['remote-model']);
    assert.equal(body.problem, undefined, JSON.stringify(body.problem));
    assert.equal(body.server?.kind, 'openai-compatible');
  } finally { await Promise.all([slowHeaders.close(), slowBody.close()]); }
});

test('a server that does not answer in time is said to be slow, not stopped; a body cut after HTTP 200 is no refusal', async () => {
  const silent = await modelsServer(() => undefined);
  const halfBody = await modelsServer((res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.write(MODEL_LIST.slice(0, 10)); });
  const cut = await modelsServer((res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.write(MODEL_LIST.slice(0, 10)); setTimeout(() => res.socket?.destroy(), 50); });
  try {
    const [noAnswer, slowBody, broken] = await Promise.all([silent, halfBody, cut].map((s) => probeServer(s.url, { timeoutMs: 1000 })));
    for (const [what, result] of [['no answer', noAnswer], ['half a body', slowBody]] as const) {
      assert.equal(result!.problem?.kind, 'timeout', what);
      assert.equal(result!.problem?.message, `The server at ${(what === 'no answer' ? silent : halfBody).url} did not answer within 1 s. Check that it is running and reachable (a remote server, VPN or proxy can be slow), then retry.`);
    }
    assert.equal(broken!.problem?.kind, 'server-error');
    assert.match(broken!.problem!.message, /stopped in the middle of its answer to \/models/);
    for (const result of [noAnswer, slowBody, broken]) {
      assert.doesNotMatch(result!.problem!.message, /Start it|refused the request|HTTP 200/);
    }
  } finally { await Promise.all([silent.close(), halfBody.close(), cut.close()]); }
});
