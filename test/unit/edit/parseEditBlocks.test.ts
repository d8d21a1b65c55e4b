import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEditBlocks, parseEditReply } from '../../../src/core/edit';

const fence = '```';

test('aider format: file name on the line before the fence, markers inside it', () => {
  const reply = `I will rename it.\n\nsrc/app.ts\n${fence}ts\n<<<<<<< SEARCH\nconst a = 1;\n=======\nconst b = 1;\n>>>>>>> REPLACE\n${fence}\n\nDone.`;
  assert.deepEqual(parseEditBlocks(reply), [{ path: 'src/app.ts', search: 'const a = 1;\n', replace: 'const b = 1;\n' }]);
});

test('several files, and a block without a file name inherits the previous one', () => {
  const reply = [
    'a.py', `${fence}python`, '<<<<<<< SEARCH', 'x = 1', '=======', 'x = 2', '>>>>>>> REPLACE', fence,
    'Then:', `${fence}python`, '<<<<<<< SEARCH', 'y = 1', '=======', 'y = 2', '>>>>>>> REPLACE', fence,
    '**lib/b.js**', fence, '<<<<<<< SEARCH', 'old()', '=======', 'new()', '>>>>>>> REPLACE', fence,
  ].join('\n');
  const blocks = parseEditBlocks(reply);
  assert.deepEqual(blocks.map((b) => b.path), ['a.py', 'a.py', 'lib/b.js']);
  assert.deepEqual(blocks.map((b) => b.replace), ['x = 2\n', 'y = 2\n', 'new()\n']);
});

test('the path may be in the fence info string; prose before a fence is not a path', () => {
  const withInfo = `${fence}python pkg/mod.py\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n${fence}`;
  assert.equal(parseEditBlocks(withInfo)[0]!.path, 'pkg/mod.py');
  // Continue's lang:path, Cursor's start:end:path: the path is what follows the colons
  for (const info of ['python:pkg/mod.py', '3:9:pkg/mod.py', 'python title="pkg/mod.py"']) {
    assert.equal(parseEditBlocks(withInfo.replace('python pkg/mod.py', info))[0]!.path, 'pkg/mod.py', info);
  }
  const prose = `Here is the change:\n${fence}\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n${fence}`;
  assert.equal(parseEditBlocks(prose)[0]!.path, undefined);
});

test('<source> tags work as fences', () => {
  const reply = 'src/x.md\n<source>\n<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n</source>';
  assert.deepEqual(parseEditBlocks(reply), [{ path: 'src/x.md', search: 'old\n', replace: 'new\n' }]);
});

test('Cline markers with any dash/plus count of at least three', () => {
  const text = '--- SEARCH\na\n=======\nb\n+++ REPLACE\n----------- SEARCH\nc\n=====\nd\n+++++++++ REPLACE';
  assert.deepEqual(parseEditBlocks(text).map((b) => [b.search, b.replace]), [['a\n', 'b\n'], ['c\n', 'd\n']]);
});

test('marker lines must stand alone: missing space, too few dashes, mixed symbols are not markers', () => {
  for (const head of ['-------SEARCH', '-- SEARCH', '<<-- SEARCH', ' <<<<<<< SEARCH', '> <<<<<<< SEARCH']) {
    assert.deepEqual(parseEditBlocks(`${head}\na\n=======\nb\n>>>>>>> REPLACE`), [], head);
  }
});

test('Roo :start_line: header and escaped markers inside content', () => {
  const text = '<<<<<<< SEARCH\n:start_line:12\n:end_line:13\n-------\nkeep\n\\=======\n=======\nnew\n\\>>>>>>> REPLACE\n>>>>>>> REPLACE';
  assert.deepEqual(parseEditBlocks(text), [{ search: 'keep\n=======\n', replace: 'new\n>>>>>>> REPLACE\n', startLine: 12, endLine: 13 }]);
});

test('`=======` used as the end marker, alone or before a stray REPLACE marker', () => {
  assert.deepEqual(parseEditBlocks(`${fence}\n<<<<<<< SEARCH\na\n=======\nb\n=======\n${fence}`), [{ search: 'a\n', replace: 'b\n' }]);
  assert.deepEqual(parseEditBlocks('<<<<<<< SEARCH\na\n=======\n=======\n>>>>>>> REPLACE'), [{ search: 'a\n', replace: '' }]);
});

test('a second divider followed by more text is malformed, not guessed', () => {
  const parsed = parseEditReply('<<<<<<< SEARCH\na\n=======\nb\n=======\nc\n>>>>>>> REPLACE');
  assert.deepEqual(parsed.blocks, []);
  assert.equal(parsed.problem?.kind, 'malformed');
});

test('a reply cut off inside a block yields no blocks and reports the truncation', () => {
  const reply = `a.ts\n${fence}\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n${fence}\n\na.ts\n${fence}\n<<<<<<< SEARCH\nz\n=======\nhalf of it`;
  const blocks = parseEditBlocks(reply);
  assert.deepEqual([...blocks], []);
  assert.equal(blocks.problem?.kind, 'truncated');
  assert.equal(blocks.problem?.block, 2);
  const parsed = parseEditReply(reply);
  assert.equal(parsed.complete.length, 1);
  assert.equal(parseEditReply('<<<<<<< SEARCH\nonly search').problem?.kind, 'truncated');
});

test('a REPLACE marker before the divider is malformed', () => {
  assert.equal(parseEditReply('------- SEARCH\na\n+++++++ REPLACE\nb\n+++++++ REPLACE').problem?.kind, 'malformed');
});

test('shell fences are commands, prose mentioning SEARCH/REPLACE is not a block', () => {
  const reply = `Run:\n${fence}bash\nnpm test\n${fence}\nI will use SEARCH/REPLACE blocks.\n<<<<<<< SEARCH is how a block starts, in prose`;
  assert.deepEqual(parseEditBlocks(reply), []);
});

test('CRLF replies are folded to LF; empty SEARCH is kept (new file or insertion)', () => {
  assert.deepEqual(parseEditBlocks('new.txt\r\n```\r\n<<<<<<< SEARCH\r\n=======\r\nhello\r\n>>>>>>> REPLACE\r\n```'), [{ path: 'new.txt', search: '', replace: 'hello\n' }]);
});

test('the problem property does not show up when comparing or serialising', () => {
  const blocks = parseEditBlocks('<<<<<<< SEARCH\nx');
  assert.equal(JSON.stringify(blocks), '[]');
  assert.deepStrictEqual(blocks, []);
});

test('a line of = signs in REPLACE unlike the block\'s divider is not taken for an end marker: a Markdown underline is not dropped', () => {
  // `New` + `=====` is a setext heading the model adds; reading `=====` as the end would write `New` alone.
  for (const reply of [
    'README.md\n```\n<<<<<<< SEARCH\nMore.\n=======\nMore.\n\nNew\n=====\n\n>>>>>>> REPLACE\n```\n',
    'README.md\n```\n<<<<<<< SEARCH\nMore.\n=======\nMore.\n\nNew\n=====\n```\n',
    // SEARCH's own underline split the block early: the real divider then follows in REPLACE
    'README.md\n```\n<<<<<<< SEARCH\nOther\n=====\n=======\n>>>>>>> REPLACE\n```\n',
  ]) {
    const parsed = parseEditReply(reply);
    assert.deepEqual(parsed.blocks, [], reply);
    assert.equal(parsed.problem?.kind, 'malformed', reply);
    assert.match(parsed.problem!.message, /\\=====/);
  }
  // escaped, the underline is content
  assert.deepEqual(parseEditBlocks('<<<<<<< SEARCH\nMore.\n=======\nMore.\n\nNew\n\\=====\n>>>>>>> REPLACE'), [{ search: 'More.\n', replace: 'More.\n\nNew\n=====\n' }]);
});
