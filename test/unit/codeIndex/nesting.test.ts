// Which definition holds which: the reading shared by explain_symbol's resolution and the reference graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enclosingDefinitions, isLocalDefinition, type NestedDefinition } from '../../../src/core/codeIndex/nesting';

const def = (name: string, kind: NestedDefinition['kind'], startLine: number, endLine: number, signature = name): NestedDefinition => ({ name, kind, startLine, endLine, signature });

test('each definition\'s innermost holder, whatever order they come in; the same span holds nothing', () => {
  const defs = [
    def('helper', 'function', 4, 6), def('Store', 'class', 1, 20), def('save', 'method', 2, 10), def('node', 'struct', 22, 24), def('node_t', 'type', 22, 24),
    def('after', 'function', 10, 12), def('oneLine', 'function', 30, 30), def('alsoOneLine', 'function', 30, 30),
  ];
  assert.deepEqual(enclosingDefinitions(defs).map((d) => d?.name), ['save', undefined, 'Store', undefined, undefined, 'Store', undefined, undefined]);
  // Two with the same lines around a third: the first given holds it (as the old per-definition scan chose).
  assert.deepEqual(enclosingDefinitions([def('node', 'struct', 1, 5), def('node_t', 'type', 1, 5), def('next', 'function', 2, 3)]).map((d) => d?.name), [undefined, undefined, 'node']);
});

test('a chain of definitions each starting on the line the last one ends (`}).then(function next() {`) does not pile up', () => {
  const chain = Array.from({ length: 20_000 }, (_, i) => def(`step${i}`, 'function', i * 4 + 1, i * 4 + 5));
  chain.push(def('inner', 'function', 6, 7));
  const around = enclosingDefinitions(chain);
  assert.equal(around[chain.length - 1]?.name, 'step1', 'the one whose lines hold it');
  assert.ok(around.slice(0, -1).every((d) => d === undefined));
});

test('local: a closure or nested helper inside a function or method; not a member of an object made there, not a class\'s method', () => {
  const fn = def('render', 'function', 1, 20);
  assert.equal(isLocalDefinition(def('push', 'function', 2, 3, 'const push = (x) => {'), fn), true);
  assert.equal(isLocalDefinition(def('inner', 'function', 2, 3, 'def inner():'), def('run', 'method', 1, 9)), true);
  assert.equal(isLocalDefinition(def('flush', 'method', 2, 3, 'flush() {'), fn), false, 'an object literal\'s method');
  assert.equal(isLocalDefinition(def('onData', 'function', 2, 3, 'onData: (chunk) => {'), fn), false, 'an object literal\'s entry');
  assert.equal(isLocalDefinition(def('save', 'method', 2, 3), def('Store', 'class', 1, 9)), false);
  assert.equal(isLocalDefinition(def('top', 'function', 2, 3), undefined), false);
  assert.equal(isLocalDefinition(def('render', 'function', 2, 3, 'this.render = function () {'), def('Widget', 'function', 1, 9)), false, 'a constructor\'s method');
});
