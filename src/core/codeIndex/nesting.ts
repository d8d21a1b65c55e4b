// Which definition holds which, by their lines: a method's class, a closure's function. One reading for
// explain_symbol's resolution (what a use can mean) and for the reference graph (what other files can reach).
import { escapeRegex } from '../text/escapeRegex';
import { isObjectEntry } from './lookup';
import type { SymbolKind } from './symbols';

export interface NestedDefinition {
  name: string;
  kind: SymbolKind;
  signature: string;
  startLine: number;
  endLine: number;
}

/**
 * Per definition (in the order given), the innermost other definition whose lines hold its lines — not
 * the very same lines (`typedef struct node {…} node_t` is two names for one span) — or undefined at the top level.
 */
export function enclosingDefinitions<T extends NestedDefinition>(defs: readonly T[]): (T | undefined)[] {
  // Outer before inner; of two with the same lines, the one given first ends up innermost (its holder when both hold one).
  const order = defs.map((_, i) => i).sort((a, b) => defs[a]!.startLine - defs[b]!.startLine || defs[b]!.endLine - defs[a]!.endLine || b - a);
  const around: (T | undefined)[] = new Array(defs.length).fill(undefined);
  let open: T[] = [];
  for (const i of order) {
    const d = defs[i]!;
    // Those that ended before d starts are closed, wherever they are: one that ends on the line the next
    // starts (`}).then(function next() {`) is not popped first, and a chain of them must not pile up.
    if (open.some((c) => c.endLine < d.startLine)) open = open.filter((c) => c.endLine >= d.startLine);
    for (let k = open.length - 1; k >= 0; k--) {
      const c = open[k]!;
      if (c.endLine >= d.endLine && (c.startLine !== d.startLine || c.endLine !== d.endLine)) { around[i] = c; break; }
    }
    open.push(d);
  }
  return around;
}

/** A method, a property, or a function that is an entry of an object: reached through a value, wherever it is defined. */
export function isMemberDefinition(d: Pick<NestedDefinition, 'kind' | 'name' | 'signature'>): boolean {
  return d.kind === 'method' || d.kind === 'property' || isObjectEntry(d);
}

/** A holder that makes what it holds local: a function or method (not a class, module or impl). */
export function isFunctionScope(around: Pick<NestedDefinition, 'kind'> | undefined): around is Pick<NestedDefinition, 'kind'> {
  return !!around && (around.kind === 'function' || around.kind === 'method');
}

/**
 * Defined inside a function or method, and not as a member of an object made there: a name only that
 * function's code can use (a closure, a nested `def`, a local helper), never what another file's use means.
 */
export function isLocalDefinition(d: NestedDefinition, around: Pick<NestedDefinition, 'kind'> | undefined): boolean {
  return isFunctionScope(around) && !isMemberDefinition(d) && !isAssignedToProperty(d);
}

/** `this.render = function () {…}` in a constructor, `obj.run = …`: reached through that object. */
function isAssignedToProperty(d: Pick<NestedDefinition, 'name' | 'signature'>): boolean {
  return new RegExp(`\\.\\s*${escapeRegex(d.name)}\\s*=(?!=)`).test(d.signature);
}
