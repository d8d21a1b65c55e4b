// Finding definitions by name, best first: the exact name, then the name in another case, then
// names whose words start with the query's words (FTS4), then fuzzy (the query's letters in order).
// Among definitions of the same name: a body before a bare declaration, then code before tests,
// examples and vendored copies, then a type before a function or member, then the file more of the
// workspace refers to.
import { fuzzyMatch } from '../fuzzyMatch';
import type { DefinitionRow, IndexStore } from './store';
import type { SymbolKind } from './symbols';
import { isNamedPath, parseSymbolQuery } from './symbolQuery';
import { prefixQuery } from './words';

export interface SymbolHit {
  name: string;
  kind: SymbolKind;
  path: string;
  line: number;
  signature: string;
  /** The enclosing class, impl or module ('' at the top level). */
  scope: string;
}

export interface ReferenceHit {
  path: string;
  line: number;
}

export interface FindOptions {
  limit?: number;
}

const SECONDARY_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|testdata|fixtures?|examples?|samples?|demos?|bench|benchmarks?|vendor|third_party|node_modules)(?:\/|$)|(?:[._-](?:test|spec|bench)|_test)\.\w+$|(?:^|\/)test_[^/]*$/i;

/** Tests, benchmarks, examples and vendored code: listed after the code itself. */
export function isSecondaryPath(path: string): boolean {
  return SECONDARY_PATH.test(path);
}

/** A folder of test inputs (Go's convention, which the go tool skips): code that tests read, never import. */
const DATA_FOLDER = /^(?:.*?\/)?testdata\//i;

/**
 * Whether code in `from` can use a definition in `definedIn`: anywhere, unless the definition is under a
 * testdata folder and `from` is outside it (go/types/testdata's hundreds of `f` and `T` are no other
 * code's callees; a test calling t.Errorf does not mean go/doc/testdata/testing.go). Fixtures are not
 * such a folder: tests import their helpers.
 */
export function canReach(from: string, definedIn: string): boolean {
  return canReachIn(from, dataFolderOf(definedIn));
}

/** canReach with the definition's testdata folder already known (the graph finds it once per file). */
export function canReachIn(from: string, dataFolder: string | undefined): boolean {
  return dataFolder === undefined || from.startsWith(dataFolder);
}

/** The testdata folder holding the path (`go/types/testdata/`, the outermost), if any. */
export function dataFolderOf(path: string): string | undefined {
  return DATA_FOLDER.exec(path)?.[0];
}

/** A function that is an entry of an object literal (`render: (m) => …`): a value, less likely the one meant than a declared function or method. */
export function isObjectEntry(d: Pick<DefinitionRow, 'kind' | 'name' | 'signature'>): boolean {
  if (d.kind !== 'function') return false;
  for (let at = d.signature.indexOf(d.name); at >= 0; at = d.signature.indexOf(d.name, at + 1)) {
    const before = d.signature.slice(0, at).replace(/['"]$/, '');
    const after = d.signature.slice(at + d.name.length).replace(/^['"]/, '');
    if (/(?:^|[{,])\s*$/.test(before) && /^\s*:(?!:)/.test(after)) return true;
  }
  return false;
}
/**
 * A type before a function or member of the same name: its constructor (\`Foo::Foo\`, C#'s and Java's), or
 * a getter that re-exports it (webpack's \`get Cache() { return require("./Cache"); }\`) is not what the name means.
 */
const TYPE_KINDS = new Set<SymbolKind>(['class', 'struct', 'interface', 'trait', 'enum', 'type']);

/** How many fuzzy candidates are scored (distinct names are few compared with definitions). */
const FUZZY_POOL = 50_000;

export function toHit(d: DefinitionRow): SymbolHit {
  return { name: d.name, kind: d.kind, path: d.path, line: d.line, signature: d.signature, scope: d.scope };
}

export class SymbolLookup {
  private names?: { version: number; list: string[] };
  private inDegree?: { version: number; byFile: Map<number, number> };

  constructor(private readonly store: IndexStore) {}

  /** How many other files use the names a file defines: the tie-break between same-named definitions. */
  private fileWeight(fileId: number): number {
    if (!this.inDegree || this.inDegree.version !== this.store.version) this.inDegree = { version: this.store.version, byFile: new Map() };
    let v = this.inDegree.byFile.get(fileId);
    if (v === undefined) {
      v = this.store.rows('SELECT count(DISTINCT r.file_id) FROM refs r WHERE r.name IN (SELECT name FROM defs WHERE file_id = ?) AND r.file_id != ?', [fileId, fileId])[0]![0] as number;
      this.inDegree.byFile.set(fileId, v);
    }
    return v;
  }

  /** Best first; those in the scope or file the query named, when there are any, are the only ones. */
  private rank(defs: DefinitionRow[], { scope, path }: { scope: string; path: string }): DefinitionRow[] {
    const inFile = path ? defs.filter((d) => isNamedPath(d.path, path)) : [];
    const inPath = inFile.length ? inFile : defs;
    const inScope = scope ? inPath.filter((d) => d.scope.toLowerCase() === scope.toLowerCase()) : [];
    const pool = inScope.length ? inScope : inPath;
    if (pool.length < 2) return pool;
    const w = (d: DefinitionRow) => this.fileWeight(d.fileId);
    return [...pool].sort((a, b) =>
      Number(a.declaration) - Number(b.declaration)
      || Number(SECONDARY_PATH.test(a.path)) - Number(SECONDARY_PATH.test(b.path))
      || Number(!TYPE_KINDS.has(a.kind)) - Number(!TYPE_KINDS.has(b.kind))
      || Number(isObjectEntry(a)) - Number(isObjectEntry(b))
      || w(b) - w(a)
      || a.path.split('/').length - b.path.split('/').length
      || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
      || a.line - b.line);
  }

  private distinctNames(): string[] {
    if (!this.names || this.names.version !== this.store.version) this.names = { version: this.store.version, list: this.store.distinctNames() };
    return this.names.list;
  }

  findSymbol(query: string, { limit = 10 }: FindOptions = {}): SymbolHit[] {
    const q = parseSymbolQuery(query);
    const { name } = q;
    if (!name) return [];
    const hits: DefinitionRow[] = [];
    const seen = new Set<number>();
    const add = (defs: DefinitionRow[]) => {
      for (const d of defs) if (!seen.has(d.id) && hits.length < limit) { seen.add(d.id); hits.push(d); }
    };
    add(this.rank(this.store.definitionsNamed(name), q));
    if (hits.length < limit) add(this.rank(this.store.definitionsNamed(name, true), q));
    if (hits.length < limit) {
      // Shorter names first (`parse` for "pars" before `parseEverythingElse`), ranked within a length (a stable sort).
      add(this.rank(this.store.definitionsMatching(prefixQuery(name), 500), q).sort((a, b) => a.name.length - b.name.length));
    }
    if (hits.length < limit) {
      const names = this.distinctNames().slice(0, FUZZY_POOL);
      const scored = names.flatMap((n) => {
        const m = n.length <= name.length * 4 ? fuzzyMatch(name, n) : undefined;
        return m ? [{ n, score: m.score - n.length * 0.5 }] : [];
      }).sort((a, b) => b.score - a.score).slice(0, limit);
      for (const { n } of scored) if (hits.length < limit) add(this.rank(this.store.definitionsNamed(n), q));
    }
    return hits.map(toHit);
  }

  /** Where a name is used, by file then line. */
  references(name: string, { limit = 200 }: FindOptions = {}): ReferenceHit[] {
    const out: ReferenceHit[] = [];
    for (const r of this.store.referencesNamed(parseSymbolQuery(name).name)) {
      for (const line of r.lines) {
        if (out.length >= limit) return out;
        out.push({ path: r.path, line });
      }
    }
    return out;
  }

  /** Every definition of a name, best first (explain_symbol's "also defined at"). */
  definitions(query: string): DefinitionRow[] {
    const q = parseSymbolQuery(query);
    const exact = this.store.definitionsNamed(q.name);
    return this.rank(exact.length ? exact : this.store.definitionsNamed(q.name, true), q);
  }
}
