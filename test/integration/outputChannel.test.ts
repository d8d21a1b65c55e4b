// What reaches SmallCode's output channel, which VS Code also writes to its logs folder on disk: no
// secret, whichever component wrote the line (every component gets the redacted channel).
import * as assert from 'node:assert/strict';
import { api, logText, settings, waitFor } from '../support/smallcodeInVsCode';
import { startReplayServer } from '../support/replayServer';

suite('The output channel', () => {
  teardown(async () => {
    await settings({ baseUrl: undefined });
  });

  test('a password in smallcode.baseUrl never reaches the log file when the server cannot be reached', async () => {
    const closed = await startReplayServer({ script: [] });
    const port = closed.port;
    await closed.close();
    const password = 'p4ssw0rd-in-url';
    await settings({ baseUrl: `http://smallcode:${password}@127.0.0.1:${port}/v1` });
    const smallcode = await api();
    const info = await smallcode.connection.refresh();
    assert.notEqual(info.status, 'ready', JSON.stringify(info));
    // the channel writes to disk in batches: wait for the detection's line, then look at all of it
    const text = await waitFor('the detection\'s line in the log file', () => { const t = logText(smallcode.logUri.fsPath); return t.includes(`127.0.0.1:${port}`) && t; }, 15_000);
    assert.ok(!text.includes(password), `the password reached the log:\n${text.split('\n').filter((l) => l.includes(password)).join('\n')}`);
  });
});
