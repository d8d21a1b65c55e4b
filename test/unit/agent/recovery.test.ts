// Sessions where the model goes wrong and the loop gets it back on track: a failing patch, a loop
// the governor breaks, a stream cut mid-call, a server without native tools, a lost task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, filesOf, hermes, read, runSession } from './helpers';

const SRC = 'function total(items) {\n  let sum = 0;\n  for (const i of items) sum += i.price;\n  return sum;\n}\nmodule.exports = { total };\n';

test('a failing patch gets the refusal text, then a good patch applies', async () => {
  const s = await runSession('total() must include quantity.', [
    { text: hermes('patch', { path: 'cart.js', search: 'sum += item.price;', replace: 'sum += item.price * item.qty;' }) },
    { text: hermes('patch', { path: 'cart.js', search: '  for (const i of items) sum += i.price;', replace: '  for (const i of items) sum += i.price * i.qty;' }) },
    { text: 'total() now multiplies by quantity.' },
  ], { files: { 'cart.js': SRC } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), /Patch not applied to cart\.js/);
    assert.equal(read(s.root, 'cart.js'), SRC.replace('i.price;', 'i.price * i.qty;'));
    assert.deepEqual(s.result.toolCalls.map((c) => c.ok), [false, true]);
  } finally {
    cleanup(s.root);
  }
});

test('a patch spiral: the third failure on a file re-reads it for the model', async () => {
  const bad = hermes('patch', { path: 'cart.js', search: 'let total = 0;', replace: 'let total = 1;' });
  const s = await runSession('Start the sum at 1.', [
    { text: bad },
    { text: hermes('patch', { path: 'cart.js', search: 'var sum = 0', replace: 'var sum = 1' }) },
    { text: hermes('patch', { path: 'cart.js', search: 'sum = 0 ;', replace: 'sum = 1 ;' }) },
    { text: hermes('patch', { path: 'cart.js', search: '  let sum = 0;', replace: '  let sum = 1;' }) },
    { text: 'The sum starts at 1.' },
  ], { files: { 'cart.js': SRC } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(3), /Patching cart\.js failed 3 times/);
    assert.match(s.sent(3), /cart\.js now:\\n1\| function total\(items\) \{/);
    assert.equal(read(s.root, 'cart.js'), SRC.replace('sum = 0', 'sum = 1'));
    assert.ok(s.events.some((e) => e.type === 'warning' && e.source === 'patch-spiral'));
  } finally {
    cleanup(s.root);
  }
});

test('a repetition loop: warned at the third identical call, the model recovers', async () => {
  const again = hermes('read_file', { path: 'cart.js' });
  const s = await runSession('Rename total to sumPrices.', [
    { text: again },
    { text: again },
    { text: again },
    { text: hermes('patch', { path: 'cart.js', search: 'function total(items) {', replace: 'function sumPrices(items) {' }) },
    { text: hermes('patch', { path: 'cart.js', search: 'module.exports = { total };', replace: 'module.exports = { sumPrices };' }) },
    { text: 'Renamed.' },
  ], { files: { 'cart.js': SRC } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(3), /same arguments 3 times|same part of cart\.js 3 times/);
    assert.equal(read(s.root, 'cart.js'), SRC.replace('function total', 'function sumPrices').replace('{ total }', '{ sumPrices }'));
  } finally {
    cleanup(s.root);
  }
});

test('an A-B-A-B loop the model does not leave is stopped by the governor', async () => {
  const a = hermes('find_files', { glob: '**/*.js' });
  const b = hermes('search', { pattern: 'total' });
  const s = await runSession('Find where total is defined.', (_req, i) => ({ text: i % 2 ? b : a }), { files: { 'cart.js': SRC } });
  try {
    assert.equal(s.result.success, false);
    assert.equal(s.result.stopReason, 'governor');
    assert.match(s.result.response, /alternated the same two calls/);
    assert.ok(s.server.chatRequests.length <= 8, `stopped after ${s.server.chatRequests.length} requests`);
    assert.deepEqual(filesOf(s.root), { 'cart.js': SRC });
  } finally {
    cleanup(s.root);
  }
});

test('a stream cut in the middle of a call is discarded and retried; the file is written once, whole', async () => {
  const call = hermes('write_file', { path: 'cut.txt', content: 'all of it\n' });
  const s = await runSession('Create cut.txt.', [
    { text: call, chunkSize: 6, cutAfterChunks: 4 },
    { text: call },
    { text: 'Created cut.txt.' },
  ]);
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.deepEqual(filesOf(s.root), { 'cut.txt': 'all of it\n' });
    assert.equal(s.events.filter((e) => e.type === 'retry').length, 1);
    assert.equal(s.result.toolCalls.length, 1);
  } finally {
    cleanup(s.root);
  }
});

test('a server that rejects native tools: the loop falls back to the text protocol', async () => {
  const s = await runSession('Create t.txt.', [
    { error: { status: 400, message: 'this model does not support tools' } },
    { text: hermes('write_file', { path: 't.txt', content: 'T' }) },
    { text: 'Created.' },
  ], { model: 'ministral-8b-instruct' }); // native tools by profile
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.ok(Array.isArray(s.server.chatRequests[0]!.body.tools));
    assert.equal(s.server.chatRequests[1]!.body.tools, undefined);
    assert.match(s.server.chatRequests[1]!.body.messages[0].content, /To call a tool, answer with only/);
    assert.deepEqual(filesOf(s.root), { 't.txt': 'T' });
  } finally {
    cleanup(s.root);
  }
});

test('greeting regression re-injects the task; an empty reply gets a nudge', async () => {
  const s = await runSession('Create g.txt containing G.', [
    { text: 'Hello! How can I help you today?' },
    { text: '' },
    { text: hermes('write_file', { path: 'g.txt', content: 'G' }) },
    { text: 'Created g.txt.' },
  ]);
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), /You are in the middle of a task[^"]*The task is:\\nCreate g\.txt containing G\./);
    assert.match(s.sent(2), /Your reply was empty/);
    assert.deepEqual(filesOf(s.root), { 'g.txt': 'G' });
  } finally {
    cleanup(s.root);
  }
});

test('three empty replies end the run with a clear error', async () => {
  const s = await runSession('Do it.', [{ text: '' }, { text: '', reasoning: 'hmm' }, { text: '' }]);
  try {
    assert.equal(s.result.success, false);
    assert.equal(s.result.stopReason, 'governor');
    assert.match(s.result.error ?? '', /3 empty replies/);
  } finally {
    cleanup(s.root);
  }
});

test('calls beyond the per-reply limit are not run, and the model is told which, so it does not take them for done', async () => {
  const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}.js`, `export const v${i} = ${i};\n`]));
  const s = await runSession('Read every file.', [
    { text: Array.from({ length: 8 }, (_, i) => hermes('read_file', { path: `f${i}.js` })).join('\n') },
    { text: 'All read.' },
  ], { files });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(s.result.toolCalls.length, 6);
    assert.match(s.sent(1), /Only the first 6 of your 8 calls ran\. These did not run: read_file f6\.js, read_file f7\.js\. Make them again if they are still needed/);
    assert.ok(s.events.some((e) => e.type === 'warning' && e.source === 'calls'));
  } finally {
    cleanup(s.root);
  }
});
