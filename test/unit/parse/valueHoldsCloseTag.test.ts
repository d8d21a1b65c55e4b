// A value may hold its own closing tag: code that builds tool markup, an XML file, docs about the format.
// Cutting it at the first `</parameter>`, `</function>` or `</arg_value>` would run the call with half its
// content and corrupt the file; a value whose end cannot be told is refused instead.
// (The texts are what the model-io review fed the agent; see /work/reviews/model-io.md #1.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';

const tools = ['patch', 'write_file', 'read_file'];
const parse = (text: string) => parseToolCalls(text, { tools });
const qwen = (fn: string, params: Record<string, string>, wrap = true) => {
  const call = `<function=${fn}>\n${Object.entries(params).map(([k, v]) => `<parameter=${k}>\n${v}\n</parameter>\n`).join('')}</function>`;
  return wrap ? `<tool_call>\n${call}\n</tool_call>` : call;
};

test('Qwen3 XML: a value holding </parameter> is read whole', () => {
  const replace = 'const CLOSE = "</parameter>";';
  assert.deepEqual(parse(qwen('patch', { path: 'fmt.ts', search: 'const CLOSE = "";', replace })).calls, [
    { name: 'patch', arguments: { path: 'fmt.ts', search: 'const CLOSE = "";', replace } },
  ]);
  // and one holding the start of an opener too
  const both = 'const CLOSE = "</parameter>";\nexport const OPEN = "<parameter=";';
  assert.deepEqual(parse(qwen('patch', { path: 'fmt.ts', search: 'x', replace: both })).calls[0]?.arguments, { path: 'fmt.ts', search: 'x', replace: both });
});

test('Qwen3 XML: a value holding </function> or </tool_call> is read whole, with or without <tool_call> around it', () => {
  for (const content of ['Use </function> to close.\nmore', 'Wrap a call in <tool_call> and </tool_call>.', 'end </function>\n</tool_call> here']) {
    for (const wrap of [true, false]) {
      const r = parse(`Writing the doc.\n${qwen('write_file', { path: 'x.md', content }, wrap)}\nDone.`);
      assert.deepEqual(r.calls, [{ name: 'write_file', arguments: { path: 'x.md', content } }], `${wrap}: ${content}`);
      assert.equal(r.content, 'Writing the doc.\n\nDone.');
    }
  }
});

test('MiniMax <invoke> and MiniCPM <param>: a value holding its closing tag is read whole', () => {
  assert.deepEqual(parse('<invoke name="write_file"><parameter name="path">a.xml</parameter><parameter name="content"><p>a</parameter></p></parameter></invoke>').calls, [
    { name: 'write_file', arguments: { path: 'a.xml', content: '<p>a</parameter></p>' } },
  ]);
  assert.deepEqual(parse('<function name="write_file"><param name="path">a.md</param><param name="content">close with </param>, then </function></param></function>').calls, [
    { name: 'write_file', arguments: { path: 'a.md', content: 'close with </param>, then </function>' } },
  ]);
});

test('GLM: a value holding </arg_value> is read whole', () => {
  const r = parse('<tool_call>write_file\n<arg_key>path</arg_key>\n<arg_value>a.md</arg_value>\n<arg_key>content</arg_key>\n<arg_value>Tags: </arg_value> closes\nok</arg_value>\n</tool_call>');
  assert.deepEqual(r.calls, [{ name: 'write_file', arguments: { path: 'a.md', content: 'Tags: </arg_value> closes\nok' } }]);
});

test('a value whose closing tags all run on into more text is refused, not cut at a guess', () => {
  for (const text of [
    '<tool_call>\n<function=write_file>\n<parameter=path>\nx.md\n</parameter>\n<parameter=content>\na</parameter> b\n</parameter>c\n</function>\n</tool_call>',
    '<tool_call>write_file<arg_key>path</arg_key><arg_value>a.md</arg_value><arg_key>content</arg_key><arg_value>a</arg_value> b</arg_value> c</tool_call>',
  ]) {
    const r = parse(text);
    assert.deepEqual(r.calls, [], text);
    assert.ok(r.repairs.some((x) => x.kind === 'unclear-value' && /write_file/.test(x.detail)), text);
  }
});

test('several ordinary calls in a row still split at their own tags', () => {
  const r = parse(`${qwen('read_file', { path: 'a.ts' })}\n${qwen('read_file', { path: 'b.ts' })}\n${qwen('read_file', { path: 'c.ts' }, false)}`);
  assert.deepEqual(r.calls.map((c) => c.arguments), [{ path: 'a.ts' }, { path: 'b.ts' }, { path: 'c.ts' }]);
});

test('a value that writes call markup itself (a parser\'s test) is refused, and nothing in the reply runs, rather than split at the markup', () => {
  for (const content of [
    "const t = '<function=run><parameter=command>ls</parameter></function>';",
    "x = '<parameter=command>ls</parameter>'",
    "const OPEN = '<parameter=x>'; const CLOSE = '</parameter>';",
  ]) {
    for (const wrap of [true, false]) {
      const r = parseToolCalls(qwen('write_file', { path: 't.ts', content }, wrap), { tools: ['write_file', 'run'] });
      assert.deepEqual(r.calls, [], `${wrap}: ${content}`);
      assert.ok(r.repairs.some((x) => x.kind === 'unclear-value'), `${wrap}: ${JSON.stringify(r.repairs)}`);
    }
  }
  // a value only missing its closing tag still ends at the next parameter
  assert.deepEqual(parse('<function=write_file><parameter=path>a.py<parameter=content>x</parameter></function>').calls, [{ name: 'write_file', arguments: { path: 'a.py', content: 'x' } }]);
});

test('a closing tag the model wrote twice ends the value at the first copy: no tag goes into the file', () => {
  const doubled = '<tool_call>\n<function=write_file>\n<parameter=path>\nsrc/a.ts\n</parameter>\n<parameter=content>\nexport const a = 1;\n</parameter>\n</parameter>\n</function>\n</tool_call>';
  assert.deepEqual(parse(doubled).calls, [{ name: 'write_file', arguments: { path: 'src/a.ts', content: 'export const a = 1;' } }]);
  // a lone tag inside a value whose real end was forgotten: refused, not cut
  const forgotten = '<function=write_file>\n<parameter=path>\nx.md\n</parameter>\n<parameter=content>\nUse </parameter> to close.\n</function>';
  const r = parse(forgotten);
  assert.deepEqual(r.calls, []);
  assert.ok(r.repairs.some((x) => x.kind === 'unclear-value'), JSON.stringify(r.repairs));
});
