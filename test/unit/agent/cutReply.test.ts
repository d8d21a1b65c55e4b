// A reply cut at the length limit: whatever call it ends in may be missing its tail, so nothing that
// changes a file or runs a command is run from it, and the model is told to make smaller calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, filesOf, hermes, runSession } from './helpers';

const SRC = 'def main():\n    a()\n    b()\n';
const CUT = /cut off at the length limit[^"]*Make smaller calls/;

test('a Qwen XML patch cut inside its replace is not applied; the model is told it was cut', async () => {
  const s = await runSession('Make main call c() too.', [
    { text: '<function=patch>\n<parameter=path>\napp.py\n</parameter>\n<parameter=search>\ndef main():\n    a()\n    b()\n</parameter>\n<parameter=replace>\ndef main():\n    a()', finishReason: 'length' },
    { text: hermes('patch', { path: 'app.py', search: '    b()\n', replace: '    b()\n    c()\n' }) },
    { text: 'main now calls c().' },
  ], { files: { 'app.py': SRC } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), CUT);
    assert.deepEqual(filesOf(s.root), { 'app.py': `${SRC}    c()\n` });
  } finally {
    cleanup(s.root);
  }
});

test('a write_file that reads as whole from a reply cut at the length limit is not run; a search beside it is', async () => {
  const s = await runSession('Create new.py.', [
    { text: `${hermes('search', { pattern: 'main' })}\n${hermes('write_file', { path: 'new.py', content: 'import os\n' })}`, finishReason: 'length' },
    { text: hermes('write_file', { path: 'new.py', content: 'import os\nprint(os.name)\n' }) },
    { text: 'Created.' },
  ], { files: { 'app.py': SRC } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.deepEqual(s.result.toolCalls.map((c) => [c.name, c.ok]), [['search', true], ['write_file', false], ['write_file', true]]);
    assert.match(s.sent(1), /Not run: your reply was cut off/);
    assert.match(s.sent(1), CUT);
    assert.deepEqual(filesOf(s.root), { 'app.py': SRC, 'new.py': 'import os\nprint(os.name)\n' });
  } finally {
    cleanup(s.root);
  }
});

test('a run command from a cut reply is not run', async () => {
  const s = await runSession('Clean up.', [
    { text: hermes('run', { command: 'echo hi > ran.txt' }), finishReason: 'length' },
    { text: 'I will stop here.' },
  ], { files: { 'app.py': SRC } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), CUT);
    assert.deepEqual(filesOf(s.root), { 'app.py': SRC });
  } finally {
    cleanup(s.root);
  }
});

test('a GLM call cut inside a value beside a read: the read runs, the model hears its other call was cut', async () => {
  const s = await runSession('Look, then write.', [
    { text: `${hermes('read_file', { path: 'app.py' })}\n<tool_call>write_file<arg_key>path</arg_key><arg_value>b.py</arg_value><arg_key>content</arg_key><arg_value>import os\ndef f(`, finishReason: 'length' },
    { text: 'Done looking.' },
  ], { files: { 'app.py': SRC } });
  try {
    assert.deepEqual(s.result.toolCalls.map((c) => c.name), ['read_file']);
    assert.match(s.sent(1), CUT);
    assert.deepEqual(filesOf(s.root), { 'app.py': SRC });
  } finally {
    cleanup(s.root);
  }
});

test('a native call whose arguments the length limit cut is reported as cut, not taken as the answer', async () => {
  const s = await runSession('Create a.py.', [
    { toolCalls: [{ name: 'write_file', arguments: '{"path": "a.py", "content": "import o' }], finishReason: 'length' },
    { text: hermes('write_file', { path: 'a.py', content: 'import os\n' }) },
    { text: 'Created a.py.' },
  ], { model: 'ministral-8b-instruct' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), CUT);
    assert.deepEqual(filesOf(s.root), { 'a.py': 'import os\n' });
  } finally {
    cleanup(s.root);
  }
});
