// What a message's @ mentions attach, read from its text: each mention once, what could not be attached
// said (to the user and the model), and a word that names no file (a decorator, a handle) left as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachMentions, notAttachedNotice, type ResolveMention } from '../../../src/extension/mentionAttachments';

const resolve: ResolveMention = async (ref) => {
  if (ref.kind !== 'file') return { missing: 'nothing is selected in the editor' };
  if (ref.value === 'Makefile' || ref.value === 'docs/my notes.md') return { text: `File ${ref.value}:\n…\n[end of file]` };
  if (ref.value === 'big.bin') return { missing: 'binary file' };
  return { missing: 'no such file in the workspace', absent: true };
};

test('attached mentions follow each other; those that are not are said, in order', async () => {
  const attachment = await attachMentions('see @Makefile, @selection, @big.bin and @gone/x.ts', [], resolve);
  assert.equal(attachment.text, [
    'File Makefile:\n…\n[end of file]',
    '@selection: not attached (nothing is selected in the editor)',
    'File big.bin: not attached (binary file)',
    'File gone/x.ts: not attached (no such file in the workspace)',
  ].join('\n\n'));
  assert.deepEqual(attachment.missing, ['@selection (nothing is selected in the editor)', '@big.bin (binary file)', '@gone/x.ts (no such file in the workspace)']);
  assert.equal(notAttachedNotice(attachment.missing.slice(0, 1)), 'Not attached: @selection (nothing is selected in the editor). The message went without it, and the model was told. Fix that, then use Edit and resend.');
});

test('a word that names no file is text (a decorator, a handle), unless it was picked from the list', async () => {
  assert.deepEqual(await attachMentions('why does @property fail? ask @ann', [], resolve), { text: '', missing: [] });
  assert.deepEqual((await attachMentions('read @README', [{ kind: 'file', value: 'README' }], resolve)).missing, ['@README (no such file in the workspace)']);
  assert.equal((await attachMentions('summarise @docs/my notes.md', [{ kind: 'file', value: 'docs/my notes.md' }], resolve)).text, 'File docs/my notes.md:\n…\n[end of file]');
});
