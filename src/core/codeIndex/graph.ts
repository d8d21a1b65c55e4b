// The reference graph behind the repo map: files are nodes, an edge goes from a file that uses a
// name to each file that defines it. Built from the database once per index version and kept in
// compact arrays; the repo map only re-weights it for its focus and ranks it.
import type { GraphFileRows, IndexStore } from './store';
import type { SymbolKind } from './symbols';

export interface GraphDefinition {
  nameId: number;
  line: number;
  signature: string;
  kind: SymbolKind;
  declaration: boolean;
}

export interface ReferenceGraph {
  version: number;
  paths: string[];
  names: string[];
  nameIds: Map<string, number>;
  /** Per file (node), its definitions by line. */
  definitions: GraphDefinition[][];
  /** Per name, the files defining it. */
  definers: Map<number, number[]>;
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
  path: string;
  definitions: GraphDefinition[];
  /** Referenced names (ids) and how often. */
  refNames: Int32Array;
  refCounts: Float64Array;
}

/**
 * The graph's inputs, per file, refreshed from the database only for the files that changed, with
 * names interned once (ids stay the same across rebuilds, so an unchanged file is never parsed again).
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
    const definitions = rows.defs.map(([name, line, signature, kind, declaration]) => ({ nameId: this.intern(name), line, signature, kind, declaration: declaration === 1 }));
    const parts = rows.refs ? rows.refs.split(' ') : [];
    const refNames = new Int32Array(parts.length >> 1);
    const refCounts = new Float64Array(parts.length >> 1);
    for (let i = 0; i + 1 < parts.length; i += 2) {
      refNames[i >> 1] = this.intern(parts[i]!);
      refCounts[i >> 1] = Number(parts[i + 1]);
    }
    return { path: rows.path, definitions, refNames, refCounts };
  }

  /** The files in path order, up to date with the database. */
  refresh(store: IndexStore): FileNode[] {
    const { all, files } = store.takeChanges();
    if (all) this.byFile.clear();
    for (const id of files) this.byFile.delete(id);
    const changed = store.graphRows(all ? undefined : files);
    for (const rows of changed) this.byFile.set(rows.fileId, this.node(rows));
    if (all || files.length || !this.sorted) this.sorted = [...this.byFile.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return this.sorted;
  }
}

export function buildGraph(store: IndexStore, cache = new GraphRowsCache()): ReferenceGraph {
  const version = store.version;
  const files = cache.refresh(store);
  const { names, nameIds } = cache;
  const paths = files.map((f) => f.path);
  const definitions = files.map((f) => f.definitions);
  const definers = new Map<number, number[]>();
  files.forEach((f, node) => {
    for (const d of f.definitions) {
      const list = definers.get(d.nameId);
      if (!list) definers.set(d.nameId, [node]);
      else if (list[list.length - 1] !== node) list.push(node);
    }
  });
  // Two passes: count the edges, then fill typed arrays (no growing arrays of boxed numbers).
  let edges = 0;
  for (const f of files) for (const id of f.refNames) { const to = definers.get(id); if (to && to.length <= MAX_DEFINERS) edges += to.length; }
  const src = new Int32Array(edges);
  const dst = new Int32Array(edges);
  const edgeName = new Int32Array(edges);
  const weight = new Float64Array(edges);
  const edgeSlot = new Int32Array(edges);
  const slots = new Map<number, number>();
  const slotFile: number[] = [];
  const slotName: number[] = [];
  const slotDef: number[] = [];
  const slotDef2: number[] = [];
  const nameCount = names.length;
  const slotOf = (file: number, nameId: number) => {
    const key = file * nameCount + nameId;
    let slot = slots.get(key);
    if (slot === undefined) {
      slots.set(key, (slot = slotFile.length));
      slotFile.push(file);
      slotName.push(nameId);
      const defs = definitions[file]!;
      let first = -1;
      let second = -1;
      for (let i = 0; i < defs.length && second < 0; i++) if (defs[i]!.nameId === nameId) { if (first < 0) first = i; else second = i; }
      slotDef.push(first);
      slotDef2.push(second);
    }
    return slot;
  };
  const weights = new Map<number, number>();
  let e = 0;
  files.forEach((f, from) => {
    for (let r = 0; r < f.refNames.length; r++) {
      const nameId = f.refNames[r]!;
      const to = definers.get(nameId);
      if (!to || to.length > MAX_DEFINERS) continue;
      let base = weights.get(nameId);
      if (base === undefined) weights.set(nameId, (base = nameWeight(names[nameId]!, to.length)));
      const w = base * Math.sqrt(f.refCounts[r]!);
      for (const d of to) {
        src[e] = from;
        dst[e] = d;
        edgeName[e] = nameId;
        weight[e] = w;
        edgeSlot[e] = slotOf(d, nameId);
        e++;
      }
    }
  });
  return {
    version, paths, names, nameIds, definitions, definers, src, dst, edgeName, weight, edgeSlot,
    slotFile: Int32Array.from(slotFile), slotName: Int32Array.from(slotName), slotDef: Int32Array.from(slotDef), slotDef2: Int32Array.from(slotDef2),
  };
}
