// "Always allow" on a command card: kept per workspace in VS Code's workspace state (never in the
// repository's settings), and dropped again through "Forget commands allowed in this workspace".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forgetAllowedCommands, WorkspaceAllowedCommands } from '../../../src/extension/agentHost/workspaceAllowedCommands';

function memento(initial?: unknown) {
  const values = new Map<string, unknown>(initial === undefined ? [] : [['smallcode.allowedCommands', initial]]);
  return {
    values,
    get: <T>(key: string): T | undefined => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => { values.set(key, structuredClone(value)); },
  };
}

function ui(pick: (items: { label: string; picked?: boolean }[]) => { label: string }[] | undefined) {
  const shown: string[] = [];
  return {
    shown,
    showInformationMessage: (async (message: string) => { shown.push(message); return undefined; }) as never,
    showQuickPick: (async (items: { label: string; picked?: boolean }[]) => pick(items)) as never,
  };
}

test('allowed commands are kept exactly as written, once each, in the workspace state', async () => {
  const state = memento();
  const allowed = new WorkspaceAllowedCommands(state);
  assert.equal(allowed.has('npm test'), false);
  await allowed.add('npm test');
  await allowed.add('npm test');
  await allowed.add('node -e "console.log(6 * 7)"');
  assert.deepEqual(allowed.list(), ['npm test', 'node -e "console.log(6 * 7)"']);
  assert.equal(allowed.has('npm test'), true);
  assert.equal(allowed.has('npm  test'), false, 'only the exact command');
  assert.deepEqual(new WorkspaceAllowedCommands(state).list(), allowed.list(), 'what a new window of the workspace reads');
});

test('a damaged stored value allows nothing rather than throwing', () => {
  assert.deepEqual(new WorkspaceAllowedCommands(memento('npm test')).list(), []);
  assert.deepEqual(new WorkspaceAllowedCommands(memento(['ls', 7, null])).list(), ['ls']);
});

test('Forget lists the allowed commands and drops the ones picked; the others stay allowed', async () => {
  const state = memento(['npm test', 'make lint', 'ls']);
  const allowed = new WorkspaceAllowedCommands(state);
  let offered: { label: string; picked?: boolean }[] = [];
  const screen = ui((items) => { offered = items; return items.filter((i) => i.label !== 'ls'); });
  assert.deepEqual(await forgetAllowedCommands(allowed, screen), ['npm test', 'make lint']);
  assert.deepEqual(offered.map((i) => [i.label, i.picked]), [['npm test', true], ['make lint', true], ['ls', true]]);
  assert.deepEqual(allowed.list(), ['ls']);
  assert.match(screen.shown.at(-1)!, /2 commands ask again/);
});

test('Forget with nothing allowed says so; dismissing the pick forgets nothing', async () => {
  const none = ui(() => assert.fail('no pick is offered for an empty list'));
  assert.deepEqual(await forgetAllowedCommands(new WorkspaceAllowedCommands(memento()), none), []);
  assert.match(none.shown[0]!, /no command is allowed in this workspace/);
  const allowed = new WorkspaceAllowedCommands(memento(['ls']));
  assert.deepEqual(await forgetAllowedCommands(allowed, ui(() => undefined)), []);
  assert.deepEqual(allowed.list(), ['ls']);
});
