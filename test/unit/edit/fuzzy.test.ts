// The fuzzy tier forgives small slips in SEARCH, but never at the cost of code the model did not
// mean to touch: blank lines are no wildcards, misremembered lines are not written back, and
// REPLACE's indentation must follow from one consistent shift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySearchReplace } from '../../../src/core/edit';
import type { ApplyResult } from '../../../src/core/edit';

function applied(r: ApplyResult): { content: string; tier: string } {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return { content: r.content, tier: r.applied[0]!.tier };
}

test('a blank SEARCH line does not stand in for a line of code', () => {
  const file = 'def save(user):\n    open_db()\n    check(user)\n    audit_log(user)\n    write(user)\n    close_db()\n';
  const r = applySearchReplace(file, '    open_db()\n    check(user)\n\n    write(user)\n    close_db()\n', '    open_db()\n    check(user)\n\n    write(user)\n    close()\n');
  assert.ok(!r.ok, 'audit_log(user) must not be deleted');
});

test('a blank SEARCH line still matches a blank file line while another line is misremembered', () => {
  const file = 'def run():\n    start()\n\n    step_one()\n    step_two()\n    stop()\n';
  const r = applied(applySearchReplace(file, '    start()\n\n    step_ones()\n    step_two()\n    stop()\n', '    start()\n\n    step_one()\n    step_two()\n    halt()\n'));
  assert.deepEqual(r, { content: 'def run():\n    start()\n\n    step_one()\n    step_two()\n    halt()\n', tier: 'fuzzy' });
});

test('a misremembered line that REPLACE keeps is written as the file has it', () => {
  const file = 'def configure():\n    name = "worker"\n    limit = 2048\n    verbose = False\n    return build(name, limit, verbose)\n';
  const search = '    name = "worker"\n    limit = 2084\n    verbose = False\n    return build(name, limit, verbose)\n';
  const r = applied(applySearchReplace(file, search, search.replace('False', 'True')));
  assert.equal(r.tier, 'fuzzy');
  assert.equal(r.content, file.replace('False', 'True'), 'limit stays 2048, only verbose changes');
  // Kept but moved into a new block: the file's text at REPLACE's indentation.
  const wrapped = '    name = "worker"\n    if debug:\n        limit = 2084\n    verbose = False\n    return build(name, limit, verbose)\n';
  assert.equal(applied(applySearchReplace(file, search, wrapped)).content, 'def configure():\n    name = "worker"\n    if debug:\n        limit = 2048\n    verbose = False\n    return build(name, limit, verbose)\n');
});

test('a line SEARCH has with its inner spaces collapsed, kept by REPLACE, is written as the file has it', () => {
  const file = 'def report(rows):\n    header = "NAME      SCORE"\n    print(header)\n    for r in rows:\n        print(r)\n';
  const search = 'def report(rows):\n    header = "NAME SCORE"\n    print(header)\n    for r in rows:\n        print(r)\n';
  const r = applied(applySearchReplace(file, search, search.replace('in rows', 'in sorted(rows)')));
  assert.equal(r.tier, 'fuzzy');
  // Before the fix the string literal became "NAME SCORE".
  assert.equal(r.content, file.replace('in rows', 'in sorted(rows)'));
  // A new spacing written in REPLACE is the model's own change.
  const respaced = applied(applySearchReplace(file, search, search.replace('"NAME SCORE"', '"NAME  SCORE"')));
  assert.equal(respaced.content, file.replace('"NAME      SCORE"', '"NAME  SCORE"'));
});

test('a misremembered line REPLACE rewrites is the model\'s intent; one REPLACE repeats is refused', () => {
  const file = 'def configure():\n    name = "worker"\n    limit = 2048\n    verbose = False\n    return build(name, limit, verbose)\n';
  const search = '    name = "worker"\n    limit = 2084\n    verbose = False\n    return build(name, limit, verbose)\n';
  const rewritten = applied(applySearchReplace(file, search, search.replace('limit = 2084', 'limit = 4096')));
  assert.equal(rewritten.content, file.replace('limit = 2048', 'limit = 4096'));
  const twice = applySearchReplace(file, search, search.replace('    limit = 2084\n', '    limit = 2084\n    limit = 2084\n'));
  assert.ok(!twice.ok && twice.reason === 'ambiguous', 'which copy is the kept line cannot be told');
});

test('SEARCH lines shifted by different amounts are refused, not re-indented line by line', () => {
  const file = 'items:\n    first\n    second\n';
  const r = applySearchReplace(file, 'first\n        second\n', 'FIRST\n        SECOND\n');
  assert.ok(!r.ok, r.ok ? r.content : '');
  assert.equal(r.reason, 'ambiguous');
  assert.match(r.error, /indent/);
});

test('one consistent shift with a misremembered line re-indents REPLACE by that shift', () => {
  const file = 'class Cart:\n    def total(self):\n        subtotal = sum(self.items)\n        tax = subtotal * RATE\n        return subtotal + tax\n';
  // SEARCH written one level shallower than the file, with `subtotals` misremembered.
  const search = '    def total(self):\n        subtotals = sum(self.items)\n        tax = subtotal * RATE\n        return subtotal + tax\n';
  const replace = '    def total(self):\n        subtotal = sum(self.items)\n        return subtotal * (1 + RATE)\n';
  const r = applied(applySearchReplace(file, search.replace(/^ {4}/gm, ''), replace.replace(/^ {4}/gm, '')));
  assert.deepEqual(r, { content: 'class Cart:\n' + replace, tier: 'fuzzy' });
});
