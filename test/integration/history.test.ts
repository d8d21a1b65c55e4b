// Saved conversations inside the real extension host: a window that dies while the model is answering
// (a crash, a kill: no deactivate, so nothing is saved at the end) leaves on disk what was saved as the
// run started, and that must give the model the task when the conversation is continued.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { api, settings, waitFor } from '../support/smallcodeInVsCode';
import { startReplayServer, type ReplayReply, type ReplayServer } from '../support/replayServer';

const TASK = 'Refactor the login flow into its own module.';

type Messages = { role: string; content: string | null }[];
const lastUser = (messages: Messages) => String([...messages].reverse().find((m) => m.role === 'user')?.content ?? '');

suite('Saved conversations in VS Code', () => {
  let server: ReplayServer | undefined;
  /** Lets the held reply go (the server closes only once its handlers are done). */
  let release: (() => void) | undefined;

  teardown(async () => {
    release?.();
    release = undefined;
    await server?.close();
    server = undefined;
    await settings({ baseUrl: undefined, model: undefined });
    await (await api()).chat.newChat();
  });

  test('a window that dies mid-run leaves the task with the model too: the conversation reopened, "Go on" reaches a model that has it', async () => {
    let arrived!: () => void;
    const held = new Promise<void>((resolve) => { arrived = resolve; });
    server = await startReplayServer({
      emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384,
      handler: (req): ReplayReply | Promise<ReplayReply> => {
        const messages = req.body.messages as Messages;
        if (lastUser(messages).includes('Go on.')) return { text: JSON.stringify(messages).includes(TASK) ? 'Going on with the login refactor.' : 'Go on with what?' };
        arrived();
        return new Promise((resolve) => { release = () => resolve({ text: 'Finally.' }); });
      },
    });
    await settings({ baseUrl: server.baseUrl, model: 'qwen2.5-coder-7b-instruct' });
    const smallcode = await api();
    await smallcode.connection.refresh();
    await smallcode.chat.newChat();
    const id = smallcode.history.currentId();
    const file = path.join(smallcode.history.folder.fsPath, `${id}.json`);

    const sending = smallcode.chat.submit(TASK);
    await held; // the model is answering
    const atStart = await waitFor('the conversation saved as its run started', () => fs.existsSync(file) && fs.readFileSync(file, 'utf8'));
    assert.ok(atStart.includes(TASK));
    // The window dies here. This one goes on to end the run, then puts back what a dead one leaves on disk.
    smallcode.chat.stop();
    await sending;
    fs.writeFileSync(file, atStart);

    await smallcode.chat.newChat();
    await smallcode.history.open(id);
    assert.deepEqual(smallcode.chat.entries().filter((e) => e.role === 'user').map((e) => e.text), [TASK], 'the chat shows the message');
    const before = server.chatRequests.length;
    await smallcode.chat.submit('Go on.');
    const request = server.chatRequests.slice(before).find((r) => lastUser(r.body.messages as Messages).includes('Go on.'));
    assert.ok(request, 'the model was asked');
    const messages = request.body.messages as Messages;
    assert.equal(JSON.stringify(messages).split(TASK).length - 1, 1, 'the request carries the task, once');
    const roles = messages.map((m) => m.role).filter((r) => r !== 'system');
    assert.ok(roles.every((r, i) => i === 0 || r !== roles[i - 1]), `strictly alternating turns (Mistral, Gemma): ${roles.join(', ')}`);
    assert.equal(smallcode.chat.entries().filter((e) => e.role === 'assistant').at(-1)?.text, 'Going on with the login refactor.');
  });
});
