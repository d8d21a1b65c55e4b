// Sessions the governor ends early instead of at the request limit (the user rejecting edits, calls
// that cannot be read or are cut each time a little differently, a write_file refused again and again),
// and an answer it must not take for a lost task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, read, runSession } from './helpers';

test('the user rejects two edits to one file: the run stops naming the rejections, never saying the SEARCH was wrong', async () => {
  let asked = 0;
  const s = await runSession('Change a in a.js', (_req, i) => ({ text: hermes('patch', { path: 'a.js', search: 'const a = 1;', replace: `const a = ${i + 10};` }) }), {
    files: { 'a.js': 'const a = 1;\nconst b = 2;\n' },
    reviewEdit: async () => { asked++; return { kind: 'rejected', reason: 'I want a named constant instead' } as never; },
  });
  try {
    assert.equal(s.result.stopReason, 'governor');
    assert.equal(s.result.error, 'Stopped: you rejected 2 edits to a.js. Say what you want changed, and the model will go on from there.');
    assert.equal(asked, 2);
    assert.equal(s.server.chatRequests.length, 2);
    assert.doesNotMatch(s.sent(1), /SEARCH text is not in the file/);
    assert.equal(read(s.root, 'a.js'), 'const a = 1;\nconst b = 2;\n');
  } finally {
    cleanup(s.root);
  }
});

test('broken call markup, different each time: stopped after the third reply, not at the request limit', async () => {
  const s = await runSession('Read a.js', (_req, i) => ({ text: `<tool_call>{"name": "read_file", "arguments": {"path": "a.js" attempt ${i}</tool_call>` }), { files: { 'a.js': 'x\n' } });
  try {
    assert.equal(s.result.stopReason, 'governor');
    assert.equal(s.server.chatRequests.length, 3);
    assert.match(s.result.error!, /tool calls could not be read 3 times in a row/);
  } finally {
    cleanup(s.root);
  }
});

test('the same unreadable call twice is left to the unreadable-calls limit, not called "the same reply without a tool"', async () => {
  // unescaped quotes and raw newlines in `content`: the commonest 3B slip, repeated at low temperature
  const broken = '<tool_call>{"name": "write_file", "arguments": {"path": "a.py", "content": "def f():\n    return "x"\n"}}</tool_call>';
  const s = await runSession('Create a.py with f returning x', () => ({ text: broken }), { files: { 'b.py': 'x\n' } });
  try {
    assert.equal(s.result.stopReason, 'governor');
    assert.equal(s.server.chatRequests.length, 3);
    assert.match(s.result.error!, /tool calls could not be read 3 times in a row/);
    assert.doesNotMatch(s.result.error!, /without calling a tool/);
    // each retry note says what was wrong, not only that the call could not be read
    assert.match(s.sent(1), /could not be read[\s\S]*The \\"content\\" value has a \\" that is not escaped, so the string ended early\. Inside a JSON string, write each \\" as \\\\\\" and each line break as \\\\n\./);
  } finally {
    cleanup(s.root);
  }
});

test('a write_file cut at the length limit, a little longer each time: stopped after the third', async () => {
  const s = await runSession('Create big.js', (_req, i) => ({ text: `<tool_call>{"name": "write_file", "arguments": {"path": "big.js", "content": "${'line\\n'.repeat(50 + i)}`, finishReason: 'length' }), { files: { 'a.js': 'x\n' } });
  try {
    assert.equal(s.result.stopReason, 'governor');
    assert.equal(s.server.chatRequests.length, 3);
    assert.match(s.result.error!, /cut off at the length limit in the middle of a tool call 3 times in a row/);
  } finally {
    cleanup(s.root);
  }
});

test('write_file on a long file, refused each time with slightly different content: warned at the third, stopped at the fifth', async () => {
  const src = Array.from({ length: 120 }, (_, i) => `line ${i}`).join('\n') + '\n';
  const s = await runSession('Change line 5 of a.js', (_req, i) => ({ text: hermes('write_file', { path: 'a.js', content: src.replace('line 5', `line 5 v${i}`) }) }), { files: { 'a.js': src } });
  try {
    assert.equal(s.result.stopReason, 'governor');
    assert.equal(s.server.chatRequests.length, 5);
    assert.match(s.sent(3), /write_file on a\.js was refused 3 times/);
    assert.equal(s.result.error, 'Stopped: write_file on a.js was refused 5 times in a row.');
    assert.equal(read(s.root, 'a.js'), src);
  } finally {
    cleanup(s.root);
  }
});

test('an explanation that ends with "What would you like me to do with it?" is the answer, in one request after the read', async () => {
  const answer = 'cart.js exports total(items), which sums the price of every item in the list. What would you like me to do with it?';
  const s = await runSession('What does cart.js do?', [{ text: hermes('read_file', { path: 'cart.js' }) }, { text: answer }, { text: answer }], {
    files: { 'cart.js': 'function total(items) {\n  return items.reduce((s, i) => s + i.price, 0);\n}\nmodule.exports = { total };\n' },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(s.result.response, answer);
    assert.equal(s.server.chatRequests.length, 2);
  } finally {
    cleanup(s.root);
  }
});

test('a tool that does not exist, called differently each time: warned at the fourth reply, stopped at the seventh', async () => {
  const s = await runSession('Fix add in a.js', (_req, i) => ({ text: hermes('delete_lines', { file: 'a.js', n: i }) }), { files: { 'a.js': 'x\n' } });
  try {
    assert.equal(s.result.stopReason, 'governor');
    assert.equal(s.server.chatRequests.length, 7, 'not the 40-request limit');
    assert.equal(s.result.error, 'Stopped: the model kept calling tools that do not exist, or with wrong parameters (7 replies in a row), so nothing was run.');
    assert.match(s.sent(4), /Your last 4 replies only made calls that could not run\. The last error was: Unknown tool \\"delete_lines\\"\. Use one of: read_file/);
    assert.equal(s.events.filter((e) => e.type === 'warning' && e.source === 'invalid-calls').length, 3);
  } finally {
    cleanup(s.root);
  }
});

test('warned after four replies of calls to a tool that does not exist, the model answers instead: the answer is taken', async () => {
  const answer = 'I cannot fetch web pages with the tools I have.';
  const s = await runSession('What is on http://x?', (_req, i) => ({ text: i < 4 ? hermes('open_url', { url: `http://x/${i}` }) : answer }), { files: { 'a.js': 'x\n' } });
  try {
    assert.equal(s.result.stopReason, 'done');
    assert.equal(s.result.response, answer);
    assert.equal(s.server.chatRequests.length, 5, 'not sent back until the request limit');
    assert.equal(s.events.filter((e) => e.type === 'warning' && e.source === 'invalid-calls').length, 1);
  } finally {
    cleanup(s.root);
  }
});

test('a parameter named wrong, differently each time: the same stop, the note naming the parameters', async () => {
  const s = await runSession('Fix add in a.js', (_req, i) => ({ text: hermes('read_file', { target: 'a.js', attempt: i }) }), { files: { 'a.js': 'x\n' } });
  try {
    assert.equal(s.result.stopReason, 'governor');
    assert.equal(s.server.chatRequests.length, 7);
    assert.match(s.sent(4), /The last error was: Invalid call to read_file: [^.]*missing required parameter \\"path\\"/);
  } finally {
    cleanup(s.root);
  }
});
