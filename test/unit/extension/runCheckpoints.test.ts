// The session's checkpoints: a card per run in the transcript (paths only), the contents kept in
// memory, and cards from before a reload marked as no longer available.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatTranscript, type TranscriptStorage } from '../../../src/extension/chatTranscript';
import { RunCheckpoints } from '../../../src/extension/agentHost/runCheckpoints';

function storage(): TranscriptStorage & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: <T>(key: string, fallback: T) => (data.has(key) ? structuredClone(data.get(key)) as T : fallback), update: async (key, value) => { data.set(key, structuredClone(value)); } };
}

const CHECKPOINT = { files: [
  { path: 'src/a.ts', before: 'SECRET=1\nold', after: 'new' },
  { path: 'src/new.ts', before: null, after: 'made' },
  { path: 'src/gone.ts', before: 'was', after: null },
] };

test('a run\'s card lists its files and how each changed; the contents stay out of the transcript', () => {
  const store = storage();
  const checkpoints = new RunCheckpoints(new ChatTranscript(store));
  const id = checkpoints.add(CHECKPOINT);
  const saved = JSON.stringify(store.data.get('smallcode.transcript'));
  assert.match(saved, /"role":"checkpoint"/);
  assert.doesNotMatch(saved, /SECRET|old|made/, 'file contents are never written with the transcript');
  const entry = (store.data.get('smallcode.transcript') as { id: string; checkpoint: unknown }[]).find((e) => e.id === id);
  assert.deepEqual(entry?.checkpoint, { state: 'available', files: [
    { path: 'src/a.ts', change: 'edited' }, { path: 'src/new.ts', change: 'created' }, { path: 'src/gone.ts', change: 'deleted' },
  ] });
  assert.equal(checkpoints.get(id), CHECKPOINT, 'held as is: the real contents, not redacted');
});

test('an undone card keeps its files and says what was done', () => {
  const transcript = new ChatTranscript(storage());
  const checkpoints = new RunCheckpoints(transcript);
  const id = checkpoints.add(CHECKPOINT);
  checkpoints.update(id, { state: 'undone', note: 'Restored src/a.ts.' });
  const card = transcript.all().find((e) => e.id === id)?.checkpoint;
  assert.equal(card?.state, 'undone');
  assert.equal(card?.note, 'Restored src/a.ts.');
  assert.equal(card?.files.length, 3);
});

test('after a reload, cards whose contents are gone say the undo is no longer available', () => {
  const store = storage();
  const before = new RunCheckpoints(new ChatTranscript(store));
  const id = before.add(CHECKPOINT);
  const transcript = new ChatTranscript(store); // the window was reloaded
  const after = new RunCheckpoints(transcript);
  assert.equal(transcript.all().find((e) => e.id === id)?.checkpoint?.state, 'unavailable');
  const fresh = after.add(CHECKPOINT);
  // an older conversation opened: its entries are marked before they are shown
  const opened = after.markUnavailable([...transcript.all(), { id: 'checkpoint-elsewhere', role: 'checkpoint', text: '', checkpoint: { state: 'available', files: [{ path: 'src/b.ts', change: 'edited' }] } }]);
  assert.deepEqual(opened.map((e) => [e.id, e.checkpoint?.state]), [[id, 'unavailable'], [fresh, 'available'], ['checkpoint-elsewhere', 'unavailable']], 'this session\'s cards stay available');
});

test('the checkpoints held are bounded: beyond the newest runs or the size limit the oldest go and their cards say the undo is no longer available', () => {
  const transcript = new ChatTranscript(storage());
  const checkpoints = new RunCheckpoints(transcript, { runs: 3, chars: 1000 });
  const ids = Array.from({ length: 5 }, () => checkpoints.add(CHECKPOINT));
  assert.equal(checkpoints.size, 3);
  const states = () => transcript.all().map((e) => e.checkpoint?.state);
  assert.deepEqual(states(), ['unavailable', 'unavailable', 'available', 'available', 'available']);
  assert.equal(checkpoints.get(ids[0]!), undefined);
  assert.equal(checkpoints.get(ids[4]!), CHECKPOINT);

  const big = { files: [{ path: 'src/big.ts', before: 'b'.repeat(600), after: 'a'.repeat(390) }] };
  const bigId = checkpoints.add(big);
  assert.deepEqual([checkpoints.size, checkpoints.get(bigId)], [1, big], 'by size: only the newest fits');
  const huge = checkpoints.add({ files: [{ path: 'src/huge.ts', before: 'h'.repeat(5000), after: null }] });
  assert.ok(checkpoints.get(huge), 'the newest run is always held, however large');
  assert.equal(checkpoints.size, 1);
});

test('the checkpoints of cards that left the chat for good are dropped; others stay', () => {
  const transcript = new ChatTranscript(storage());
  const checkpoints = new RunCheckpoints(transcript);
  const first = checkpoints.add(CHECKPOINT);
  transcript.add('user', 'Again');
  const second = checkpoints.add(CHECKPOINT);
  const entries = transcript.all();
  const cut = entries.findIndex((e) => e.id === second);
  transcript.replace(entries.slice(0, cut)); // Retry cut the second run off
  checkpoints.drop(entries.slice(cut));
  assert.deepEqual([checkpoints.get(first), checkpoints.get(second), checkpoints.size], [CHECKPOINT, undefined, 1]);
});
