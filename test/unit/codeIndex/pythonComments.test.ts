// Python comment lines blanked before parsing (tree-sitter-python's scanner is quadratic in a block
// of them): only comments go, nothing moves, and a line that may be part of a string is kept when
// blanking it could change where the string ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankPythonCommentLines } from '../../../src/core/codeIndex/pythonComments';

const lines = (...l: string[]) => l.join('\n');
const blank = (s: string) => ' '.repeat(s.length);

test('comment lines become spaces; code, trailing comments and line breaks stay where they were', () => {
  const source = lines('# header', 'def f():  # why', "    # it's here", '\t# tab', '\f# feed', '    return 1', '#');
  const out = blankPythonCommentLines(source);
  assert.equal(out.length, source.length);
  assert.equal(out, lines(blank('# header'), 'def f():  # why', `    ${blank("# it's here")}`, `\t${blank('# tab')}`, `\f${blank('# feed')}`, '    return 1', ' '));
});

test('CRLF and surrogate pairs: every offset of the code is unchanged', () => {
  const source = '# 😀 note\r\nx = 1\r\n  # é\r\n';
  const out = blankPythonCommentLines(source);
  assert.equal(out, `${blank('# 😀 note')}\r\nx = 1\r\n  ${blank('# é')}\r\n`);
  assert.equal(out.indexOf('x = 1'), source.indexOf('x = 1'));
});

test('commented-out code is blanked whatever it holds: quotes, backslashes, balanced braces', () => {
  const code = String.raw`# d = {"a": "x\n}", "b": {1: {2: 'it\'s'}}}  # it's off`;
  const more = String.raw`# print(f"{d!r} {{literal}}") \ `;
  assert.equal(blankPythonCommentLines(lines(`    ${code}`, `    ${more}`)), lines(`    ${blank(code)}`, `    ${blank(more)}`));
});

test('a line that could end a string or an f-string field is kept', () => {
  const kept = [
    lines('x = """', '# """', 'y = 1'), // closes the docstring
    lines("x = '''", "# a ''' b", "'''"),
    lines('x = """', String.raw`# an escaped \""" still counts`, '"""'),
    lines('s = f"""', '# {foo(', '  bar)}', '"""'), // opens a field that ends on the next line
    lines('s = f"""{x:', '# spec }', '"""'), // closes a format spec begun on the line before
    lines('# } {'),
    lines('s = f"""', '# {x + len("}")', '}"""'), // a field's string hides its brace: the field goes on
    lines(String.raw`s = "a\ `.trimEnd(), '# b"'), // a one-quote string continued by a backslash
    String.raw`s = "a\ `.trimEnd() + '\r\n# b"\r\n', // the same with CRLF
    lines(String.raw`x = 1 \ `.trimEnd(), '# after a continuation'),
  ];
  for (const source of kept) assert.equal(blankPythonCommentLines(source), source, source);
});

test('lines end at LF, as the grammar reads them: a lone CR or U+2028 is inside the comment', () => {
  assert.equal(blankPythonCommentLines('# a\rx = 1\n# b'), `${blank('# a\rx = 1')}\n${blank('# b')}`);
  assert.equal(blankPythonCommentLines('# a\u2028def f(): pass\n'), `${blank('# a\u2028def f(): pass')}\n`);
});

test('text in a string that only looks like a comment is blanked only where that cannot change the string', () => {
  const source = lines('doc = """', "# it's text", '# say "hi"', '"""');
  assert.equal(blankPythonCommentLines(source), lines('doc = """', blank("# it's text"), blank('# say "hi"'), '"""'));
});

test('nothing to blank: the same string comes back', () => {
  const source = lines('x = "#"', 'y = 2  # trailing', '');
  assert.equal(blankPythonCommentLines(source), source);
  assert.equal(blankPythonCommentLines(''), '');
});
