// Other agents' names for our tools (what small models were trained on) are read as ours; a near miss
// that is no synonym gets a "did you mean" in the validation error instead of a guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';
import { parserTools, validateToolCall } from '../../../src/core/tools';
import { likelyToolName } from '../../../src/core/parse/toolNames';

const specs = parserTools();
const readAs = (name: string, args: Record<string, unknown>) => parseToolCalls(`<tool_call>${JSON.stringify({ name, arguments: args })}</tool_call>`, { tools: specs }).calls[0];

test('the usual hallucinated names are read as our tools', () => {
  assert.equal(readAs('bash', { command: 'ls' })?.name, 'run');
  assert.equal(readAs('shell', { command: 'ls' })?.name, 'run');
  assert.equal(readAs('cat', { path: 'a.ts' })?.name, 'read_file');
  assert.equal(readAs('open_file', { path: 'a.ts' })?.name, 'read_file');
  assert.equal(readAs('ls', { glob: '*' })?.name, 'find_files');
  assert.equal(readAs('list_dir', { glob: '*' })?.name, 'find_files');
  const edit = readAs('str_replace', { path: 'a.ts', old_str: 'a', new_str: 'b' });
  assert.deepEqual(edit, { name: 'patch', arguments: { path: 'a.ts', search: 'a', replace: 'b' } });
  assert.equal(readAs('edit_file', { path: 'a.ts', search: 'a', replace: 'b' })?.name, 'patch');
});

test('an unknown name close to a tool\'s gets a "did you mean" with the valid names; a far one only the list', () => {
  const near = validateToolCall({ name: 'read_files', arguments: { path: 'a.ts' } });
  assert.equal(near.ok, false);
  assert.match(!near.ok ? near.error : '', /^Unknown tool "read_files"\. Did you mean read_file\? Use one of: read_file, write_file/);
  const far = validateToolCall({ name: 'delete', arguments: {} });
  assert.match(!far.ok ? far.error : '', /^Unknown tool "delete"\. Use one of: /);
  // a synonym that reached validation unread (no parser in between) is named too
  const synonym = validateToolCall({ name: 'str_replace', arguments: {} });
  assert.match(!synonym.ok ? synonym.error : '', /^Unknown tool "str_replace"\. Did you mean patch\?/);
});

test('"did you mean" among one MCP server\'s tools compares the tool part, not the shared server__ prefix', () => {
  const names = ['read_file', 'patch', 'run', 'github__create_issue', 'github__get_issue', 'github__list_issues'];
  // close_issue / update_issue are other actions, not misspellings of create_issue
  assert.equal(likelyToolName('github__update_issue', names), undefined);
  assert.equal(likelyToolName('github__close_issue', names), undefined);
  // a real misspelling of the tool part is still suggested, and only within the same server
  assert.equal(likelyToolName('github__create_isue', names), 'github__create_issue');
  // the other spellings of a server's tool models write
  for (const written of ['mcp__github__create_issue', 'github.create_issue', 'github/create_issue', 'github:create_issue', 'GitHub__create_issue']) assert.equal(likelyToolName(written, names), 'github__create_issue', written);
  // a server named like a built-in's first word: the built-in is still found
  assert.equal(likelyToolName('memory.remember', ['memory_remember', 'memory_load', 'memory__read_graph']), 'memory_remember');
  assert.equal(likelyToolName('mcp__github__close_issue', names), undefined);
  assert.equal(likelyToolName('gitlab__create_issue', names), undefined);
  assert.equal(likelyToolName('read_files', names), 'read_file');
});

test('str_replace_editor is read by its command, never as a patch by its name alone', () => {
  assert.deepEqual(readAs('str_replace_editor', { command: 'view', path: 'a.ts' }), { name: 'read_file', arguments: { path: 'a.ts' } });
  assert.deepEqual(readAs('str_replace_editor', { command: 'view', path: 'a.ts', view_range: [3, 9] }), { name: 'read_file', arguments: { path: 'a.ts', start_line: 3, end_line: 9 } });
  assert.deepEqual(readAs('str_replace_editor', { command: 'create', path: 'b.ts', file_text: 'x\n' }), { name: 'write_file', arguments: { path: 'b.ts', content: 'x\n' } });
  assert.deepEqual(readAs('str_replace_editor', { command: 'str_replace', path: 'a.ts', old_str: 'a', new_str: 'b' }), { name: 'patch', arguments: { path: 'a.ts', search: 'a', replace: 'b' } });
  // a command we have no tool for stays unknown: validation says so and lists the tools
  assert.equal(readAs('str_replace_editor', { command: 'undo_edit', path: 'a.ts' })?.name, 'str_replace_editor');
});

test('a str_replace_editor command we have no tool for is told as such (and how to insert), not as an unknown tool', () => {
  const insert = validateToolCall(readAs('str_replace_editor', { command: 'insert', path: 'a.ts', insert_line: 3, new_str: 'x' })!);
  assert.equal(insert.ok, false);
  assert.match(!insert.ok ? insert.error : '', /str_replace_editor has no "insert" command here; its commands are view \(read_file\), create \(write_file\), str_replace \(patch\)\. To insert lines, use patch/);
  assert.doesNotMatch(!insert.ok ? insert.error : '', /Unknown tool/);
  const undo = validateToolCall(readAs('str_replace_editor', { command: 'undo_edit', path: 'a.ts' })!);
  assert.match(!undo.ok ? undo.error : '', /no "undo_edit" command here/);
  const none = validateToolCall(readAs('str_replace_editor', { path: 'a.ts' })!);
  assert.match(!none.ok ? none.error : '', /str_replace_editor needs a command; its commands are view/);
  // a command in capitals is the same command
  assert.equal(readAs('str_replace_editor', { command: 'VIEW', path: 'a.ts' })?.name, 'read_file');
});

test('str_replace_editor written without markup (JSON after prose, fenced JSON) is a call too, read by its command', () => {
  const call = JSON.stringify({ name: 'str_replace_editor', arguments: { command: 'view', path: 'src/a.ts' } });
  for (const reply of [`Let me look at the file.\n${call}`, `Let me look.\n\n\`\`\`json\n${call}\n\`\`\``]) {
    const parsed = parseToolCalls(reply, { tools: specs });
    assert.deepEqual(parsed.calls.map((c) => [c.name, c.arguments]), [['read_file', { path: 'src/a.ts' }]], reply);
  }
});
