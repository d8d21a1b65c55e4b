// A file's tag-query matches → its definitions (name, kind, lines, signature line, enclosing scope)
// and the identifiers it references, with the lines they are on.
import { MEMBER_ACCESS, type LanguageId } from './languages';
import type { TagMatch } from './ports';

export type SymbolKind = 'function' | 'method' | 'class' | 'struct' | 'interface' | 'trait' | 'enum' | 'type' | 'module' | 'macro' | 'property';

export interface SymbolDefinition {
  name: string;
  kind: SymbolKind;
  /** 1-based line of the name. */
  line: number;
  /** 1-based lines of the whole definition. */
  startLine: number;
  endLine: number;
  /** The source line holding the name, trimmed and capped. */
  signature: string;
  /** The enclosing definition's name ('' at the top level). */
  scope: string;
  /** A prototype, overload or abstract signature: no body here. */
  declaration: boolean;
  /** A class's or interface's supertypes (what it extends or implements), each by its own name (`Bar` of `pkg.Bar`). */
  bases?: string[];
}

export interface SymbolReference {
  name: string;
  count: number;
  /**
   * Uses not written after a receiver (`f()`, `new F`, a type, `Foo::f`): 0 when the file only reaches
   * the name through a value (`items.push()`), which may be a library's type as much as the workspace's.
   */
  bare: number;
  /** 1-based, ascending, at most MAX_REFERENCE_LINES. */
  lines: number[];
}

export interface FileSymbols {
  definitions: SymbolDefinition[];
  references: SymbolReference[];
}

const KINDS = new Set<SymbolKind>(['function', 'method', 'class', 'struct', 'interface', 'trait', 'enum', 'type', 'module', 'macro', 'property']);
/** Definitions whose functions are methods. */
const CLASS_LIKE = new Set<string>(['class', 'struct', 'interface', 'trait', 'enum', 'impl']);
export const MAX_SIGNATURE_CHARS = 200;
/** Lines kept per referenced name and file (the count stays exact). */
export const MAX_REFERENCE_LINES = 64;
/** Longer names are data (generated tables, minified code), not symbols. */
const MAX_NAME_CHARS = 120;

interface Container { start: number; end: number; name: string; kind: string }

/** The line holding offset `at`, found around it (only definitions' lines are read: the file is not split). */
function signatureAt(source: string, at: number): string {
  const end = source.indexOf('\n', at);
  const text = source.slice(source.lastIndexOf('\n', at - 1) + 1, end < 0 ? source.length : end).trim();
  return text.length > MAX_SIGNATURE_CHARS ? `${text.slice(0, MAX_SIGNATURE_CHARS - 1)}…` : text;
}

/** Two words: a macro the parser took for part of the name (see splitQualified); `operator new` is a name. */
const MACRO_THEN_NAME = /^(?!operator\s)[A-Za-z_]\w*\s+([A-Za-z_~]\w*)$/;

/**
 * `A::f` (a C++ definition out of its class) is `f` in scope `A`. C and C++ error recovery joins a
 * macro written before a name (`static int __THROW\nf (void)`, `GTEST_API_ Cardinality AnyNumber()`)
 * to it as a scope whose `::` is missing: the name is then the last word. `at`: where the name starts.
 */
function splitQualified(text: string): { name: string; scope: string; at: number } {
  const cut = text.lastIndexOf('::');
  const last = cut < 0 ? text : text.slice(cut + 2);
  // `GTEST_API_ std::string Name(…)`: what precedes the macro's name is the return type, not a scope.
  const afterMacro = MACRO_THEN_NAME.exec(last)?.[1];
  if (afterMacro) return { name: afterMacro, scope: '', at: text.length - afterMacro.length };
  if (cut < 0) return { name: text, scope: '', at: 0 };
  const scope = text.slice(0, cut).replace(/<[^>]*>/g, '');
  return { name: last, scope: MACRO_THEN_NAME.exec(scope)?.[1] ?? scope, at: cut + 2 };
}

/** A receiver or qualifier whose name is capitalised: a type or module by every convention (`Error.Throw()`, `Vec::new`). */
const TYPE_LIKE = /^[A-Z]/;

/**
 * What is written before the identifier at `start`: whether it is reached through a value (`x.f`, `x?.f`,
 * `p->f`, as `access` says; a chained call's `.` may start its line) — not `...x`, `..x`, nor `Foo::f`,
 * whose qualifier names what it means — and the receiver's or qualifier's name when it is capitalised.
 */
function receiverOf(source: string, start: number, access: 'dot' | 'arrow' | 'both'): { throughValue: boolean; type?: { name: string; start: number } } {
  let i = start - 1;
  while (i >= 0 && (source[i] === ' ' || source[i] === '\t')) i--; // not across a line: a comment may end in "."
  let throughValue = false;
  if (source[i] === '.' && source[i - 1] !== '.' && access !== 'arrow') throughValue = true, i--;
  else if (source[i] === '>' && source[i - 1] === '-' && access !== 'dot') throughValue = true, i -= 2;
  else if (source[i] === ':' && source[i - 1] === ':') i -= 2;
  else return { throughValue: false };
  if (source[i] === '?') i--;
  while (i >= 0 && /\s/.test(source[i]!)) i--;
  let from = i;
  while (from >= 0 && /[\w$]/.test(source[from]!)) from--;
  const name = source.slice(from + 1, i + 1);
  return TYPE_LIKE.test(name) ? { throughValue, type: { name, start: from + 1 } } : { throughValue };
}

/** A JSDoc tag's type in braces (`@param {Map<string, Module>} x`): what it holds is types. */
const JSDOC_TYPE = /@[a-z]+\s*\{([^{}]*)\}/g;
/** A type's name in one: capitalised, not a property of another name (`Foo.Bar`'s Bar), not in a string (`import("./Compiler")`). */
const JSDOC_TYPE_NAME = /(?<![\w$.'"/-])[A-Z][\w$]*/g;

/** The types a JSDoc comment's tags name, with their offsets in it. */
function jsdocTypes(comment: string): { name: string; at: number }[] {
  const out: { name: string; at: number }[] = [];
  for (const tag of comment.matchAll(JSDOC_TYPE)) {
    const body = tag[1]!;
    const bodyAt = tag.index! + tag[0].length - 1 - body.length;
    for (const name of body.matchAll(JSDOC_TYPE_NAME)) out.push({ name: name[0], at: bodyAt + name.index! });
  }
  return out;
}

/** The row of offset `to`, counted from offset `from` on `row` (the two are a few characters or a capture apart). */
function rowAt(source: string, row: number, from: number, to: number): number {
  for (let i = source.indexOf('\n', Math.min(from, to)); i >= 0 && i < Math.max(from, to); i = source.indexOf('\n', i + 1)) row += to < from ? -1 : 1;
  return row;
}

export function symbolsFromMatches(matches: readonly TagMatch[], source: string, language: LanguageId): FileSymbols {
  const access = MEMBER_ACCESS[language];
  /** `bodyFound`: a pattern found the body of a node another pattern took for a declaration (see below). */
  const defs: (SymbolDefinition & { start: number; end: number; nameAt: number; bodyFound?: boolean })[] = [];
  /** Supertypes by where the subtype's name starts (matched by patterns of their own). */
  const basesAt = new Map<number, string[]>();
  const containers: Container[] = [];
  const defNameStarts = new Set<number>();
  const refs = new Map<string, SymbolReference>();
  /** `value`: a bare name used as a value, kept only when this file defines or imports it (else a local variable, most likely). */
  const pendingRefs: { name: string; row: number; start: number; value: boolean; bare: boolean }[] = [];
  const imported = new Set<string>();

  for (const match of matches) {
    let node: (typeof match)[number] | undefined;
    let nameNode: (typeof match)[number] | undefined;
    let scope = '';
    let kind = '';
    let declaration = false;
    let body = false;
    let subtype: (typeof match)[number] | undefined;
    let supertype: (typeof match)[number] | undefined;
    for (const c of match) {
      if (c.name === 'name') nameNode = c;
      else if (c.name === 'supertype.of') subtype = c;
      else if (c.name === 'supertype') supertype = c;
      else if (c.name === 'body') body = true;
      else if (c.name === 'scope' || c.name === 'scope.name') scope = c.text;
      else if (c.name === 'reference' || c.name === 'reference.value' || c.name === 'reference.import') {
        // An import's name is bare however it is written (`from .utils import f`).
        const before = c.name === 'reference.import' ? { throughValue: false } : receiverOf(source, c.startIndex, access);
        pendingRefs.push({ name: c.text, row: c.startRow, start: c.startIndex, value: c.name === 'reference.value', bare: !before.throughValue });
        // A type the receiver names (`Error.Throw()`), not a member reached through a value itself (`order.Items.Add()`).
        const type = before.type && !receiverOf(source, before.type.start, access).throughValue ? before.type : undefined;
        if (type) pendingRefs.push({ name: type.name, row: rowAt(source, c.startRow, c.startIndex, type.start), start: type.start, value: false, bare: true });
        if (c.name === 'reference.import') imported.add(c.text);
      } else if (c.name === 'jsdoc') {
        for (const t of jsdocTypes(source.slice(c.startIndex, c.endIndex))) {
          const start = c.startIndex + t.at;
          pendingRefs.push({ name: t.name, row: rowAt(source, c.startRow, c.startIndex, start), start, value: false, bare: true });
        }
      } else if (c.name === 'import') imported.add(c.text);
      else if (c.name === 'scope.node') node = c, kind = 'impl';
      else if (c.name.startsWith('definition.') || c.name.startsWith('declaration.')) {
        node = c;
        kind = c.name.slice(c.name.indexOf('.') + 1);
        declaration = c.name.startsWith('declaration.');
      }
    }
    if (subtype && supertype) {
      const bases = basesAt.get(subtype.startIndex);
      if (!bases) basesAt.set(subtype.startIndex, [supertype.text]);
      else if (!bases.includes(supertype.text)) bases.push(supertype.text);
      continue;
    }
    if (kind === 'impl' && node && scope) {
      containers.push({ start: node.startIndex, end: node.endIndex, name: scope, kind });
      continue;
    }
    if (!node || !nameNode || !KINDS.has(kind as SymbolKind)) continue;
    const lead = nameNode.text.length - nameNode.text.trimStart().length;
    const qualified = splitQualified(nameNode.text.trim());
    const at = lead + qualified.at;
    if (!qualified.name || qualified.name.length > MAX_NAME_CHARS || /\s/.test(qualified.name)) continue;
    defNameStarts.add(nameNode.startIndex).add(nameNode.startIndex + at);
    defs.push({
      name: qualified.name, kind: kind as SymbolKind, line: rowAt(source, nameNode.startRow, nameNode.startIndex, nameNode.startIndex + at) + 1,
      startLine: node.startRow + 1, endLine: node.endRow + 1, signature: signatureAt(source, nameNode.startIndex + at),
      scope: scope || qualified.scope, declaration, start: node.startIndex, end: node.endIndex, nameAt: nameNode.startIndex + at,
    });
    if (qualified.scope && kind === 'function') defs[defs.length - 1]!.kind = 'method';
    if (body) defs[defs.length - 1]!.bodyFound = true;
  }

  // Enclosing scopes by nesting: a sweep in document order (outer before inner at the same start) with a
  // stack of the scopes still open. A type alias or macro wraps what it names (`typedef struct node {…}
  // node_t`) without scoping it.
  type Item = { start: number; end: number; def?: (typeof defs)[number]; scope?: Container };
  const items: Item[] = containers.map((c) => ({ start: c.start, end: c.end, scope: c }));
  for (const d of defs) items.push({ start: d.start, end: d.end, def: d, ...(d.kind !== 'type' && d.kind !== 'macro' ? { scope: { start: d.start, end: d.end, name: d.name, kind: d.kind } } : {}) });
  items.sort((a, b) => a.start - b.start || b.end - a.end || Number(!!a.def) - Number(!!b.def));
  const parentOf = new Map<object, Container>();
  const stack: Container[] = [];
  for (const item of items) {
    while (stack.length && stack[stack.length - 1]!.end <= item.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (item.def && parent) parentOf.set(item.def, parent);
    if (item.scope) stack.push(item.scope);
  }
  const seen = new Map<string, SymbolDefinition>();
  const definitions: SymbolDefinition[] = [];
  for (const d of defs) {
    // The same node matched twice (a pattern overlap) is one definition, the first match's; except that
    // a match capturing @body (what follows the node: a body the parser split off, as a C++ macro after
    // the parameters does) makes it a definition, as that match completes after the plain declaration's.
    const key = `${d.name}\0${d.line}\0${d.start}`;
    const earlier = seen.get(key);
    if (earlier) {
      if (d.bodyFound) earlier.declaration = false;
      continue;
    }
    const parent = parentOf.get(d);
    const { start: _s, end: _e, nameAt, bodyFound: _b, ...def } = d;
    const bases = basesAt.get(nameAt);
    if (bases) def.bases = bases;
    if (parent) {
      if (!def.scope) def.scope = parent.name;
      if (def.kind === 'function' && CLASS_LIKE.has(parent.kind)) def.kind = 'method';
    }
    seen.set(key, def);
    definitions.push(def);
  }

  // A bare name can mean an import or a definition of this file that is not a method (a method needs its
  // receiver). An identifier two patterns match (an argument that is also a base class) is one use, kept when either keeps it.
  const known = new Set([...imported, ...definitions.flatMap((d) => (d.kind === 'method' ? [] : [d.name]))]);
  const plainStarts = new Set(pendingRefs.flatMap((r) => (r.value ? [] : [r.start])));
  const refStarts = new Set<number>();
  for (const r of pendingRefs) {
    if (refStarts.has(r.start) || (r.value && !known.has(r.name) && !plainStarts.has(r.start))) continue;
    refStarts.add(r.start);
    if (defNameStarts.has(r.start) || r.name.length > MAX_NAME_CHARS || /\s/.test(r.name)) continue;
    let entry = refs.get(r.name);
    if (!entry) refs.set(r.name, (entry = { name: r.name, count: 0, bare: 0, lines: [] }));
    entry.count++;
    if (r.bare) entry.bare++;
    entry.lines.push(r.row + 1);
  }
  for (const entry of refs.values()) entry.lines = [...new Set(entry.lines)].sort((a, b) => a - b).slice(0, MAX_REFERENCE_LINES);
  definitions.sort((a, b) => a.line - b.line);
  return { definitions, references: [...refs.values()] };
}
