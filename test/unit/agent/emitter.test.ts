// The agent's event emitter: a listener that throws neither stops the others nor goes unreported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentEmitter, type AgentEvent } from '../../../src/core/agent';

test('a throwing listener is reported and the other listeners still get the event', () => {
  const emitter = new AgentEmitter();
  const reported: string[] = [];
  emitter.reportListenerError = (error, type) => reported.push(`${type}: ${(error as Error).message}`);
  const seen: AgentEvent[] = [];
  emitter.on('warning', () => { throw new Error('broken view'); });
  emitter.onAny((event) => seen.push(event));
  emitter.emit('warning', { message: 'careful', source: 'test' });
  assert.deepEqual(reported, ['warning: broken view']);
  assert.deepEqual(seen, [{ type: 'warning', message: 'careful', source: 'test' }]);
});
