import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { scanEndpoints, probeServer } from '../../../src/core/llm/endpoints';
import { missingModelMessage, portProblemMessage, reportableProblem } from '../../../src/core/llm/detectionProblems';

test('auto-detection keeps what a server that wants a key said, and never sends a key', async () => {
  const keyed = await startReplayServer({ emulate: 'lmstudio', apiKey: 'k', models: ['qwen'] });
  const open = await startReplayServer({ emulate: 'llamacpp', models: ['qwen3-8b'] });
  const gone = await startReplayServer({});
  await gone.close();
  try {
    const { servers, problems } = await scanEndpoints({ ports: [keyed.port, open.port, gone.port], timeoutMs: 3000 });
    assert.deepEqual(servers.map((s) => s.kind), ['llamacpp']);
    // the port where nothing listens is no problem; the keyed one is, by its URL
    assert.deepEqual(problems.map((p) => [p.port, p.problem.kind, p.baseUrl, p.expected]), [[keyed.port, 'unauthorised', keyed.baseUrl, 'openai-compatible']]);
    assert.ok(keyed.requests.every((r) => r.headers.authorization === undefined), 'no key went to the scanned port');
  } finally { await Promise.all([keyed.close(), open.close()]); }
});

test('a server that wants a key is named with its URL and both ways to give it one', () => {
  const found = { port: 1234, expected: 'lmstudio' as const, baseUrl: 'http://127.0.0.1:1234/v1', problem: { kind: 'unauthorised' as const, message: 'needs an API key (HTTP 401)' } };
  const loading = { port: 8000, expected: 'vllm' as const, baseUrl: 'http://127.0.0.1:8000/v1', problem: { kind: 'server-error' as const, message: 'The server at http://127.0.0.1:8000/v1 failed (HTTP 503: loading).' } };
  const webApp = { port: 8080, expected: 'llamacpp' as const, baseUrl: 'http://127.0.0.1:8080/v1', problem: { kind: 'not-found' as const, message: 'no API' } };
  assert.equal(reportableProblem([webApp, loading, found]), found, 'a key needed comes first');
  assert.equal(reportableProblem([webApp, loading]), loading);
  assert.equal(reportableProblem([webApp]), undefined, 'a web app on a known port is not a model server');
  assert.equal(portProblemMessage(found), 'LM Studio on 127.0.0.1:1234 needs an API key. Press "Set API key" (SmallCode then uses this server: smallcode.baseUrl http://127.0.0.1:1234/v1), or set smallcode.baseUrl to http://127.0.0.1:1234/v1 and run "SmallCode: Set API key".');
  assert.match(portProblemMessage({ ...loading, expected: 'openai-compatible' }), /^The server on 127\.0\.0\.1:8000 answered with an error: .*HTTP 503/);
});

test('a configured model the server does not list is named, with what the server has', async () => {
  const lms = await startReplayServer({ emulate: 'lmstudio', models: ['qwen2.5-coder-7b', 'llama-3.2-3b'] });
  const ollama = await startReplayServer({ emulate: 'ollama', models: ['qwen2.5-coder:7b'] });
  try {
    const lmServer = (await probeServer(lms.baseUrl)).server!;
    assert.equal(missingModelMessage(lmServer, 'qwen2.5-coder:7b'),
      `"qwen2.5-coder:7b" (setting smallcode.model) is not on LM Studio at ${lms.baseUrl}; available: qwen2.5-coder-7b, llama-3.2-3b. Run "SmallCode: Select model" to pick one.`);
    assert.equal(missingModelMessage(lmServer, 'qwen2.5-coder-7b'), undefined);
    assert.equal(missingModelMessage(lmServer, ''), undefined, 'no model set: detection picks one');
    const ollamaServer = (await probeServer(ollama.baseUrl)).server!;
    assert.equal(missingModelMessage(ollamaServer, 'qwen2.5-coder:7b'), undefined);
    assert.equal(missingModelMessage({ ...ollamaServer, models: [{ id: 'qwen2.5-coder:latest' }] }, 'qwen2.5-coder'), undefined, 'Ollama: :latest is the same model');
    assert.match(missingModelMessage(ollamaServer, 'qwen3:8b') ?? '', /^"qwen3:8b" \(setting smallcode\.model\) is not on Ollama/);
    assert.equal(missingModelMessage({ ...lmServer, models: [] }, 'anything'), undefined, 'an empty list proves nothing');
    const many = { ...lmServer, models: Array.from({ length: 11 }, (_, i) => ({ id: `m${i}` })) };
    assert.match(missingModelMessage(many, 'x') ?? '', /available: m0, m1, m2, m3, m4, m5, m6, m7, and 3 more\./);
  } finally { await Promise.all([lms.close(), ollama.close()]); }
});
