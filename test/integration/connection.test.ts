// Server detection inside the real extension host, against the replay server emulating real
// servers' discovery endpoints over HTTP on 127.0.0.1.
import * as assert from 'node:assert/strict';
import { api, settings, waitFor } from '../support/smallcodeInVsCode';
import { startReplayServer, type ReplayServer } from '../support/replayServer';

suite('Model server detection', () => {
  let server: ReplayServer | undefined;

  teardown(async () => {
    await server?.close();
    server = undefined;
    await settings({ baseUrl: undefined, model: undefined, contextWindow: undefined, rules: undefined });
    await (await api()).testing!.storeApiKeySecret(undefined);
    await (await api()).chat.newChat();
  });

  /** The paths asked with `key` (the chat client sends a placeholder without one: local servers want none). */
  const keyed = (s: ReplayServer, key: string, from = 0) => s.requests.slice(from).filter((r) => r.headers.authorization?.includes(key)).map((r) => r.path);

  /** The server restarted on the same port with other options (a model reloaded with another window). */
  async function restart(options: Parameters<typeof startReplayServer>[0]): Promise<ReplayServer> {
    const port = server!.port;
    await server!.close();
    server = await startReplayServer({ ...options, port });
    return server;
  }

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

  test('auto-detection names a server on a known port that wants a key, and sends it no key', async () => {
    const port = Number(process.env.SMALLCODE_TEST_DETECT_PORTS);
    server = await startReplayServer({ port, emulate: 'lmstudio', apiKey: 'k', models: ['qwen2.5-coder-7b'], script: [] });
    const smallcode = await api();
    const info = await smallcode.connection.refresh();
    assert.equal(info.status, 'error', JSON.stringify(info));
    assert.equal(info.problem, 'unauthorised');
    assert.equal(info.endpoint, server.baseUrl);
    assert.ok(info.message?.includes(`127.0.0.1:${port} needs an API key. Press "Set API key"`), info.message);
    assert.ok(info.message?.includes(`set smallcode.baseUrl to ${server.baseUrl} and run "SmallCode: Set API key"`), info.message);
    assert.ok(server.requests.length > 0 && server.requests.every((r) => r.headers.authorization === undefined));
    // configured, still without a key: the same problem, said for that URL
    await settings({ baseUrl: server.baseUrl });
    const configured = await smallcode.connection.refresh();
    assert.equal(configured.problem, 'unauthorised', JSON.stringify(configured));
    assert.match(configured.message ?? '', /needs an API key \(HTTP 401\)/);
  });

  test('a configured model the server does not have is the error, with the models it has, not window advice', async () => {
    server = await startReplayServer({ emulate: 'lmstudio', models: ['qwen2.5-coder-7b', 'llama-3.2-3b'], reportedContext: 32768, script: [] });
    await settings({ baseUrl: server.baseUrl, model: 'qwen2.5-coder:7b' });
    const smallcode = await api();
    const info = await smallcode.connection.refresh();
    assert.equal(info.status, 'error', JSON.stringify(info));
    assert.equal(info.problem, 'model-missing');
    assert.equal(info.advice, undefined);
    assert.deepEqual(info.models, ['qwen2.5-coder-7b', 'llama-3.2-3b']);
    assert.equal(info.message, `"qwen2.5-coder:7b" (setting smallcode.model) is not on LM Studio at ${server.baseUrl}; available: qwen2.5-coder-7b, llama-3.2-3b. Run "SmallCode: Select model" to pick one.`);
    await smallcode.chat.submit('Hello');
    assert.equal(smallcode.chat.entries().at(-1)?.text, info.message, 'a task is told the same');
    assert.equal(server.chatRequests.length, 0);
  });

  test('only the settings detection reads set it off, and quietly: rules typed change nothing', async () => {
    server = await startReplayServer({ emulate: 'llamacpp', models: ['model-a', 'model-b'], reportedContext: 16384, discoveryDelayMs: 100, script: [] });
    await settings({ baseUrl: server.baseUrl, model: 'model-a' });
    const smallcode = await api();
    assert.equal((await smallcode.connection.refresh()).status, 'ready');
    const listed = () => server!.requests.filter((r) => r.path === '/v1/models').length;
    const before = listed();
    await settings({ rules: 'Always answer in French.' });
    await settings({ model: 'model-b' });
    assert.equal(smallcode.connection.current().status, 'ready', 'no "detecting" state while it looks again');
    await waitFor('model-b to be detected', () => smallcode.connection.current().model === 'model-b');
    assert.equal(listed() - before, 1, 'one detection, for the model; none for the rules');
  });

  test('a window the user raised as advised is found at the next task (LM Studio reloaded at 32k)', async () => {
    server = await startReplayServer({ emulate: 'lmstudio', models: ['qwen2.5-coder-7b'], reportedContext: 4096, script: [] });
    await settings({ baseUrl: server.baseUrl });
    const smallcode = await api();
    const first = await smallcode.connection.refresh();
    assert.equal(first.contextWindow, 4096);
    assert.match(first.advice ?? '', /Context Length 32768/);
    await restart({ emulate: 'lmstudio', models: ['qwen2.5-coder-7b'], reportedContext: 32768, script: [{ text: 'Hello.' }] });
    await smallcode.chat.submit('Say hello');
    assert.equal(smallcode.chat.entries().at(-1)?.text, 'Hello.');
    const now = smallcode.connection.current();
    assert.equal(now.contextWindow, 32768, JSON.stringify(now));
    assert.equal(now.advice, undefined);
  });

  test('a server restarted with a smaller window is detected again after its context-exceeded error; the run goes on', async () => {
    server = await startReplayServer({ emulate: 'llamacpp', models: ['qwen3-8b'], reportedContext: 32768, script: [] });
    await settings({ baseUrl: server.baseUrl });
    const smallcode = await api();
    assert.equal((await smallcode.connection.refresh()).contextWindow, 32768);
    await restart({ emulate: 'llamacpp', models: ['qwen3-8b'], reportedContext: 16384, script: [
      { error: { status: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } },
      { text: 'Done.' },
    ] });
    await smallcode.chat.submit('Say done');
    assert.equal(smallcode.chat.entries().at(-1)?.text, 'Done.');
    await waitFor('the smaller window to be detected', () => smallcode.connection.current().contextWindow === 16384);
  });

  test('a stored key goes to the configured server only: once the setting is cleared, the same server found by the scan gets none', async () => {
    const port = Number(process.env.SMALLCODE_TEST_DETECT_PORTS);
    server = await startReplayServer({ port, emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384, script: [{ text: 'Configured.' }, { text: 'Scanned.' }] });
    const smallcode = await api();
    await settings({ baseUrl: server.baseUrl });
    await smallcode.testing!.storeApiKeySecret('sk-stored-by-an-older-version'); // a bare key: it belongs to the configured server
    assert.equal((await smallcode.connection.refresh()).status, 'ready');
    await smallcode.chat.submit('Say configured');
    assert.equal(smallcode.chat.entries().at(-1)?.text, 'Configured.');
    assert.equal(server.chatRequests.at(-1)?.headers.authorization, 'Bearer sk-stored-by-an-older-version');
    // back to auto-detection: the scan finds the same endpoint
    await settings({ baseUrl: undefined });
    const from = server.requests.length;
    const info = await smallcode.connection.refresh();
    assert.equal(info.status, 'ready', JSON.stringify(info));
    assert.equal(info.endpoint, server.baseUrl);
    await smallcode.chat.submit('Say scanned');
    assert.equal(smallcode.chat.entries().at(-1)?.text, 'Scanned.');
    assert.ok(server.requests.length > from);
    assert.deepEqual(keyed(server, 'sk-stored-by-an-older-version', from), [], 'no detection request and no chat request carries the key');
  });

  test('a key is kept for the server it was set for: another configured server does not get it', async () => {
    const a = await startReplayServer({ emulate: 'llamacpp', apiKey: 'sk-for-a', models: ['model-a'], reportedContext: 16384, script: [] });
    try {
      server = await startReplayServer({ emulate: 'lmstudio', models: ['model-b'], reportedContext: 16384, script: [{ text: 'From B.' }] });
      const smallcode = await api();
      await settings({ baseUrl: a.baseUrl });
      await smallcode.testing!.storeApiKeySecret('sk-for-a');
      assert.equal((await smallcode.connection.refresh()).status, 'ready', 'A gets its key');
      await settings({ baseUrl: server.baseUrl });
      const info = await smallcode.connection.refresh();
      assert.equal(info.model, 'model-b', JSON.stringify(info));
      await smallcode.chat.submit('Hello');
      assert.equal(smallcode.chat.entries().at(-1)?.text, 'From B.');
      assert.deepEqual(keyed(server, 'sk-for-a'), [], 'B never saw the key');
      await settings({ baseUrl: a.baseUrl });
      const back = await smallcode.connection.refresh();
      assert.equal(back.status, 'ready', `A still gets it: ${JSON.stringify(back)}`);
    } finally { await a.close(); }
  });

  test('a server that stops, or gives its port to a web app, while ready is looked for again: the status says so, and the next task finds it back', async () => {
    server = await startReplayServer({ emulate: 'llamacpp', models: ['qwen3-8b'], reportedContext: 16384, script: [] });
    const port = server.port;
    await settings({ baseUrl: server.baseUrl });
    const smallcode = await api();
    assert.equal((await smallcode.connection.refresh()).status, 'ready');
    await server.close();
    await smallcode.chat.submit('Hello');
    assert.match(smallcode.chat.entries().at(-1)?.text ?? '', /Cannot reach a model server/);
    await waitFor('the setup state after the failed task', () => smallcode.connection.current().status === 'no-server');
    server = await startReplayServer({ port, emulate: 'llamacpp', models: ['qwen3-8b'], reportedContext: 16384, script: [{ text: 'Back.' }] });
    await smallcode.chat.submit('Hello again');
    assert.equal(smallcode.chat.entries().at(-1)?.text, 'Back.');
    await server.close();
    server = await startReplayServer({ port, htmlPage: true }); // another program on the port
    await smallcode.chat.submit('And again');
    await waitFor('the web app to be named', () => smallcode.connection.current().problem === 'not-found');
  });

  test('Stop ends a run that still waits for the model server to answer', async () => {
    server = await startReplayServer({ emulate: 'llamacpp', models: ['qwen3-8b'], reportedContext: 16384, discoveryDelayMs: 60_000, script: [] });
    await settings({ baseUrl: server.baseUrl });
    const smallcode = await api();
    const sending = smallcode.chat.submit('Hello');
    await waitFor('the run to wait for the server', () => smallcode.chat.running() && server!.requests.length > 0);
    const stopped = Date.now();
    smallcode.chat.stop();
    await sending;
    assert.ok(Date.now() - stopped < 2000, `the run ended ${Date.now() - stopped} ms after Stop`);
    assert.equal(smallcode.chat.entries().at(-1)?.text, 'Stopped. No partial edit was written.');
    await server.close(); // the detection ends with it
    await smallcode.connection.refresh();
  });
});
