import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProposal } from '../../../src/core/tools/proposalPolicy';

const at = (path: string, realPath = path) => ({ ok: true as const, path, realPath });

test('a proposal that would write a redaction mark over a secret is refused, naming the line', () => {
  const original = 'API_KEY=sk-live-1234567890abcdef\nPORT=3000\n';
  const proposed = 'API_KEY=[REDACTED]\nPORT=8080\n';
  assert.deepEqual(checkProposal(at('.env'), original, proposed), { ok: false, kind: 'redaction-mark', line: 'API_KEY=[REDACTED]' });
  // A mark the file already has is not new: that line is not the proposal's doing.
  assert.deepEqual(checkProposal(at('notes.md'), 'x [REDACTED] y\n', 'x [REDACTED] y\nmore\n'), { ok: true });
});

test('a file that decides what commands run is marked, also through a link', () => {
  const verdict = checkProposal(at('package.json'), '{}\n', '{"scripts":{"test":"x"}}\n');
  assert.equal(verdict.ok, true);
  assert.match((verdict as { runsCommands?: string }).runsCommands ?? '', /package\.json/);
  const linked = checkProposal(at('docs/link.json', 'package.json'), '{}\n', '{"a":1}\n');
  assert.match((linked as { runsCommands?: string }).runsCommands ?? '', /a link to package\.json/);
  assert.deepEqual(checkProposal(at('src/a.ts'), 'a\n', 'b\n'), { ok: true });
});

test('a path the model may not write is refused with the write policy\'s reason', () => {
  const verdict = checkProposal(at('.vscode/settings.json'), null, '{}\n');
  assert.equal(verdict.ok, false);
  assert.equal((verdict as { kind: string }).kind, 'not-writable');
});
