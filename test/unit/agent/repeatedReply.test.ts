import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repeatsPreviousReply } from '../../../src/core/agent/repeatedReply';
import type { TurnRecord } from '../../../src/core/governor';

const reply = (text: string, extra: Partial<TurnRecord> = {}): TurnRecord => ({ text, calls: [], ...extra });

test('the same reply without calls twice is a repeat; whitespace does not make it different', () => {
  assert.equal(repeatsPreviousReply([reply('Hello! How can I help?'), reply('Hello!  How can I help?\n')]), true);
  assert.equal(repeatsPreviousReply([reply('Hello!'), reply('Something else.')]), false);
  assert.equal(repeatsPreviousReply([reply(''), reply('')]), false, 'empty replies are the empty-reply detector\'s');
  assert.equal(repeatsPreviousReply([reply('Read it.', { calls: [{ name: 'read_file', args: { path: 'a' }, ok: true }] }), reply('Read it.')]), false);
});

test('a repeated reply whose call could not be read is left to the unreadable-calls detector', () => {
  const broken = '<tool_call>{"name": "write_file", "arguments": {"path": "a.py", "content": "return "x""}}</tool_call>';
  assert.equal(repeatsPreviousReply([reply(broken, { unreadable: 'broken' }), reply(broken, { unreadable: 'broken' })]), false);
  assert.equal(repeatsPreviousReply([reply(broken, { unreadable: 'cut' }), reply(broken, { unreadable: 'cut' })]), false);
});
