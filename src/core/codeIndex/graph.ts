// The reference graph behind the repo map: files are nodes, an edge goes from a file that uses a
// name to each file that defines it where other files can reach it (not as a closure inside a
// function). Built from the database once per index version and kept in compact arrays; the repo
// map only re-weights it for its focus and ranks it.
import type { GraphFileRows, IndexStore } from './store';
import { canReachIn, dataFolderOf } from './lookup';
import { enclosingDefinitions, isLocalDefinition } from './nesting';
import { TypeFamilies } from './typeFamilies';
import type { SymbolKind } from './symbols';

export interface GraphDefinition {
  nameId: number;
  line: number;
  signature: string;
  kind: SymbolKind;
  declaration: boolean;
  /** Local to the function around it (nesting.ts): another file's use of the name never means it. */
  local: boolean;
  /** A method or property (of a class, struct, interface): reached through a value of its type. Not an object literal's function (nesting.ts isMemberDefinition counts it): no type names it. */
  member: boolean;
  /** The name id of its scope's last part (its class), -1 when it has none (a method of an object literal or type literal). */
  scopeId: number;
  /** A class's or interface's supertypes (name ids); empty for most. */
  bases: readonly number[];
}

export interface ReferenceGraph {
  version: number;
  paths: string[];
  names: string[];
  nameIds: Map<string, number>;
  /** Per file (node), its definitions by line. */
  definitions: GraphDefinition[][];
  /** The files (nodes, ascending) defining a name: all of them, also for names too common to make edges and local definitions. */
  definers(nameId: number): readonly number[];
  /** The files (nodes, ascending) using a name in a way that can mean one of its definitions (not `items.push()` for a `push` of a type the file never names). */
  users(nameId: number): readonly number[];
  /** Edges: referencing file → defining file, for name `edgeName`, base weight. */
  src: Int32Array;
  dst: Int32Array;
  edgeName: Int32Array;
  weight: Float64Array;
  /**
   * Each edge's slot: one per (defining file, name) pair, where the rank flowing into a definition
   * adds up. Per slot: the file, the name and the indices (in `definitions[file]`) of up to two
   * definitions of that name (-1 when there is no second).
   */
  edgeSlot: Int32Array;
  slotFile: Int32Array;
  slotName: Int32Array;
  slotDef: Int32Array;
  slotDef2: Int32Array;
}

/** A name defined in more files than this says nothing about which one is meant (`get`, `new`, `__init__`). */
const MAX_DEFINERS = 30;

/**
 * An edge for a name a file reaches only through a value (`items.push()`), to a method of a type the
 * file never names, nor one whose values can run it (a subtype, a supertype declaring it: typeFamilies.ts):
 * the value is as likely a library's (an array's `push`) as that type's. Not none:
 * a value's type often goes unnamed (returned by a call, a parameter in an untyped language).
 */
export const UNNAMED_RECEIVER_WEIGHT = 0.1;

/** Specific names (long camelCase or snake_case) tie files together; private and common ones barely. */
export function nameWeight(name: string, definers: number): number {
  let w = 1;
  if (name.length >= 8 && (/[a-z][A-Z]/.test(name) || /[a-z]_[a-z]/i.test(name))) w *= 10;
  if (name.startsWith('_')) w *= 0.1;
  if (definers > 5) w *= 0.1;
  return w;
}

/** A file's part of the graph, parsed once per change of the file. */
interface FileNode {
  fileId: number;
  path: string;
  definitions: GraphDefinition[];
  /** Referenced names (ids), how often, and 1 where some use is bare (not through a value: see SymbolReference). */
  refNames: Int32Array;
  refCounts: Float64Array;
  refBare: Uint8Array;
  /** The names it references or defines, and its definitions' scopes, ascending (binary search): the types the file names. */
  named: Int32Array;
}

/** A scope's last part: a file names `Foo`, not `ns::Foo` or `Outer.Foo`. */
function lastPart(scope: string): string {
  const cut = scope.search(/(?:::|\.)[^.:]*$/);
  return cut < 0 ? scope : scope.slice(cut + (scope[cut] === '.' ? 1 : 2));
}

/** Whether the file names the type: uses it (as a type, a constructor, a receiver), defines it or members of it (a partial class, Go's methods on it). */
function namesType(file: FileNode, nameId: number): boolean {
  const sorted = file.named;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === nameId) return true;
    if (sorted[mid]! < nameId) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const NO_BASES: readonly number[] = [];

/**
 * Each file's definitions and references, parsed from the database once per change of the file and
 * kept in path order (a file's node number is its position). Names are interned once (ids stay the
 * same across rebuilds).
 */
export class GraphRowsCache {
  private readonly byFile = new Map<number, FileNode>();
  private sorted?: FileNode[];
  readonly names: string[] = [];
  readonly nameIds = new Map<string, number>();

  private intern(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) { this.nameIds.set(name, (id = this.names.length)); this.names.push(name); }
    return id;
  }

  private node(rows: GraphFileRows): FileNode {
    const spans = rows.defs.map(([name, , signature, kind, , startLine, endLine]) => ({ name, signature, kind, startLine, endLine }));
    const around = enclosingDefinitions(spans);
    const definitions = rows.defs.map(([name, line, signature, kind, declaration, , , scope, bases], i): GraphDefinition => {
      const type = lastPart(scope);
      return {
        nameId: this.intern(name), line, signature, kind, declaration: declaration === 1, local: isLocalDefinition(spans[i]!, around[i]),
        member: kind === 'method' || kind === 'property', scopeId: type ? this.intern(type) : -1,
        // Set on every definition, empty or not: one object shape for the graph's hot loops.
        bases: bases ? bases.split(' ').map((b) => this.intern(b)) : NO_BASES,
      };
    });
    const parts = rows.refs ? rows.refs.split(' ') : [];
    const refs = Math.floor(parts.length / 3);
    const refNames = new Int32Array(refs);
    const refCounts = new Float64Array(refs);
    const refBare = new Uint8Array(refs);
    for (let r = 0; r < refs; r++) {
      refNames[r] = this.intern(parts[3 * r]!);
      refCounts[r] = Number(parts[3 * r + 1]);
      refBare[r] = parts[3 * r + 2] === '0' ? 0 : 1;
    }
    const named = new Int32Array(refs + 2 * definitions.length);
    named.set(refNames);
    for (let i = 0; i < definitions.length; i++) {
      named[refs + 2 * i] = definitions[i]!.nameId;
      named[refs + 2 * i + 1] = definitions[i]!.scopeId;
    }
    named.sort();
    return { fileId: rows.fileId, path: rows.path, definitions, refNames, refCounts, refBare, named };
  }

  /** The files in path order, up to date with the database: only changed files are read again. */
  refresh(store: IndexStore): FileNode[] {
    const { all, files } = store.takeChanges();
    if (all) this.byFile.clear();
    const oldPaths = new Map<number, string | undefined>();
    for (const id of files) {
      oldPaths.set(id, this.byFile.get(id)?.path);
      this.byFile.delete(id);
    }
    for (const rows of store.graphRows(all ? undefined : files)) this.byFile.set(rows.fileId, this.node(rows));
    // Files came, went or (a deleted file's id given to a new one) moved: the order changes.
    let membership = all || !this.sorted;
    for (const [id, path] of oldPaths) if (this.byFile.get(id)?.path !== path) membership = true;
    if (membership) this.sorted = [...this.byFile.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    else if (files.length) this.sorted = this.sorted!.map((f) => this.byFile.get(f.fileId)!); // same files, new contents
    return this.sorted!;
  }
}

/**
 * Per name, the files defining it (node numbers ascending, each once) with the indices of its first
 * two definitions there, and the files referencing it with their counts: compressed rows (the
 * entries of name n are [start[n], start[n + 1])), filled in two passes over the files — a few large
 * arrays rather than a map and a set per name, which made a first graph mostly garbage collection.
 */
interface NameIndex {
  /** Definitions other files can reach (local ones are in `localDefiners`). */
  defStart: Int32Array;
  defFile: Int32Array;
  defFirst: Int32Array;
  defSecond: Int32Array;
  useStart: Int32Array;
  useFile: Int32Array;
  useCount: Float64Array;
  /** 1 where the file uses the name bare somewhere (not only through a value). */
  useBare: Uint8Array;
  /** Per name, the files (ascending) defining it inside a function (see nesting.ts isLocalDefinition). */
  localDefiners: Map<number, number[]>;
}

function indexNames(files: FileNode[], nameCount: number): NameIndex {
  const defStart = new Int32Array(nameCount + 1);
  const useStart = new Int32Array(nameCount + 1);
  const lastDef = new Int32Array(nameCount).fill(-1);
  const lastUse = new Int32Array(nameCount).fill(-1);
  for (let node = 0; node < files.length; node++) {
    const { definitions, refNames } = files[node]!;
    for (let i = 0; i < definitions.length; i++) {
      if (definitions[i]!.local) continue;
      const n = definitions[i]!.nameId;
      if (lastDef[n] !== node) { lastDef[n] = node; defStart[n + 1]!++; }
    }
    for (let i = 0; i < refNames.length; i++) {
      const n = refNames[i]!;
      if (lastUse[n] !== node) { lastUse[n] = node; useStart[n + 1]!++; }
    }
  }
  for (let n = 0; n < nameCount; n++) { defStart[n + 1]! += defStart[n]!; useStart[n + 1]! += useStart[n]!; }
  const defFile = new Int32Array(defStart[nameCount]!);
  const defFirst = new Int32Array(defFile.length);
  const defSecond = new Int32Array(defFile.length);
  const useFile = new Int32Array(useStart[nameCount]!);
  const useCount = new Float64Array(useFile.length);
  const useBare = new Uint8Array(useFile.length);
  const defAt = defStart.slice(0, nameCount);
  const useAt = useStart.slice(0, nameCount);
  lastDef.fill(-1);
  lastUse.fill(-1);
  const localDefiners = new Map<number, number[]>();
  for (let node = 0; node < files.length; node++) {
    const { definitions, refNames, refCounts, refBare } = files[node]!;
    for (let i = 0; i < definitions.length; i++) {
      const n = definitions[i]!.nameId;
      if (definitions[i]!.local) {
        const local = localDefiners.get(n);
        if (!local) localDefiners.set(n, [node]);
        else if (local[local.length - 1] !== node) local.push(node);
        continue;
      }
      if (lastDef[n] !== node) {
        lastDef[n] = node;
        const at = defAt[n]!++;
        defFile[at] = node;
        defFirst[at] = i;
        defSecond[at] = -1;
      } else if (defSecond[defAt[n]! - 1] === -1) defSecond[defAt[n]! - 1] = i;
    }
    for (let i = 0; i < refNames.length; i++) {
      const n = refNames[i]!;
      if (lastUse[n] !== node) {
        lastUse[n] = node;
        const at = useAt[n]!++;
        useFile[at] = node;
        useCount[at] = refCounts[i]!;
        useBare[at] = refBare[i]!;
      } else {
        useCount[useAt[n]! - 1]! += refCounts[i]!;
        useBare[useAt[n]! - 1]! |= refBare[i]!;
      }
    }
  }
  return { defStart, defFile, defFirst, defSecond, useStart, useFile, useCount, useBare, localDefiners };
}

/** A name linking files: used somewhere, and defined in at least one file (`definers`, as counted) but not in too many. */
function linking(index: NameIndex, n: number, definers: number): boolean {
  return definers > 0 && definers <= MAX_DEFINERS && index.useStart[n + 1]! > index.useStart[n]!;
}

/**
 * The graph for the store's current version: the changed files read again, then the edges made from
 * every file's names. No per-name state is kept in step: measured on the Python and Go benchmarks,
 * a graph after a one-file change took 4-6 ms this way, 5-18 ms patching the changed names' edges.
 */
export function buildGraph(store: IndexStore, cache = new GraphRowsCache()): ReferenceGraph {
  const version = store.version;
  const files = cache.refresh(store);
  const { names, nameIds } = cache;
  const index = indexNames(files, names.length);
  const { defStart, defFile, defFirst, defSecond, useStart, useFile, useCount, useBare, localDefiners } = index;
  // A file defining the name inside one of its functions most likely means that closure by its uses: no edges from it for the name.
  const usesOwnLocal = (n: number, u: number) => localDefiners.get(n)?.includes(useFile[u]!) ?? false;
  const families = new TypeFamilies(files.flatMap((f) => f.definitions.flatMap((d) => (d.bases.length ? [{ type: d.nameId, bases: d.bases }] : []))));
  // Per name, the types defining a method of that name themselves (a subtype among them overrides the others').
  const ownScopes = new Map<number, Set<number>>();
  const definingTypes = (n: number): Set<number> => {
    let types = ownScopes.get(n);
    if (!types) {
      types = new Set();
      for (let at = defStart[n]!; at < defStart[n + 1]!; at++) for (const d of files[defFile[at]!]!.definitions) if (d.nameId === n && d.scopeId >= 0) types.add(d.scopeId);
      ownScopes.set(n, types);
    }
    return types;
  };
  // Per (class, using file): the class's supertypes and subtypes the file names (asked once per pair: a file calls
  // many methods of one class, and a class's family can be dozens of types).
  const namedRelatives = new Map<number, number[]>();
  const relativesNamed = (user: number, type: number): number[] => {
    const key = type * files.length + user;
    let found = namedRelatives.get(key);
    if (!found) {
      const file = files[user]!;
      found = [...families.supertypes(type), ...families.subtypes(type)].filter((t) => namesType(file, t));
      namedRelatives.set(key, found);
    }
    return found;
  };
  // Whether a use can mean a definition: not a member of a type, or of one the using file names, or of one whose
  // methods a type the file names can run (typeFamilies.ts).
  const reaches = (user: number, d: GraphDefinition): boolean => {
    if (!d.member || d.scopeId < 0 || namesType(files[user]!, d.scopeId)) return true;
    if (!families.has(d.scopeId)) return false;
    const named = relativesNamed(user, d.scopeId);
    return named.some((t) => families.runs(t, d.scopeId, definingTypes(d.nameId)));
  };
  // Whether use u can mean definer entry `at`'s definitions: bare, in the same file, or one of its first two is reached.
  const means = (u: number, at: number): boolean => {
    const user = useFile[u]!;
    const definer = defFile[at]!;
    if (useBare[u] || user === definer) return true;
    const defs = files[definer]!.definitions;
    if (reaches(user, defs[defFirst[at]!]!)) return true;
    const second = defSecond[at]!;
    return second >= 0 && reaches(user, defs[second]!);
  };
  // A definition in a folder of test inputs is reached only from inside it (lookup.ts canReach).
  const dataFolder = files.map((f) => dataFolderOf(f.path));
  const reachable = (user: number, definer: number) => canReachIn(files[user]!.path, dataFolder[definer]);
  // Per name, its definers as the code outside such folders sees them (copies under testdata make no name common).
  const definerCount = new Int32Array(names.length);
  for (let n = 0; n < names.length; n++) {
    let outside = 0;
    for (let at = defStart[n]!; at < defStart[n + 1]!; at++) if (dataFolder[defFile[at]!] === undefined) outside++;
    definerCount[n] = outside || defStart[n + 1]! - defStart[n]!;
  }
  let edges = 0;
  let slots = 0;
  for (let n = 0; n < names.length; n++) {
    if (!linking(index, n, definerCount[n]!)) continue;
    const from = defStart[n]!;
    const definers = defStart[n + 1]! - from;
    for (let u = useStart[n]!; u < useStart[n + 1]!; u++) {
      if (usesOwnLocal(n, u)) continue;
      for (let k = 0; k < definers; k++) if (reachable(useFile[u]!, defFile[from + k]!)) edges++;
    }
    slots += definers;
  }
  const src = new Int32Array(edges);
  const dst = new Int32Array(edges);
  const edgeName = new Int32Array(edges);
  const weight = new Float64Array(edges);
  const edgeSlot = new Int32Array(edges);
  const slotFile = new Int32Array(slots);
  const slotName = new Int32Array(slots);
  const slotDef = new Int32Array(slots);
  const slotDef2 = new Int32Array(slots);
  let e = 0;
  let s = 0;
  for (let n = 0; n < names.length; n++) {
    if (!linking(index, n, definerCount[n]!)) continue;
    const from = defStart[n]!;
    const definers = defStart[n + 1]! - from;
    slotFile.set(defFile.subarray(from, from + definers), s);
    slotName.fill(n, s, s + definers);
    slotDef.set(defFirst.subarray(from, from + definers), s);
    slotDef2.set(defSecond.subarray(from, from + definers), s);
    const base = nameWeight(names[n]!, definerCount[n]!);
    const first = e;
    for (let u = useStart[n]!; u < useStart[n + 1]!; u++) {
      if (usesOwnLocal(n, u)) continue;
      const w = base * Math.sqrt(useCount[u]!);
      for (let k = 0; k < definers; k++) {
        if (!reachable(useFile[u]!, defFile[from + k]!)) continue;
        src[e] = useFile[u]!;
        dst[e] = defFile[from + k]!;
        weight[e] = means(u, from + k) ? w : w * UNNAMED_RECEIVER_WEIGHT;
        edgeSlot[e] = s + k;
        e++;
      }
    }
    edgeName.fill(n, first, e);
    s += definers;
  }
  const known = names.length; // names interned by a later build are not this graph's
  const definers = (nameId: number): readonly number[] => {
    if (nameId < 0 || nameId >= known) return NO_FILES;
    const reachable = Array.from(defFile.subarray(defStart[nameId]!, defStart[nameId + 1]!));
    const local = localDefiners.get(nameId);
    return local ? [...new Set([...reachable, ...local])].sort((a, b) => a - b) : reachable;
  };
  const users = (nameId: number): readonly number[] => {
    if (nameId < 0 || nameId >= known) return NO_FILES;
    const from = defStart[nameId]!;
    const to = defStart[nameId + 1]!;
    const out: number[] = [];
    for (let u = useStart[nameId]!; u < useStart[nameId + 1]!; u++) {
      let can = from === to; // defined nowhere other files reach: nothing to tell its users apart by
      for (let at = from; at < to && !can; at++) can = reachable(useFile[u]!, defFile[at]!) && means(u, at);
      if (can) out.push(useFile[u]!);
    }
    return out;
  };
  return { version, paths: files.map((f) => f.path), names, nameIds, definitions: files.map((f) => f.definitions), definers, users, src, dst, edgeName, weight, edgeSlot, slotFile, slotName, slotDef, slotDef2 };
}

const NO_FILES: readonly number[] = [];
