import test from 'node:test';
import assert from 'node:assert/strict';
import { callHeadline } from '../../../src/core/tools/callHeadline';

test('each built-in tool is named by the argument that says what the call does', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['read_file', { path: 'src/a.ts' }, 'src/a.ts'],
    ['read_file', { path: 'src/a.ts', start_line: 10, end_line: 40 }, 'src/a.ts:10–40'],
    ['read_file', { path: 'src/a.ts', start_line: 7 }, 'src/a.ts:7'],
    ['read_file', { path: 'src/a.ts', end_line: 20 }, 'src/a.ts:1–20'],
    ['write_file', { path: 'src/new.ts', content: 'a\nb\nc' }, 'src/new.ts (3 lines)'],
    ['patch', { path: 'src/a.ts', search: 'x', replace: 'y' }, 'src/a.ts'],
    ['patch', { path: 'src/a.ts', search: 'x', replace: 'y', start_line: 12 }, 'src/a.ts near line 12'],
    ['search', { pattern: 'parse\\w+' }, '/parse\\w+/'],
    ['search', { pattern: 'TODO', path: 'src/**/*.ts' }, '/TODO/ in src/**/*.ts'],
    ['find_files', { glob: '**/*.test.ts' }, '**/*.test.ts'],
    ['find_symbol', { name: 'Server.start' }, 'Server.start'],
    ['explain_symbol', { name: 'parseConfig' }, 'parseConfig'],
    ['run', { command: 'npm test' }, 'npm test'],
    ['run', { command: 'cat <<EOF > a.txt\nhello\nEOF' }, 'cat <<EOF > a.txt …'],
    ['todo', { steps: [{ text: 'a', state: 'done' }, { text: 'b', state: 'pending' }] }, '2 steps, 1 done'],
    ['todo', { steps: [{ text: 'a', state: 'pending' }] }, '1 step'],
    ['memory_remember', { key: 'test command', value: 'npm test' }, 'test command'],
    ['memory_load', {}, 'all'],
    ['memory_load', { key: 'build' }, 'build'],
    ['web_fetch', { url: 'https://example.com/a' }, 'https://example.com/a'],
  ];
  for (const [tool, args, expected] of cases) assert.equal(callHeadline(tool, args), expected, `${tool} ${JSON.stringify(args)}`);
});

test('a tool without a headline, or arguments that do not fit it, give none (the card shows the arguments)', () => {
  assert.equal(callHeadline('github__create_issue', { title: 'x' }), undefined, "an MCP server's tool");
  assert.equal(callHeadline('toString', {}), undefined, "a name that is Object.prototype's member");
  assert.equal(callHeadline('read_file', { file: 'a.ts' }), undefined, 'the path under another name');
  assert.equal(callHeadline('run', { command: '   ' }), undefined);
  assert.equal(callHeadline('todo', { steps: 'one' }), undefined);
  assert.equal(callHeadline('read_file', { path: 'a.ts', start_line: '3' }), 'a.ts', 'a line that is not a number is left out');
});
