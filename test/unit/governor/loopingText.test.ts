// The loop watch stops a reply that writes one stretch over and over, and nothing a model writes for
// real: every text in the corpus of real model output, and this repository's own source files, streamed
// in small pieces as a server sends them, never trip it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LoopWatch, LOOP_MIN_SPAN, loopAtEnd, loopSample, withoutLoop } from '../../../src/core/governor';

const REPO = join(import.meta.dirname, '../../..');

/** Streams `text` through a watch in pieces of `size`; the loop found, and after how many characters. */
function streamed(text: string, size = 7): { at: number; text: string } | undefined {
  const watch = new LoopWatch();
  for (let i = 0; i < text.length; i += size) {
    const loop = watch.push(text.slice(i, i + size));
    if (loop) return { at: Math.min(text.length, i + size), text: withoutLoop(watch.seen, loop) };
  }
  return undefined;
}

test('a word, a line, a paragraph or whitespace written over and over is found, and cut to one copy', () => {
  const before = 'Here is the function you asked for:\n\n';
  const line = '    result = compute(value, options)  # keep going\n';
  const paragraph = 'The function reads the configuration file, checks each entry against the schema and returns the entries that pass, in the order the file lists them. Entries that fail are reported with their line number so the user can fix them. '.repeat(1);
  for (const [name, stretch] of [['a word', 'the '], ['a line', line], ['a paragraph', paragraph], ['blank lines', '\n'], ['a token pair', 'voluçã']] as const) {
    const input = before + stretch.repeat(Math.ceil(4_000 / stretch.length));
    const found = streamed(input);
    assert.ok(found, `${name}: found`);
    assert.ok(found.at <= LOOP_MIN_SPAN + before.length + 4 * stretch.length + 512, `${name}: stopped after ${found.at} characters`);
    assert.ok(input.startsWith(found.text) && found.text.length >= before.trimEnd().length, `${name}: the text before the loop is kept`);
    const rest = found.text.length - before.length;
    assert.ok(rest <= 2 * stretch.length, `${name}: the loop is cut to about one copy (${rest} characters kept)`);
  }
});

test('the sample names the stretch on one line, shortened', () => {
  const text = 'x\n' + 'def f():\n    return 1\n'.repeat(100);
  const loop = loopAtEnd(text)!;
  assert.equal(loop.period, 'def f():\n    return 1\n'.length);
  assert.ok(loop.repeats >= 99);
  assert.match(loopSample(text, loop), /^"(def f\(\): return 1|return 1 def f\(\):)"$/);
});

test('three equal blocks, a long rule line, or a short repeated stretch are not a loop', () => {
  const block = 'it("adds", () => {\n  expect(add(1, 2)).toBe(3);\n});\n\n'.repeat(1);
  assert.equal(streamed('Tests:\n' + block.repeat(3) + 'Done.'), undefined);
  assert.equal(streamed('#'.repeat(120) + '\n' + '='.repeat(300)), undefined);
  assert.equal(streamed('const zeros = [' + '0, '.repeat(150) + '];\n'), undefined);
});

test('no text in the corpus of real model output trips it', () => {
  const corpus = join(REPO, '../shared/corpus');
  let texts = 0;
  let files: string[] = [];
  try { files = readdirSync(corpus).filter((f) => f.endsWith('.jsonl')); } catch { /* no corpus on this machine */ }
  for (const file of files) {
    for (const line of readFileSync(join(corpus, file), 'utf8').split('\n').filter(Boolean)) {
      const walk = (value: unknown): void => {
        if (typeof value === 'string') {
          if (value.length > 200) {
            texts++;
            assert.equal(streamed(value), undefined, `${file}: ${value.slice(0, 80)}`);
          }
        } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
      };
      walk(JSON.parse(line));
    }
  }
  if (files.length) assert.ok(texts > 100, `${texts} texts`);
});

test('none of this repository\'s source files trips it (code as a model would write it)', () => {
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (/\.(ts|mjs|css|md)$/.test(entry.name)) sources.push(join(dir, entry.name));
    }
  };
  for (const dir of ['src', 'test/unit', 'media']) walk(join(REPO, dir));
  sources.push(join(REPO, 'README.md'));
  assert.ok(sources.length > 300, `${sources.length} files`);
  for (const file of sources) assert.equal(streamed(readFileSync(file, 'utf8'), 23), undefined, file);
});
