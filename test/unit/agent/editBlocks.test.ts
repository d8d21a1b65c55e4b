// Replies that edit with SEARCH/REPLACE blocks in prose (aider's format) instead of a tool call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, read, runSession, type Session } from './helpers';
import type { ReplayReply } from '../../support/replayServer';

const MATH = 'function sum(values) {\n  let total = 0;\n  for (let i = 0; i <= values.length; i++) total += values[i];\n  return total;\n}\n';
const FIXED = MATH.replace('i <= values.length', 'i < values.length');
const block = (path: string | undefined) => [
  "Here's the fix:", '', ...(path ? [path] : []), '```js', '<<<<<<< SEARCH',
  '  for (let i = 0; i <= values.length; i++) total += values[i];', '=======',
  '  for (let i = 0; i < values.length; i++) total += values[i];', '>>>>>>> REPLACE', '```', '',
].join('\n');

test('SEARCH/REPLACE blocks under a file name are applied as patches, through the review', async () => {
  let reviewed = 0;
  const s = await runSession('Fix the loop bound in sum.', [{ text: block('src/sum.js') }, { text: 'Fixed the loop bound.' }], {
    files: { 'src/sum.js': MATH },
    reviewEdit: () => { reviewed++; return { kind: 'accepted' }; },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'src/sum.js'), FIXED);
    assert.equal(reviewed, 1, 'the edit went through the review like any other');
    const start = s.events.find((e) => e.type === 'tool-start');
    assert.equal(start?.type === 'tool-start' && start.name, 'patch');
    assert.ok(start?.type === 'tool-start' && start.repairs.some((r) => /SEARCH\/REPLACE block/.test(r)), 'the reading is recorded as a repair');
    assert.equal(s.result.response, 'Fixed the loop bound.');
  } finally {
    cleanup(s.root);
  }
});

test('a block without a file name is not guessed at: the model is asked again, and its tool call applies', async () => {
  const s = await runSession('Fix the loop bound in sum.', [
    { text: block(undefined) },
    { text: hermes('patch', { path: 'src/sum.js', search: 'i <= values.length', replace: 'i < values.length' }) },
    { text: 'Fixed.' },
  ], { files: { 'src/sum.js': MATH } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'src/sum.js'), FIXED);
    assert.match(s.sent(1), /could not be read/);
  } finally {
    cleanup(s.root);
  }
});

test('prose that merely says SEARCH is an answer, not an edit', async () => {
  const s = await runSession('How do I find usages?', [{ text: 'Use the SEARCH panel (Ctrl+Shift+F) and type the name.' }], { files: { 'src/sum.js': MATH } });
  try {
    assert.equal(s.result.success, true);
    assert.equal(s.result.toolCalls.length, 0);
    assert.equal(read(s.root, 'src/sum.js'), MATH);
  } finally {
    cleanup(s.root);
  }
});

// `reset(state);\nsave(state);` twice: at lines 2-3 and at lines 25-26 of the file the model read.
const steps = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i + 1}();`).join('\n');
const FLOW = ['start();', 'reset(state);', 'save(state);', steps(21, 'step'), 'reset(state);', 'save(state);', 'end();', ''].join('\n');
const roo = (startLine: number, search: string[], replace: string[]) =>
  ['src/flow.js', '```js', '<<<<<<< SEARCH', `:start_line:${startLine}`, '-------', ...search, '=======', ...replace, '>>>>>>> REPLACE', '```', ''];
const FINAL_SAVE = roo(25, ['reset(state);', 'save(state);'], ['reset(state);', 'save(state, { final: true });']);

test('a later block\'s :start_line: is not trusted after an earlier block of the reply changed lines above it: the other copy is never edited', async () => {
  const reply = ['Two changes:', '', ...roo(1, ['start();'], ['start();', steps(23, 'init')]), ...FINAL_SAVE].join('\n');
  // The model reads the refusal (both places, numbered as the file is now) and sends the block again with the current line.
  const again = FINAL_SAVE.join('\n').replace(':start_line:25', ':start_line:48');
  const s = await runSession('Initialise more and save the final state.', [{ text: reply }, { text: again }, { text: 'Done.' }], { files: { 'src/flow.js': FLOW } });
  try {
    const results = s.events.flatMap((e) => (e.type === 'tool-end' ? [e] : []));
    // Before the fix the stale hint (25) kept riding along: after block 1's 23 lines the FIRST copy sits at 25-26
    // (the model's copy at 48-49), so the hint picked it and the wrong region was changed.
    assert.equal(results[1]?.ok, false, 'the second block is refused, not applied to a guess');
    assert.match(results[1]?.content ?? '', /SEARCH matches 2 places \(lines 25–26, lines 48–49\)/);
    const finals = read(s.root, 'src/flow.js').split('\n').flatMap((l, i) => (l.includes('final: true') ? [i + 1] : []));
    // The copy the model meant is the second one (original line 25, 23 lines lower now: 48-49).
    assert.deepEqual(finals, [49], `changed lines: ${JSON.stringify(finals)}`);
  } finally {
    cleanup(s.root);
  }
});

// The same stale number through native patch calls: the model read FLOW, then calls patch twice in one
// reply (structured tool_calls, or two calls in text), the second with the line of the copy it read.
const INIT_MORE = { path: 'src/flow.js', search: 'start();', replace: ['start();', steps(23, 'init')].join('\n') };
const FINAL_AT_25 = { path: 'src/flow.js', search: 'reset(state);\nsave(state);', replace: 'reset(state);\nsave(state, { final: true });', start_line: 25 };
const NATIVE_REPLIES: [string, ReplayReply][] = [
  ['structured tool calls', { toolCalls: [{ name: 'patch', arguments: INIT_MORE }, { name: 'patch', arguments: FINAL_AT_25 }] }],
  ['two calls in the text', { text: `${hermes('patch', INIT_MORE)}\n${hermes('patch', FINAL_AT_25)}` }],
];
for (const [dialect, reply] of NATIVE_REPLIES) {
  test(`a later patch call's start_line is not trusted after an earlier call of the reply edited the file (${dialect})`, async () => {
    const s = await runSession('Initialise more and save the final state.', [reply, { text: 'Done.' }], { files: { 'src/flow.js': FLOW } });
    try {
      const results = s.events.flatMap((e) => (e.type === 'tool-end' ? [e] : []));
      assert.equal(results[0]?.ok, true, results[0]?.content);
      // Before the fix, line 25 was then the FIRST copy (the 23 lines above it pushed the model's copy to 48).
      assert.equal(results[1]?.ok, false, 'the second call is refused, not applied to a guess');
      assert.match(results[1]?.content ?? '', /SEARCH matches 2 places \(lines 25–26, lines 48–49\)/);
      assert.ok(!read(s.root, 'src/flow.js').includes('final: true'), 'no copy was changed on a guess');
    } finally {
      cleanup(s.root);
    }
  });
}

// Blocks beside a tool call: aider-tuned models edit, then verify in the same reply. The blocks used to be
// dropped whenever the reply also had a call: the tests ran on the unchanged file and the run ended "fixed".
const toolStarts = (s: Session) => s.events.flatMap((e) => (e.type === 'tool-start' ? [e.name] : []));

test('blocks before a tool call in the same reply are applied first: the command sees the edited file', async () => {
  const reply = [block('src/sum.js'), 'Now let me check it:', hermes('run', { command: 'grep -c "i < values.length" src/sum.js' })].join('\n');
  const s = await runSession('Fix the loop bound in sum.', [{ text: reply }, { text: 'Fixed the loop bound; the check passes.' }], { files: { 'src/sum.js': MATH }, approve: () => true });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'src/sum.js'), FIXED);
    assert.deepEqual(toolStarts(s), ['patch', 'run'], 'edit, then verify, as the reply wrote them');
    assert.match(s.sent(1), /run result:.*exit code 0\\n1"/, 'the command ran on the fixed file');
  } finally {
    cleanup(s.root);
  }
});

test('blocks after a tool call run after it; with structured calls (no place in the text) the edits go first', async () => {
  const after = [hermes('read_file', { path: 'src/other.js' }), block('src/sum.js')].join('\n');
  const structured = { text: block('src/sum.js'), toolCalls: [{ name: 'read_file', arguments: { path: 'src/other.js' } }] };
  for (const [name, reply, order] of [['text', { text: after }, ['read_file', 'patch']], ['structured', structured, ['patch', 'read_file']]] as const) {
    const s = await runSession('Fix the loop bound in sum.', [reply, { text: 'Fixed.' }], { files: { 'src/sum.js': MATH, 'src/other.js': 'x\n' } });
    try {
      assert.equal(read(s.root, 'src/sum.js'), FIXED, name);
      assert.deepEqual(toolStarts(s), order, name);
    } finally {
      cleanup(s.root);
    }
  }
});

test('a block the reply also sends as a patch call is one edit: an insertion is made once', async () => {
  const IMPORTS = 'import a from "a";\n\nexport const x = a();\n';
  const insertion = { search: 'import a from "a";', replace: 'import a from "a";\nimport b from "b";' };
  const reply = ['src/m.ts', '```ts', '<<<<<<< SEARCH', insertion.search, '=======', ...insertion.replace.split('\n'), '>>>>>>> REPLACE', '```', '',
    hermes('patch', { path: './src/m.ts', ...insertion })].join('\n');
  const s = await runSession('Import b.', [{ text: reply }, { text: 'Imported b.' }], { files: { 'src/m.ts': IMPORTS } });
  try {
    assert.equal(read(s.root, 'src/m.ts'), 'import a from "a";\nimport b from "b";\n\nexport const x = a();\n');
    assert.deepEqual(toolStarts(s), ['patch']);
  } finally {
    cleanup(s.root);
  }
});

test('a block that cannot be applied beside a tool call is not dropped unsaid: the call runs, and the model is told the edit did not (its call was read)', async () => {
  const reply = [block(undefined), hermes('run', { command: 'echo checked' })].join('\n');
  const s = await runSession('Fix the loop bound in sum.', [{ text: reply }, { text: 'Fixed.' }], { files: { 'src/sum.js': MATH }, approve: () => true });
  try {
    assert.deepEqual(toolStarts(s), ['run']);
    assert.equal(read(s.root, 'src/sum.js'), MATH);
    assert.match(s.sent(1), /The SEARCH\/REPLACE block in your reply was not applied: it names no file/, 'the model learns its edit did not happen');
    assert.doesNotMatch(s.sent(1), /could not be read/, 'its call was read and ran: not asked to write it again');
  } finally {
    cleanup(s.root);
  }
});

test('a reply that recaps its applied edit as a block and runs the tests: the recap is not applied again, and the model is told', async () => {
  const fix = { path: 'src/sum.js', search: 'i <= values.length', replace: 'i < values.length' };
  const recap = `I changed the bound:\n\nsrc/sum.js\n\`\`\`js\n<<<<<<< SEARCH\n${fix.search}\n=======\n${fix.replace}\n>>>>>>> REPLACE\n\`\`\`\n\nNow the tests:\n${hermes('run', { command: 'echo ok' })}`;
  const s = await runSession('Fix the loop bound in sum.', [{ text: hermes('patch', { ...fix, start_line: 3 }) }, { text: recap }, { text: 'Fixed.' }], { files: { 'src/sum.js': MATH }, approve: () => true });
  try {
    assert.deepEqual(toolStarts(s), ['patch', 'run']);
    assert.match(s.sent(2), /repeats an edit you already made, so it was taken as a quote and not applied again/);
  } finally {
    cleanup(s.root);
  }
});

test('a block beside a call that re-sends an edit refused before is run again (the file may have changed since)', async () => {
  const edit = { path: 'src/sum.js', search: 'const y = 2;', replace: 'const y = 3;' };
  const resend = `src/sum.js\n\`\`\`js\n<<<<<<< SEARCH\n${edit.search}\n=======\n${edit.replace}\n>>>>>>> REPLACE\n\`\`\`\n${hermes('read_file', { path: 'src/sum.js' })}`;
  const s = await runSession('Set y to 3.', [
    { text: hermes('patch', edit) },
    { text: hermes('patch', { path: 'src/sum.js', search: '  return total;\n}', replace: '  return total;\n}\nconst y = 2;' }) },
    { text: resend },
    { text: 'Done.' },
  ], { files: { 'src/sum.js': MATH } });
  try {
    assert.deepEqual(toolStarts(s), ['patch', 'patch', 'patch', 'read_file']);
    assert.match(read(s.root, 'src/sum.js'), /\}\nconst y = 3;\n$/);
  } finally {
    cleanup(s.root);
  }
});
