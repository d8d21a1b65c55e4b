// Which definition a reference means. The index stores only that a line of a file uses a name; the
// policy here reads the line to see how (./callSites) and prefers what that code can see (never a
// folder of test inputs from outside it: lookup.ts canReach):
//   a bare call → the same file, then a file it imports, then its folder (Go and Java packages),
//     then any top-level definition (said to be a guess);
//   `Class.f()` / `Foo::f()` / `module.f()` → that class's or module's definition;
//   `this.f()` → the own class's method;
//   `x.f()` on a value of unknown type → a method of a class this file names (a guess when several),
//     never a free function or a definition local to another function.
// Callers are filtered by the same reading: a line counts as a caller when its use can mean this
// definition; the other lines sharing the name are counted, not listed.
import { callSites, fileStem, importLines, importsStem, isImportLine, mentions, type CallSite } from './callSites';
import { canReach, isSecondaryPath, type SymbolLookup } from './lookup';
import { enclosingDefinitions, isFunctionScope, isMemberDefinition } from './nesting';
import type { IndexFileSource } from './ports';
import type { DefinitionRow, IndexStore, ReferenceRow } from './store';
import { MAX_REFERENCE_LINES } from './symbols';
import { contentHash } from './words';

export interface CallerLine { path: string; line: number; caller: string }
export interface Callee { target: DefinitionRow; firstLine: number; guess?: string }

/** Files read to check their uses of a name (the rest are counted as "other"): explain stays quick on `push`. */
const MAX_CALLER_FILES = 60;
const CLASS_LIKE = new Set(['class', 'struct', 'interface', 'trait', 'enum', 'module']);

/** The index kept only the first MAX_REFERENCE_LINES lines of this name in this file. */
export function isCapped(r: Pick<ReferenceRow, 'count' | 'lines'>): boolean {
  return r.lines.length >= MAX_REFERENCE_LINES && r.count > r.lines.length;
}

type LineRange = { startLine: number; endLine: number };

/** The stored lines of a reference within a definition's lines. */
export function storedLinesWithin(r: Pick<ReferenceRow, 'lines'>, def: LineRange): number[] {
  return r.lines.filter((l) => l >= def.startLine && l <= def.endLine);
}

/** The index stopped keeping the reference's lines before the definition ends: only its text says whether it uses the name there. */
export function mayUsePastCap(r: Pick<ReferenceRow, 'count' | 'lines'>, def: LineRange): boolean {
  return isCapped(r) && r.lines[r.lines.length - 1]! < def.endLine;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

function folderOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

function folderName(path: string): string {
  const folder = folderOf(path);
  return folder.slice(folder.lastIndexOf('/') + 1);
}

function innermost(defs: DefinitionRow[], line: number): DefinitionRow | undefined {
  let best: DefinitionRow | undefined;
  for (const d of defs) {
    if (d.startLine <= line && line <= d.endLine && (!best || d.endLine - d.startLine < best.endLine - best.startLine)) best = d;
  }
  return best;
}

export class CallResolver {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly imports = new Map<string, string>();
  private readonly defsByFile = new Map<number, DefinitionRow[]>();
  private readonly enclosing = new Map<number, DefinitionRow | undefined>();

  constructor(private readonly store: IndexStore, private readonly lookup: SymbolLookup, private readonly source: IndexFileSource) {}

  /** A file's text (read once per explain), or undefined when it cannot be read now. */
  text(path: string): Promise<string | undefined> {
    let t = this.texts.get(path);
    if (!t) this.texts.set(path, (t = this.source.read(path).then((bytes) => decoder.decode(bytes), () => undefined)));
    return t;
  }

  private importsOf(path: string, text: string): string {
    let i = this.imports.get(path);
    if (i === undefined) this.imports.set(path, (i = importLines(text)));
    return i;
  }

  private defsIn(fileId: number): DefinitionRow[] {
    let list = this.defsByFile.get(fileId);
    if (!list) this.defsByFile.set(fileId, (list = this.store.definitionsIn(fileId)));
    return list;
  }

  /** The definition directly around `d` (its class, or the function it is local to). */
  private container(d: DefinitionRow): DefinitionRow | undefined {
    if (!this.enclosing.has(d.id)) {
      const defs = this.defsIn(d.fileId);
      const around = enclosingDefinitions(defs);
      defs.forEach((def, i) => this.enclosing.set(def.id, around[i]));
    }
    return this.enclosing.get(d.id);
  }

  /** A method, or a function that is a member of an object or class: reached through a receiver. */
  private isMember(d: DefinitionRow): boolean {
    if (isMemberDefinition(d)) return true;
    const c = this.container(d);
    return !!c && CLASS_LIKE.has(c.kind) && d.kind === 'function';
  }

  /** Defined inside another function: visible only there. */
  private localElsewhere(d: DefinitionRow, fileId: number, lines: number[]): boolean {
    const c = this.container(d);
    if (!c || !isFunctionScope(c)) return false;
    return !(c.fileId === fileId && lines.some((l) => c.startLine <= l && l <= c.endLine));
  }

  // ── callers ──────────────────────────────────────────────────────────────

  /**
   * Whether a use of `def`'s name on a line (seen as `sites`) can mean `def`, in a file that is `related`
   * to it (names its class, imports its module, shares its folder) or `imports` its module.
   */
  private callerMeans(def: DefinitionRow, member: boolean, sites: CallSite[], caller: DefinitionRow | undefined, related: boolean, imports: boolean): boolean {
    const stem = fileStem(def.path);
    return sites.some((s) => {
      if (s.kind === 'member' && (s.receiver === def.scope || s.receiver === stem || s.receiver === folderName(def.path)) && s.receiver) return true;
      if (member) {
        if (s.kind === 'bare') return !!caller && !!def.scope && caller.scope === def.scope; // an implicit `this` (Java, C#, C++)
        return related;
      }
      // A free function: called bare, or through the namespace its module was imported as (`utils.f()`).
      return s.kind === 'bare' ? related : s.kind === 'member' && imports;
    });
  }

  /**
   * Lines that use `def` (src before tests and benchmarks), how many others share its name, whether lines
   * were capped, and the files that changed since they were indexed (their stored lines would be read
   * against other code: not checked, so that explain can index them again or say so).
   */
  async callers(def: DefinitionRow): Promise<{ listed: CallerLine[]; other: number; unchecked: number; atLeast: boolean; changed: string[] }> {
    const member = this.isMember(def);
    // The workspace's only free definition of the name: a bare use anywhere means it (script globals, a C
    // function declared in a header whose name differs from its file's).
    const only = !member && this.lookup.definitions(def.name).every((d) => d.id === def.id || this.isMember(d) || this.localElsewhere(d, -1, []));
    const refs = this.store.referencesNamed(def.name)
      .sort((a, b) => Number(a.fileId !== def.fileId) - Number(b.fileId !== def.fileId)
        || Number(isSecondaryPath(a.path)) - Number(isSecondaryPath(b.path)) || (a.path < b.path ? -1 : 1));
    const listed: CallerLine[] = [];
    let other = 0;
    let unchecked = 0;
    let atLeast = false;
    let read = 0;
    const changed: string[] = [];
    for (const r of refs) {
      if (!canReach(r.path, def.path)) { other += r.lines.length; continue; } // test inputs naming it, from outside them
      const text = read++ < MAX_CALLER_FILES ? await this.text(r.path) : undefined;
      if (text === undefined) { unchecked += r.lines.length; continue; }
      if (this.changedSinceIndexed(r.path, text)) { changed.push(r.path); continue; }
      const lines = text.split(/\r?\n/);
      const sameFile = r.fileId === def.fileId;
      const imports = importsStem(this.importsOf(r.path, text), fileStem(def.path));
      const related = sameFile || only || imports || (member ? mentions(text, def.scope) : folderOf(r.path) === folderOf(def.path));
      const inFile: CallerLine[] = [];
      for (const line of r.lines) {
        const caller = innermost(this.defsIn(r.fileId), line);
        if (caller && caller.id === def.id) continue; // recursion is not a caller
        const sites = callSites(lines[line - 1] ?? '', def.name);
        if (this.callerMeans(def, member, sites.length ? sites : [{ kind: 'bare' }], caller, related, imports)) inFile.push({ path: r.path, line, caller: caller ? caller.name : '(top level)' });
        else other++;
      }
      // The import line says no more than the file's other uses: listed only when it is the file's one use (a re-export).
      const uses = inFile.filter((c) => !isImportLine(lines[c.line - 1] ?? ''));
      listed.push(...(uses.length ? uses : inFile));
      if (inFile.length && isCapped(r)) atLeast = true;
    }
    return { listed, other, unchecked, atLeast, changed };
  }

  /** A file as it is now, when it is no longer what was indexed: its stored lines would point at other code. */
  changedSinceIndexed(path: string, text: string): boolean {
    const stored = this.store.file(path);
    return !!stored && stored.hash !== contentHash(text);
  }

  // ── callees ──────────────────────────────────────────────────────────────

  /** The definitions `def`'s code uses, in the order it first uses them; guesses say so. */
  async callees(def: DefinitionRow, text: string): Promise<Callee[]> {
    const body = text.split(/\r?\n/);
    const out: Callee[] = [];
    for (const r of this.store.referencesIn(def.fileId)) {
      if (r.name === def.name) continue;
      const lines = storedLinesWithin(r, def);
      if (!lines.length && mayUsePastCap(r, def)) {
        for (let l = Math.max(def.startLine, r.lines[r.lines.length - 1]! + 1); l <= def.endLine; l++) if (mentions(body[l - 1] ?? '', r.name)) lines.push(l);
      }
      if (!lines.length) continue;
      const sites = lines.flatMap((l) => callSites(body[l - 1] ?? '', r.name));
      const resolved = this.resolve(def, r.name, sites.length ? sites : [{ kind: 'bare' }], lines, text);
      if (resolved) out.push({ ...resolved, firstLine: lines[0]! });
    }
    return out.sort((a, b) => a.firstLine - b.firstLine);
  }

  private resolve(from: DefinitionRow, name: string, sites: CallSite[], lines: number[], text: string): { target: DefinitionRow; guess?: string } | undefined {
    const all = this.lookup.definitions(name).filter((c) => canReach(from.path, c.path) && !this.localElsewhere(c, from.fileId, lines));
    if (!all.length) return undefined; // a library's name: nothing in the workspace to point at
    const imports = this.importsOf(from.path, text);

    const receivers = new Set(sites.flatMap((s) => (s.kind === 'member' && s.receiver ? [s.receiver] : [])));
    const qualified = all.find((c) => receivers.has(c.scope) || receivers.has(fileStem(c.path)) || receivers.has(folderName(c.path)));
    if (qualified) return { target: qualified };

    if (sites.some((s) => s.kind === 'bare')) {
      const own = (c: DefinitionRow) => !this.isMember(c) || (!!from.scope && c.scope === from.scope);
      const pool = all.filter(own);
      const tier = [
        pool.filter((c) => c.fileId === from.fileId),
        pool.filter((c) => importsStem(imports, fileStem(c.path))),
        pool.filter((c) => folderOf(c.path) === folderOf(from.path)),
      ].find((t) => t.length);
      if (tier) return { target: tier[0]! };
      // Code does not call into tests and benchmarks without importing them.
      const unimported = isSecondaryPath(from.path) ? pool : pool.filter((c) => !isSecondaryPath(c.path));
      if (unimported.length) return { target: unimported[0]!, guess: unimported.length > 1 ? `guess: one of ${unimported.length} definitions, none imported here` : 'guess: not imported here' };
    }
    if (sites.some((s) => s.kind === 'self') && from.scope) {
      const mine = all.find((c) => c.scope === from.scope);
      if (mine) return { target: mine };
    }
    // On a value of unknown type: a method of a class this file names, else nothing.
    const methods = all.filter((c) => this.isMember(c) && (c.fileId === from.fileId || mentions(text, c.scope)));
    if (!methods.length) return undefined;
    return { target: methods[0]!, ...(methods.length > 1 ? { guess: `guess: one of ${methods.length} methods named ${name}` } : {}) };
  }
}
