// "Apply to file" of a reply's code block: where the block goes, and refusals where that is unclear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeSnippet } from '../../../src/core/edit/snippetPlacement';

const FILE = `const limit = 10;

function average(values) {
  let total = 0;
  for (let i = 0; i <= values.length; i++) {
    total += values[i];
  }
  return total / values.length;
}

function clamp(value, min, max) {
  return Math.min(Math.max(value, min), max);
}

module.exports = { average, clamp };
`;

const ok = (result: ReturnType<typeof placeSnippet>) => {
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result;
};

test('a snippet replaces the one region between its first and last lines', () => {
  const snippet = `function average(values) {
  if (values.length === 0) return 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    total += values[i];
  }
  return total / values.length;
}`;
  const placed = ok(placeSnippet(FILE, snippet));
  assert.equal(placed.how, 'region');
  assert.deepEqual([placed.startLine, placed.endLine], [3, 9]);
  assert.equal(placed.content, FILE.replace(/function average[\s\S]*?\n}\n/, `${snippet}\n`));
});

test('a snippet written at another indentation lands at the file\'s', () => {
  const file = 'class A {\n  run() {\n    return 1;\n  }\n\n  stop() {\n    return 2;\n  }\n}\n';
  const placed = ok(placeSnippet(file, 'run() {\n  log("run");\n  return 1;\n}'));
  assert.equal(placed.content, 'class A {\n  run() {\n    log("run");\n    return 1;\n  }\n\n  stop() {\n    return 2;\n  }\n}\n');
});

test('the file\'s line endings and the bytes around the region are kept', () => {
  const crlf = FILE.replace(/\n/g, '\r\n');
  const placed = ok(placeSnippet(crlf, 'function clamp(value, min, max) {\n  return min > max ? NaN : Math.min(Math.max(value, min), max);\n}'));
  assert.equal(placed.content, crlf.replace('  return Math.min(Math.max(value, min), max);', '  return min > max ? NaN : Math.min(Math.max(value, min), max);'));
});

test('a snippet whose anchors enclose more than one region is refused', () => {
  const file = 'class A:\n    def run(self):\n        x = 1\n        return x\n\nclass B:\n    def run(self):\n        x = 2\n        return x\n';
  const placed = placeSnippet(file, 'def run(self):\n    x = 3\n    return x');
  assert.equal(placed.ok, false);
  assert.match(placed.ok ? '' : placed.error, /more than one region/);
});

test('a snippet whose first or last line is not in the file is refused, not guessed', () => {
  const placed = placeSnippet(FILE, 'function mean(values) {\n  return average(values);\n}');
  assert.equal(placed.ok, false);
  assert.match(placed.ok ? '' : placed.error, /do not enclose one region/);
});

test('a one-line block and a block that elides code are refused', () => {
  const one = placeSnippet(FILE, 'const limit = 20;');
  assert.match(one.ok ? '' : one.error, /one-line block/);
  const elided = placeSnippet(FILE, 'function average(values) {\n  // ... existing code ...\n  return total / Math.max(values.length, 1);\n}');
  assert.match(elided.ok ? '' : elided.error, /leaves code out/);
});

test('a block that rewrites the whole file replaces it, even with a new first line', () => {
  const whole = `'use strict';\n${FILE.replace('i <= values.length', 'i < values.length')}`;
  const placed = ok(placeSnippet(FILE, whole));
  assert.equal(placed.how, 'whole-file');
  assert.equal(placed.content, whole);
});

test('a part of the file that happens to start and end like it is not the whole file', () => {
  const file = 'import a from "a";\n\nfunction one() {\n  return 1;\n}\n\nfunction two() {\n  return 2;\n}\n\nfunction three() {\n  return 3;\n}\n';
  const placed = placeSnippet(file, 'import a from "a";\n\nfunction one() {\n  return 11;\n}');
  assert.equal(placed.ok, false, 'its last line `}` closes several regions: refused rather than read as the whole file');
});

test('a block that starts and ends like the file but leaves functions out is refused, not proposed as deleting them', () => {
  const fn = (n: number) => `function f${n}(x) {\n  const y = x * ${n};\n  return y + ${n};\n}\n`;
  const file = `import a from 'a';\n\n${[1, 2, 3, 4, 5, 6, 7, 8].map(fn).join('\n')}\nexport default f1;\n`;
  // f3 changed, f5 and f6 left out (no placeholder): 75 % of the file's lines kept, first and last lines as the file's.
  const block = `import a from 'a';\n\n${[1, 2, 3, 4, 7, 8].map((n) => (n === 3 ? fn(3).replace('x * 3', 'x * 33') : fn(n))).join('\n')}\nexport default f1;\n`;
  const placed = placeSnippet(file, block);
  // Before the fix: { how: 'whole-file' } without f5 and f6.
  assert.equal(placed.ok, false, placed.ok ? `${placed.how}: ${placed.content.includes('function f5') ? '' : 'f5/f6 deleted'}` : '');
  assert.match(placed.ok ? '' : placed.error, /leaves out 8 of its lines \(from `function f5\(x\) \{`\) without a placeholder/);
  // The same block with every function is the whole file rewritten.
  const complete = ok(placeSnippet(file, file.replace('x * 3', 'x * 33')));
  assert.equal(complete.how, 'whole-file');
  // A line or three deleted on purpose ("remove the debug logging") are a deletion the review shows.
  const logged = file.replace(/(  return y \+ [27];\n)/g, "  console.log('debug', y);\n$1");
  const cleaned = ok(placeSnippet(logged, file));
  assert.equal(cleaned.how, 'whole-file');
  assert.equal(cleaned.content, file);
});

test('a new file is created with the block; an empty file is filled', () => {
  assert.deepEqual(placeSnippet(null, 'export const x = 1;'), { ok: true, content: 'export const x = 1;\n', how: 'create' });
  assert.deepEqual(placeSnippet('', 'a\nb\n'), { ok: true, content: 'a\nb\n', how: 'whole-file' });
});

test('SEARCH/REPLACE blocks are applied by the edit engine', () => {
  const block = '<<<<<<< SEARCH\n  return Math.min(Math.max(value, min), max);\n=======\n  return Math.max(min, Math.min(value, max));\n>>>>>>> REPLACE';
  const placed = ok(placeSnippet(FILE, block));
  assert.equal(placed.how, 'edit-blocks');
  assert.equal(placed.content, FILE.replace('Math.min(Math.max(value, min), max)', 'Math.max(min, Math.min(value, max))'));
  const missing = placeSnippet(FILE, '<<<<<<< SEARCH\nnot in the file\n=======\nx\n>>>>>>> REPLACE');
  assert.equal(missing.ok, false);
});

test('a block identical to its region changes nothing', () => {
  const placed = ok(placeSnippet(FILE, 'function clamp(value, min, max) {\n  return Math.min(Math.max(value, min), max);\n}'));
  assert.equal(placed.content, FILE);
});

test('SEARCH/REPLACE blocks that cannot be read are refused with the reason, never taken for code: a new file would hold the markers', () => {
  const twoDividers = '<<<<<<< SEARCH\na\n=======\nb\n=======\nc\n>>>>>>> REPLACE\n';
  for (const original of [null, 'x\na\ny\n']) {
    const placed = placeSnippet(original, twoDividers);
    assert.equal(placed.ok, false, placed.ok ? placed.content : '');
    assert.match(!placed.ok ? placed.error : '', /second `=======` divider/);
  }
  const underline = placeSnippet('Intro\n\nMore.\n', '<<<<<<< SEARCH\nMore.\n=======\nMore.\n\nNew\n=====\n\nText\n>>>>>>> REPLACE\n');
  assert.equal(underline.ok, false);
  assert.match(!underline.ok ? underline.error : '', /looks like a divider/);
});
