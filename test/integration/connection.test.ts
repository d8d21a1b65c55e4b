// Server detection inside the real extension host, against the replay server emulating real
// servers' discovery endpoints over HTTP on 127.0.0.1.
import * as assert from 'node:assert/strict';
import { api, settings } from '../support/smallcodeInVsCode';
import { startReplayServer, type ReplayServer } from '../support/replayServer';

suite('Model server detection', () => {
  let server: ReplayServer | undefined;

  teardown(async () => {
    await server?.close();
    server = undefined;
    await settings({ baseUrl: undefined, model: undefined, contextWindow: undefined });
  });

  test('finds the configured Ollama server and its loaded model, and will load it at 16k through its own API', async () => {
    server = await startReplayServer({ emulate: 'ollama', models: ['qwen2.5-coder:7b'], reportedContext: 8192, script: [] });
    await settings({ baseUrl: server.baseUrl });
    const info = await (await api()).connection.refresh();
    assert.equal(info.status, 'ready', JSON.stringify(info));
    assert.equal(info.serverKind, 'ollama');
    assert.equal(info.api, 'ollama');
    assert.equal(info.model, 'qwen2.5-coder:7b');
    assert.equal(info.contextWindow, 16384);
    assert.match(info.contextSource ?? '', /num_ctx/);
    assert.equal(info.advice, undefined);
    assert.equal(server.ollama.loads, 0, 'detection loads nothing');
  });

  test('an Ollama whose /api/chat does not answer is used through /v1 at its real window, with the fix', async () => {
    server = await startReplayServer({ emulate: 'ollama', models: ['qwen2.5-coder:7b'], reportedContext: 8192, ollama: { nativeApi: false }, script: [] });
    await settings({ baseUrl: server.baseUrl });
    const info = await (await api()).connection.refresh();
    assert.equal(info.status, 'ready', JSON.stringify(info));
    assert.equal(info.api, 'openai');
    assert.equal(info.contextWindow, 8192);
    assert.match(info.advice ?? '', /did not answer.*OLLAMA_CONTEXT_LENGTH/);
  });

  test('the context window setting overrides what the server reports', async () => {
    server = await startReplayServer({ emulate: 'llamacpp', models: ['qwen3-8b'], reportedContext: 4096, script: [] });
    await settings({ baseUrl: server.baseUrl });
    await settings({ contextWindow: 32768 });
    const info = await (await api()).connection.refresh();
    assert.equal(info.status, 'ready', JSON.stringify(info));
    assert.equal(info.contextWindow, 32768);
    assert.match(info.contextSource ?? '', /smallcode\.contextWindow/);
    assert.equal(info.advice, undefined);
  });

  test('a configured URL where nothing answers gives the setup state, not an exception', async () => {
    const closed = await startReplayServer({ script: [] });
    const url = closed.baseUrl;
    await closed.close();
    await settings({ baseUrl: url });
    const info = await (await api()).connection.refresh();
    assert.equal(info.status, 'no-server', JSON.stringify(info));
    assert.deepEqual(info.tried, [url]);
  });

  test('a model picked while a detection runs is the one used ("Select model" stores the server, then the model)', async () => {
    server = await startReplayServer({ emulate: 'llamacpp', models: ['model-a', 'model-b'], reportedContext: 8192, discoveryDelayMs: 250, script: [] });
    await settings({ baseUrl: server.baseUrl, model: 'model-a' });
    const smallcode = await api();
    assert.equal((await smallcode.connection.refresh()).model, 'model-a');
    const running = smallcode.connection.refresh(); // reads model-a; each discovery answer takes 250 ms
    await settings({ model: 'model-b' }); // lands while it runs: its change joins the running detection
    const info = await running;
    assert.equal(info.status, 'ready', JSON.stringify(info));
    assert.equal(info.model, 'model-b');
    assert.equal(smallcode.connection.current().model, 'model-b');
  });
});

