// Which mentions a message holds, read from its text however it got there (typed in full, picked,
// recalled, edited): the special items, files, paths with spaces only as picked, never code or e-mail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentionsInText, pickedIn } from '../../../src/shared/mentionText';

test('mentions typed in full are found, with the sentence punctuation after them left out', () => {
  assert.deepEqual(mentionsInText('explain @selection please'), [{ kind: 'selection', value: 'selection' }]);
  assert.deepEqual(mentionsInText('@problems: fix them, then read @src/app.ts.'), [
    { kind: 'problems', value: 'problems' }, { kind: 'file', value: 'src/app.ts' },
  ]);
  assert.deepEqual(mentionsInText('Compare @Selection with (@README.md)?'), [{ kind: 'selection', value: 'selection' }], 'a mention starts after white space only');
  assert.deepEqual(mentionsInText('Compare @Selection with @README.md?\nand @selection again'), [
    { kind: 'selection', value: 'selection' }, { kind: 'file', value: 'README.md' },
  ], 'each once, in order; the special items in any case');
});

test('an e-mail address, a lone @ and code hold no mention', () => {
  assert.deepEqual(mentionsInText('mail ann@example.com or @ me'), []);
  assert.deepEqual(mentionsInText('Why does `@app.route` fail?\n```java\n@Override\nvoid f() {}\n```\nsee @src/App.java'), [{ kind: 'file', value: 'src/App.java' }]);
  assert.deepEqual(mentionsInText('an unclosed fence\n```py\n@dataclass'), []);
  assert.deepEqual(mentionsInText('Fix this. Change only a.py lines 1-2.\n\n~~~~python\n@pytest.fixture\ns = "```"\n~~~~\n\nand @problems'), [{ kind: 'problems', value: 'problems' }], 'a Fix selection task\'s tilde fence too');
});

test('a path with spaces is one mention only as it was picked from the list', () => {
  const picked = [{ kind: 'file' as const, value: 'docs/my notes.md' }, { kind: 'file' as const, value: 'docs/my' }];
  assert.deepEqual(mentionsInText('summarise @docs/my notes.md, then @selection', picked), [
    { kind: 'file', value: 'docs/my notes.md' }, { kind: 'selection', value: 'selection' },
  ]);
  assert.deepEqual(mentionsInText('summarise @docs/my notes.md'), [{ kind: 'file', value: 'docs/my' }], 'typed, it ends at the space');
  assert.deepEqual(mentionsInText('summarise @docs/my notesXmd', picked.slice(0, 1)), [{ kind: 'file', value: 'docs/my' }], 'a picked path only where it ends');
});

test('the panel keeps a picked mention while the text still mentions it, once', () => {
  const picked = [
    { kind: 'file' as const, value: 'docs/my notes.md' },
    { kind: 'file' as const, value: 'src/a.ts' },
    { kind: 'file' as const, value: 'src/a.ts' },
    { kind: 'selection' as const, value: 'selection' },
  ];
  assert.deepEqual(pickedIn('read @docs/my notes.md and @src/a.ts, then @problems', picked), [
    { kind: 'file', value: 'docs/my notes.md' }, { kind: 'file', value: 'src/a.ts' },
  ]);
  assert.deepEqual(pickedIn('read @docs/my and x@src/a.ts and `@selection`', picked), [], 'cut short, inside an address, inside code');
});
