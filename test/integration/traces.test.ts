// Traces inside the real extension host: a run from the chat leaves its trace under
// .smallcode/traces (git-ignored by default), with the secret the model read redacted there but not
// from the model, and the trace exports to a file of the user's choosing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, settings } from '../support/smallcodeInVsCode';
import { startReplayServer, type ReplayServer } from '../support/replayServer';

const KEY = 'sk-proj-Zyx987wvu654TSR321qpo098NML765kji';

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const tracesDir = () => path.join(root(), '.smallcode', 'traces');
const traceFiles = () => (fs.existsSync(tracesDir()) ? fs.readdirSync(tracesDir()).filter((f) => f.endsWith('.json')).sort() : []);

suite('Traces in VS Code', () => {
  let server: ReplayServer | undefined;
  const exported = path.join(os.tmpdir(), `smallcode-trace-export-${process.pid}.json`);

  setup(() => {
    fs.writeFileSync(path.join(root(), '.env'), `OPENAI_API_KEY=${KEY}\n`);
  });

  teardown(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(path.join(root(), '.env'), { force: true });
    fs.rmSync(exported, { force: true });
    await settings({ baseUrl: undefined, model: undefined });
    await (await api()).chat.newChat();
  });

  test('a run writes a git-ignored, redacted trace that exports to a file', async () => {
    server = await startReplayServer({
      emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384,
      script: [
        { text: '<tool_call>\n{"name": "read_file", "arguments": {"path": ".env",}}\n</tool_call>' },
        { text: 'The .env file sets OPENAI_API_KEY.' },
      ],
    });
    await settings({ baseUrl: server.baseUrl, model: 'qwen2.5-coder-7b-instruct' });
    const smallcode = await api();
    await smallcode.connection.refresh();
    const before = new Set(traceFiles());
    await smallcode.chat.submit('What does .env configure?');
    const conversation = smallcode.history.currentId();

    assert.equal(server.chatRequests.length, 2);
    assert.ok(JSON.stringify(server.chatRequests[1]!.body.messages).includes(KEY), 'the model saw the real file');
    const written = traceFiles().filter((f) => !before.has(f));
    assert.equal(written.length, 1, `one new trace file: ${traceFiles().join(', ')}`);
    assert.match(written[0]!, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-c[0-9a-z]{9}-[0-9a-f]{8}-[0-9a-f]{8}\.json$/);
    assert.ok(written[0]!.includes(`-c${conversation}-`), `the file names its conversation (${conversation})`);
    assert.equal(fs.readFileSync(path.join(root(), '.smallcode', 'traces', '.gitignore'), 'utf8').trim(), '*', 'traces are git-ignored');
    const text = fs.readFileSync(path.join(tracesDir(), written[0]!), 'utf8');
    assert.ok(!text.includes(KEY), 'no secret in the trace file');
    const trace = JSON.parse(text);
    assert.equal(trace.turns.length, 2);
    assert.equal(trace.end.stopReason, 'done');
    assert.ok(trace.turns[0].reply.repairs.some((r: string) => /trailing comma/.test(r)));
    assert.ok(trace.turns[0].tools[0].repairs.length > 0);
    assert.ok(!fs.readdirSync(tracesDir()).some((f) => f.endsWith('smallcode-tmp')), 'no temp file left');

    // The tool card shows the repair too.
    const card = smallcode.chat.entries().find((e) => e.tool?.name === 'read_file');
    assert.ok(card?.tool?.repairs.some((r) => /trailing comma/.test(r)), JSON.stringify(card));

    assert.equal(await smallcode.traces.exportTo(vscode.Uri.file(exported)), true);
    const exportedText = fs.readFileSync(exported, 'utf8');
    assert.ok(!exportedText.includes(KEY));
    assert.equal(JSON.parse(exportedText).id, trace.id);

    // Deleting the conversation deletes its trace (it holds the conversation's messages); others stay.
    const other = path.join(tracesDir(), '2026-01-01T00-00-00.000Z-cother0000-00000000-abcdef12.json');
    fs.writeFileSync(other, '{}');
    await smallcode.history.delete(conversation);
    assert.ok(!fs.existsSync(path.join(tracesDir(), written[0]!)), 'the deleted conversation\'s trace is gone');
    assert.ok(fs.existsSync(other), 'another conversation\'s trace stays');
    fs.rmSync(other);
  });

  test('with no run in the conversation there is nothing to export', async () => {
    const smallcode = await api();
    await smallcode.chat.newChat();
    assert.equal(await smallcode.traces.exportTo(vscode.Uri.file(exported)), false);
    assert.equal(fs.existsSync(exported), false);
  });
});
