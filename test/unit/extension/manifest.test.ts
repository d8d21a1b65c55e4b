// The manifest and what the README says of it. The settings a cloned repository must not set are user settings only ("scope": "application": VS Code
// ignores them in a workspace's .vscode/settings.json). Object settings would otherwise be merged with
// the user's own (a repository's `allowedTools` added to the user's MCP server); a repository's model or
// window would silently win over Select model, which writes user settings.
// test/e2e/commandApproval.test.mjs checks in a real workbench that a repository's values are ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string }[]; configuration: { properties: Record<string, { scope?: string; markdownDescription?: string; description?: string }> } };
};
const settings = manifest.contributes.configuration.properties;

const USER_ONLY = [
  'baseUrl', 'model', 'contextWindow', // where the code goes, and what it runs there with
  'approval.edits', 'approval.commands', 'approval.allowedCommands', // what runs without asking
  'mcpServers', // what starts on this machine, and which of its tools run without asking
  'web.enabled', 'rules', 'escalation.baseUrl', 'escalation.model', 'escalation.maxPerSession',
  'ollama.keepAlive', // how long the model holds this machine's memory, or a reload at every reply
];

test('settings that decide where code goes and what runs unasked are user settings only, and say so', () => {
  for (const name of USER_ONLY) {
    const setting = settings[`smallcode.${name}`];
    assert.ok(setting, `smallcode.${name} is declared`);
    assert.equal(setting.scope, 'application', `smallcode.${name} can be set by a repository`);
  }
  for (const name of ['baseUrl', 'model', 'contextWindow', 'approval.edits', 'approval.commands', 'approval.allowedCommands', 'mcpServers']) {
    assert.match(settings[`smallcode.${name}`]!.markdownDescription ?? '', /User settings only/, `smallcode.${name} does not say it`);
  }
});

test('the README\'s Commands section names every command', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Commands\n'), readme.indexOf('\n## ', readme.indexOf('\n## Commands\n') + 1)).replace(/\s+/g, ' ');
  for (const { title } of manifest.contributes.commands) assert.ok(section.includes(title), `"${title}" is not in the README's Commands`);
});
