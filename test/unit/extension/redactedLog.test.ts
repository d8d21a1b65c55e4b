// The output channel every component gets: each line redacted before it reaches VS Code's channel
// (and its log file on disk), however the line was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { redactedLog } from '../../../src/extension/agentHost/redactedLog';
import { redactSecrets, scrubKnown } from '../../../src/core/security/redactSecrets';

function fakeChannel() {
  const lines: string[] = [];
  const calls: string[] = [];
  const record = (level: string) => (text: string) => { lines.push(`${level} ${text}`); };
  const channel = {
    name: 'SmallCode', logLevel: 2, onDidChangeLogLevel: () => ({ dispose() {} }),
    trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'),
    append: record('append'), appendLine: record('appendLine'), replace: record('replace'),
    clear: () => calls.push('clear'), show: (...args: unknown[]) => calls.push(`show ${JSON.stringify(args)}`), hide: () => calls.push('hide'), dispose: () => calls.push('dispose'),
  };
  return { channel: channel as unknown as vscode.LogOutputChannel, lines, calls };
}

test('every way of writing a line reaches the channel redacted; the channel\'s other members pass through', () => {
  const { channel, lines, calls } = fakeChannel();
  const log = redactedLog(channel, () => new Set(), { redactSecrets, scrubKnown });
  log.warn('Model server at https://u:p4ssw0rd@host/v1: fetch failed');
  log.info('Using LM Studio at', 'http://me:hunter2x@127.0.0.1:1234/v1');
  log.warn('Ignored a malformed message from the chat panel', { type: 'submit', text: 'my key is sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789' });
  log.error(new Error('request failed: Authorization: Bearer abcdef0123456789abcdef'));
  log.trace('password=hunter2 a'); log.debug('token=abc123def456');
  log.append('ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'); log.appendLine('x-api-key: 0123456789abcdef0123456789abcdef'); log.replace('DATABASE_URL=postgres://a:S3cr3tPass@db/x');
  const all = lines.join('\n');
  for (const secret of ['p4ssw0rd', 'hunter2', 'sk-proj-AbCd', 'abcdef0123456789abcdef', 'abc123def456', 'ghp_0123', '0123456789abcdef0123456789abcdef', 'S3cr3tPass']) {
    assert.ok(!all.includes(secret), `${secret} reached the channel:\n${all}`);
  }
  assert.equal(lines.length, 9);
  assert.match(lines[0]!, /^warn Model server at https:\/\/u:\[REDACTED\]@host\/v1: fetch failed$/);
  assert.match(lines[2]!, /^warn Ignored a malformed message from the chat panel \{"type":"submit","text":"my key is \[REDACTED\]"\}$/, 'an argument is joined into the line as the channel would');
  assert.match(lines[3]!, /^error Error: request failed: Authorization: Bearer \[REDACTED\]/);
  assert.equal(log.name, 'SmallCode');
  log.show(true); log.hide(); log.clear(); log.dispose();
  assert.deepEqual(calls, ['show [true]', 'hide', 'clear', 'dispose']);
});

test('a line is written without the values the conversation found secret, learned before or after the log was made', () => {
  const { channel, lines } = fakeChannel();
  const known = new Set<string>();
  const log = redactedLog(channel, () => known, { redactSecrets, scrubKnown });
  known.add('correcthorsebattery');
  log.info('run: $ echo correcthorsebattery | docker login --password-stdin');
  log.appendLine('ADMIN_PASS is correcthorsebattery');
  assert.deepEqual(lines, ['info run: $ echo [REDACTED] | docker login --password-stdin', 'appendLine ADMIN_PASS is [REDACTED]']);
});
