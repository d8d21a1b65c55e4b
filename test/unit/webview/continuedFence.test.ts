// A reply cut inside a code block and continued after Continue: the continuation is drawn inside the
// cut block (see continuedFence.ts); a reply that does not continue a cut block is drawn as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { continuedBelow, continuedFence, openFenceAtEnd, untilOpenFence } from '../../../src/webview/continuedFence';
import type { ChatEntry } from '../../../src/shared/chatProtocol';

const CUT = 'Here is the script:\n\n```python\nimport sys\n\ndef main(*args):\n    total = 0\n    for a in args:\n';
const REST = '        total += a * 2\n    print(total)\n```\n\nRun it with `python script.py 1 2 3`.';

function conversation(cut: string, rest = REST, between: ChatEntry[] = []): ChatEntry[] {
  return [
    { id: 'u1', role: 'user', text: 'write the script' },
    { id: 'a1', role: 'assistant', text: cut },
    ...between,
    { id: 'n1', role: 'notice', level: 'warning', text: 'The reply was cut off at 2,048 tokens.', action: 'continue' },
    { id: 'u2', role: 'user', text: 'Continue' },
    { id: 'a2', role: 'assistant', text: rest },
  ];
}

test('a reply ending inside a code block leads with the line before the fence (hidden) and the block so far', () => {
  assert.deepEqual(openFenceAtEnd(CUT), { text: '```python\nimport sys\n\ndef main(*args):\n    total = 0\n    for a in args:\n', hidden: 0 }, 'a blank line before the fence: nothing hidden');
  assert.deepEqual(openFenceAtEnd('**src/run.py**\n```python\nx = 1'), { text: '**src/run.py**\n```python\nx = 1', hidden: 1 });
  assert.deepEqual(openFenceAtEnd('~~~~sh\nls\n~~~\nnot closed by the shorter run'), { text: '~~~~sh\nls\n~~~\nnot closed by the shorter run', hidden: 0 });
  assert.equal(openFenceAtEnd('```ts\nconst a = 1;\n```\n\nAll done.'), undefined, 'closed blocks leave nothing open');
  assert.equal(openFenceAtEnd('No code at all, cut mid-sentence'), undefined);
});

test('the reply after Continue continues the cut block; other replies do not', () => {
  assert.deepEqual(continuedFence(conversation(CUT), 'a2', REST), openFenceAtEnd(CUT));
  // cards of the run (a checkpoint) may stand between the cut reply and its notice
  assert.deepEqual(continuedFence(conversation(CUT, REST, [{ id: 'k1', role: 'checkpoint', text: '' }]), 'a2', REST), openFenceAtEnd(CUT));
  assert.equal(continuedFence(conversation('Cut in prose, not in code'), 'a2', REST), undefined, 'a reply cut outside a block');
  assert.equal(continuedFence(conversation(CUT), 'a1', CUT), undefined, 'the cut reply itself');
  const reopened = '```python\n        total += a * 2\n```';
  assert.equal(continuedFence(conversation(CUT, reopened), 'a2', reopened), undefined, 'a continuation that opens the block again is drawn as written');
  const noOffer = conversation(CUT).filter((e) => e.id !== 'n1');
  assert.equal(continuedFence(noOffer, 'a2', REST), undefined, 'a reply that was not cut (no Continue offered) is not continued');
  const asked = conversation(CUT).map((e) => (e.id === 'u2' ? { ...e, text: 'Explain it' } : e));
  assert.equal(continuedFence(asked, 'a2', REST), undefined, 'after another message the reply answers that');
});

test('a cut reply whose block the next reply goes on with draws its text up to that block only: the code shows once, whole, below', () => {
  const cut = `Here is the script:\n\n**script.py**\n${CUT.slice(CUT.indexOf('```'))}`;
  const entries = conversation(cut);
  assert.equal(continuedBelow(entries, 'a1'), true);
  assert.equal(untilOpenFence(cut), 'Here is the script:\n\n**script.py**', 'the line before the fence stays: the block below hides it');
  assert.equal(continuedBelow(entries, 'a2'), false, 'the continuation itself, whole');
  assert.equal(continuedBelow(conversation('Cut in prose, not in code'), 'a1'), false, 'a reply cut outside a block is drawn as it is');
  assert.equal(continuedBelow(entries.filter((e) => e.id !== 'a2'), 'a1'), false, 'before Continue is answered the cut block shows where it is');
  const reopened = '```python\n        total += a * 2\n```';
  assert.equal(continuedBelow(conversation(cut, reopened), 'a1'), false, 'a continuation that opens the block again leaves the cut one as it was');
  const streaming = conversation(cut, '').map((e) => (e.id === 'a2' ? { ...e, streaming: true } : e));
  assert.equal(continuedBelow(streaming, 'a1'), true, 'as soon as the continuation starts');
});

test('a continuation cut again in the same block is continued too: each part is drawn once, the whole block in the last', () => {
  const middle = '        total += a * 2\n';
  const last = '    print(total)\n```\n\nDone.';
  const entries: ChatEntry[] = [
    ...conversation(CUT, middle),
    { id: 'n2', role: 'notice', level: 'warning', text: 'The reply was cut off at 2,048 tokens.', action: 'continue' },
    { id: 'u3', role: 'user', text: 'Continue' },
    { id: 'a3', role: 'assistant', text: last },
  ];
  const lead = continuedFence(entries, 'a3', last);
  assert.ok(lead, 'the third part continues the block');
  assert.equal(lead.text + last, `${openFenceAtEnd(CUT)!.text}${middle}${last}`, 'with all the code before it');
  assert.equal(continuedBelow(entries, 'a2'), true);
  assert.equal(untilOpenFence(middle, continuedFence(entries, 'a2', middle)), '', 'the middle part draws nothing of the block');
});
