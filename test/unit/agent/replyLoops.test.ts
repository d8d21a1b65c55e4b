// Data repeats for real: in a code fence or a call's arguments a loop must run much longer before the
// reply is stopped (the texts are the ones the review of the loop watch found stopped at 1,200).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyLoops } from '../../../src/core/agent/replyLoops';
import { LOOP_MIN_SPAN_IN_CODE } from '../../../src/core/governor';

const rows = (row: string, n: number) => row.repeat(n);
const DATA: Record<string, string> = {
  'ASCII map': '#'.repeat(40) + '\n' + rows('#' + '.'.repeat(38) + '#\n', 28) + '#'.repeat(40) + '\n',
  'Python grid of zeros': 'grid = [\n' + rows('    [' + Array(20).fill('0').join(', ') + '],\n', 20) + ']\n',
  'C font of blank glyphs': 'static const uint8_t font[32][8] = {\n' + rows('    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},\n', 32) + '};\n',
  'CSV of equal rows': 'id,flag,value\n' + rows('0,false,0.0\n', 150),
  'JSON of equal objects': JSON.stringify(Array(40).fill({ id: 0, name: '', active: false }), null, 2),
  'SQL of default rows': 'INSERT INTO seats (taken) VALUES\n' + rows('  (false),\n', 120) + '  (false);\n',
  'hex dump of zeros': rows('00000000 00000000 00000000 00000000\n', 40),
};

function streamText(loops: ReplyLoops, text: string, inCall = false): number | undefined {
  for (let i = 0; i < text.length; i += 7) if (loops.text(text.slice(i, i + 7), inCall)) return i;
  return undefined;
}

test('repeating data in a code fence, in a text call or in native call arguments is not stopped', () => {
  for (const [name, data] of Object.entries(DATA)) {
    assert.equal(streamText(new ReplyLoops(), `Here it is:\n\n\`\`\`\n${data}\`\`\`\n\nDone.`), undefined, `${name} in a fence`);
    assert.equal(streamText(new ReplyLoops(), `<tool_call>{"name": "write_file", "arguments": {"path": "f", "content": ${JSON.stringify(data)}}}</tool_call>`, true), undefined, `${name} in a text call`);
    const args = JSON.stringify({ path: 'f', content: data });
    const loops = new ReplyLoops();
    for (let n = 9; n <= args.length + 9; n += 9) assert.equal(loops.call(0, { name: 'write_file', argumentsSoFar: args.slice(0, n) }), undefined, `${name} in native arguments`);
  }
});

test('a loop in code still stops, later; in prose it stops early', () => {
  const line = '    result = compute(value, options)  # keep going\n';
  const inFence = new ReplyLoops();
  const at = streamText(inFence, '```python\n' + rows(line, 400));
  assert.ok(at !== undefined && at >= LOOP_MIN_SPAN_IN_CODE && at < LOOP_MIN_SPAN_IN_CODE + 1_000, `stopped at ${at}`);
  assert.equal(inFence.found?.result.text.trimEnd(), ('```python\n' + line).trimEnd(), 'the line kept once');
  const inProse = streamText(new ReplyLoops(), 'I will check it. ' + rows('Let me read the file again. ', 400));
  assert.ok(inProse !== undefined && inProse < 2_000, `stopped at ${inProse}`);
  const native = new ReplyLoops();
  const args = JSON.stringify({ path: 'f', content: rows('again and again\n', 1_000) });
  let stoppedAt: number | undefined;
  for (let n = 9; n <= args.length && stoppedAt === undefined; n += 9) if (native.call(0, { name: 'write_file', argumentsSoFar: args.slice(0, n) })) stoppedAt = n;
  assert.ok(stoppedAt !== undefined && stoppedAt < LOOP_MIN_SPAN_IN_CODE + 1_000, `native arguments stopped at ${stoppedAt}`);
});

test('a loop of blank lines or spaces is named as such', () => {
  const blank = new ReplyLoops();
  streamText(blank, 'Answer:' + '\n'.repeat(3_000));
  assert.equal(blank.found?.sample, 'blank lines');
  const spaces = new ReplyLoops();
  streamText(spaces, 'Answer: ' + ' '.repeat(3_000));
  assert.equal(spaces.found?.sample, 'spaces');
  const words = new ReplyLoops();
  streamText(words, 'the the '.repeat(600));
  assert.equal(words.found?.sample, '"the"');
});
