// Slash commands while SmallCode works: those that only show something run at once (where did my
// tokens go is asked mid-run); those that would change the conversation or the agent wait, and say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLASH_COMMANDS, type SlashCommandName } from '../../../src/shared/chatProtocol';
import { refusedWhileRunning } from '../../../src/webview/commandsWhileRunning';

/** `/name args` as the composer's parser splits it. */
const refused = (line: string) => {
  const [, name, args = ''] = /^\/(\w+)(?:\s+(.*))?$/.exec(line)!;
  assert.ok((SLASH_COMMANDS as readonly string[]).includes(name!), line);
  return refusedWhileRunning(name as SlashCommandName, args);
};

test('commands that only show something run while a task runs', () => {
  for (const line of ['/help', '/tokens', '/trace', '/budget', '/index', '/memory', '/memory list', '/mcp', '/rules', '/profile', '/plan']) {
    assert.equal(refused(line), undefined, line);
  }
});

test('commands that change the conversation or the agent wait, each with why', () => {
  assert.match(refused('/clear')!, /^\/clear starts a new conversation, which would end the task/);
  assert.match(refused('/plan add a --verbose flag')!, /^\/plan <task> starts a task/);
  assert.match(refused('/memory forget build-cmd')!, /^\/memory forget changes what SmallCode remembers/);
  assert.match(refused('/memory delete')!, /^\/memory forget/);
  assert.match(refused('/model')!, /^\/model picks another model/);
  // every command is decided one way or the other, none by accident of a missing case
  assert.equal(SLASH_COMMANDS.filter((name) => refusedWhileRunning(name, '') !== undefined).sort().join(), 'clear,model');
});
