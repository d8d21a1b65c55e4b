// Scripted sessions in the dialects small models really write (see ../shared/corpus): each must end
// with the right files on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, filesOf, hermes, read, runSession } from './helpers';

const CALC = 'def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a * b\n';

test('Hermes <tool_call> in the text protocol: read, patch, answer', async () => {
  const s = await runSession('Fix add() in calc.py: it subtracts.', [
    { text: `Let me look at the file.\n${hermes('read_file', { path: 'calc.py' })}` },
    { text: hermes('patch', { path: 'calc.py', search: '    return a - b', replace: '    return a + b' }) },
    { text: 'Fixed: add() now returns a + b.' },
  ], { files: { 'calc.py': CALC } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'calc.py'), CALC.replace('a - b', 'a + b'));
    assert.deepEqual(s.result.filesEdited, ['calc.py']);
    assert.equal(s.result.response, 'Fixed: add() now returns a + b.');
    // text protocol: tools described in the prompt, not sent as `tools`
    assert.equal(s.server.chatRequests[0]!.body.tools, undefined);
    assert.match(s.sent(1), /1\| def add\(a, b\):/);
    // the call markup never reached the visible text
    const shown = s.events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('');
    assert.doesNotMatch(shown, /tool_call/);
  } finally {
    cleanup(s.root);
  }
});

test('Qwen3-Coder XML calls passed through as text by the server', async () => {
  const xml = '<tool_call>\n<function=write_file>\n<parameter=path>\nsrc/hello.py\n</parameter>\n<parameter=content>\ndef hello():\n    return "hi"\n</parameter>\n</function>\n</tool_call>';
  const s = await runSession('Create src/hello.py with hello() returning "hi".', [{ text: xml }, { text: 'Created src/hello.py.' }], { model: 'qwen3-coder-30b-a3b-instruct' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.deepEqual(filesOf(s.root), { 'src/hello.py': 'def hello():\n    return "hi"' });
    assert.deepEqual(s.result.filesCreated, ['src/hello.py']);
    assert.ok(Array.isArray(s.server.chatRequests[0]!.body.tools), 'qwen3-coder gets native tools');
  } finally {
    cleanup(s.root);
  }
});

test('pythonic call list', async () => {
  const s = await runSession('Fix add().', [
    { text: '[patch(path="calc.py", search="return a - b", replace="return a + b")]' },
    { text: 'Done.' },
  ], { files: { 'calc.py': CALC }, model: 'llama-3.2-3b-instruct' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'calc.py'), CALC.replace('a - b', 'a + b'));
  } finally {
    cleanup(s.root);
  }
});

test('fenced JSON after prose, then a bare JSON call in prose', async () => {
  const s = await runSession('Double mul().', [
    { text: 'I will read the file first.\n```json\n{"name": "read_file", "arguments": {"path": "calc.py", "start_line": 5}}\n```' },
    { text: 'Now I change it:\n{"name": "patch", "arguments": {"path": "calc.py", "search": "return a * b", "replace": "return 2 * a * b"}}' },
    { text: 'mul() now doubles its product.' },
  ], { files: { 'calc.py': CALC }, model: 'qwen2.5-coder-7b-instruct' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'calc.py'), CALC.replace('a * b', '2 * a * b'));
    assert.match(s.sent(1), /calc\.py lines 5-6 of 6/);
  } finally {
    cleanup(s.root);
  }
});

test('native structured tool_calls with broken argument JSON are repaired', async () => {
  const s = await runSession('Create notes.txt.', [
    { toolCalls: [{ name: 'write_file', arguments: "{'path': 'notes.txt', 'content': 'remember the milk\\n',}" }] },
    { text: 'Created notes.txt.' },
  ], { model: 'qwen2.5-coder-7b-instruct' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.deepEqual(filesOf(s.root), { 'notes.txt': 'remember the milk\n' });
    // the tool result went back as a `tool` message tied to the call
    const msgs = s.server.chatRequests[1]!.body.messages as any[];
    const call = msgs.find((m) => m.role === 'assistant')?.tool_calls?.[0];
    const result = msgs.find((m) => m.role === 'tool');
    assert.equal(result.tool_call_id, call.id);
    assert.match(call.id, /^[A-Za-z0-9]{9}$/, 'Mistral needs 9 alphanumeric characters');
  } finally {
    cleanup(s.root);
  }
});

test('broken JSON in a Hermes call (single quotes, trailing comma)', async () => {
  const s = await runSession('Create b.txt saying hi.', [
    { text: "<tool_call>{'name': 'write_file', 'arguments': {'path': 'b.txt', 'content': 'hi',}}</tool_call>" },
    { text: 'Done.' },
  ]);
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.deepEqual(filesOf(s.root), { 'b.txt': 'hi' });
  } finally {
    cleanup(s.root);
  }
});

test('a wrong tool name gets the list of valid tools, then the right call', async () => {
  const s = await runSession('Create a.txt.', [
    { text: hermes('create_file', { path: 'a.txt', content: 'A' }) },
    { text: hermes('write_file', { path: 'a.txt', content: 'A' }) },
    { text: 'Created.' },
  ]);
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), /Unknown tool \\"create_file\\". Use one of: read_file, write_file, patch/);
    assert.deepEqual(filesOf(s.root), { 'a.txt': 'A' });
    assert.deepEqual(s.result.toolCalls.map((c) => [c.name, c.ok]), [['create_file', false], ['write_file', true]]);
  } finally {
    cleanup(s.root);
  }
});

test('a call the parser cannot read gets a format reminder instead of ending the run', async () => {
  const s = await runSession('Create c.txt.', [
    { text: '<tool_call>{"name": "write_file", "arguments": {"path": "c.txt", "content": </tool_call>' },
    { text: hermes('write_file', { path: 'c.txt', content: 'C' }) },
    { text: 'Created.' },
  ]);
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), /could not be read/);
    assert.deepEqual(filesOf(s.root), { 'c.txt': 'C' });
  } finally {
    cleanup(s.root);
  }
});

test('Qwen3-Coder XML patch whose new text holds </parameter>: the file gets all of it', async () => {
  const reply = '<tool_call>\n<function=patch>\n<parameter=path>\nfmt.ts\n</parameter>\n<parameter=search>\nconst CLOSE = "";\n</parameter>\n<parameter=replace>\nconst CLOSE = "</parameter>";\n</parameter>\n</function>\n</tool_call>';
  const s = await runSession('Set CLOSE to the closing parameter tag.', [{ text: reply }, { text: 'Done.' }], { model: 'qwen3-coder-30b', toolMode: 'text', files: { 'fmt.ts': 'const CLOSE = "";\nexport { CLOSE };\n' } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.deepEqual(filesOf(s.root), { 'fmt.ts': 'const CLOSE = "</parameter>";\nexport { CLOSE };\n' });
  } finally {
    cleanup(s.root);
  }
});

test('llama.cpp without --jinja refuses native tools: the agent switches to the text protocol and carries on', async () => {
  for (const withoutJinja of [{ status: 500, message: 'tools param requires --jinja flag' }, { status: 400, message: 'tools param requires --jinja flag' }, { status: 500, message: 'Cannot use tools with stream' }]) {
    const s = await runSession('What is in a.py?', [{ text: hermes('read_file', { path: 'a.py' }) }, { text: 'It sets x to 1.' }], {
      model: 'qwen2.5-coder-7b-instruct', serverKind: 'llamacpp', toolMode: 'native', files: { 'a.py': 'x = 1\n' }, server: { withoutJinja },
    });
    try {
      assert.equal(s.result.success, true, `${withoutJinja.message}: ${s.result.error}`);
      assert.equal(s.result.response, 'It sets x to 1.');
      const warning = s.events.find((e) => e.type === 'warning' && e.source === 'tools') as { message: string } | undefined;
      assert.match(warning?.message ?? '', /start llama-server with --jinja/);
      // one refused request with tools, then the text protocol (no `tools` sent), never a retry of the refusal
      assert.deepEqual(s.server.chatRequests.map((r) => Array.isArray(r.body.tools)), [true, false, false]);
    } finally {
      cleanup(s.root);
    }
  }
});

test('Qwen3 reasoning written inline (<think>…</think>) streams as reasoning, not as chat text above the tool card', async () => {
  const s = await runSession('What does a.py do?', [
    { text: `<think>\nI should read a.py first.\n</think>\n${hermes('read_file', { path: 'a.py' })}`, chunkSize: 5 },
    { text: '<think>It assigns.</think>\n\nIt sets x to 1.', chunkSize: 3 },
  ], { model: 'qwen3-8b', files: { 'a.py': 'x = 1\n' } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(s.result.response, 'It sets x to 1.');
    const seen = (type: string) => s.events.filter((e) => e.type === type).map((e) => (e as { delta: string }).delta).join('');
    assert.equal(seen('text'), 'It sets x to 1.');
    assert.equal(seen('reasoning'), '\nI should read a.py first.\nIt assigns.');
  } finally {
    cleanup(s.root);
  }
});
