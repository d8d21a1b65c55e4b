// A greeting or a question about the assistant is answered, not treated as a task the model lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, runSession } from './helpers';

for (const [task, answer] of [
  ['hi', 'Hello! How can I help you today?'],
  ['What can you do?', 'I can read, search and edit files in this workspace and run commands. What would you like me to do?'],
]) {
  test(`"${task}" answered with a greeting is a finished run`, async () => {
    const s = await runSession(task, [{ text: answer }, { text: answer }]);
    try {
      assert.equal(s.result.success, true, s.result.error);
      assert.equal(s.result.response, answer);
      assert.equal(s.server.chatRequests.length, 1);
      assert.ok(!s.events.some((e) => e.type === 'warning' && e.source === 'greeting'));
    } finally {
      cleanup(s.root);
    }
  });
}

test('a greeting after the task has made calls still puts the task back', async () => {
  const s = await runSession('hi', [
    { text: hermes('find_files', { glob: '*.txt' }) },
    { text: 'Hello! How can I help you today?' },
    { text: 'There is one text file, a.txt.' },
  ], { files: { 'a.txt': 'A' } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(2), /You are in the middle of a task/);
  } finally {
    cleanup(s.root);
  }
});
