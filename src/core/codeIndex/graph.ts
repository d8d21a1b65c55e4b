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

/** The graph's inputs, per file, refreshed from the database only for the files that changed. */
export class GraphRowsCache {
  private readonly byFile = new Map<number, GraphFileRows>();

  refresh(store: IndexStore): GraphFileRows[] {
    const { all, files } = store.takeChanges();
    if (all) this.byFile.clear();
    for (const id of files) this.byFile.delete(id);
    for (const rows of store.graphRows(all ? undefined : files)) this.byFile.set(rows.fileId, rows);
    return [...this.byFile.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

export function buildGraph(store: IndexStore, cache = new GraphRowsCache()): ReferenceGraph {
  const version = store.version;
  const files = cache.refresh(store);
  const paths = files.map((f) => f.path);
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const idOf = (name: string) => {
    let id = nameIds.get(name);
    if (id === undefined) { nameIds.set(name, (id = names.length)); names.push(name); }
    return id;
  };
  const definitions: GraphDefinition[][] = [];
  const definers = new Map<number, number[]>();
  files.forEach((f, node) => {
    const defs: GraphDefinition[] = [];
    for (const [name, line, signature, kind, declaration] of f.defs) {
      const nameId = idOf(name);
      defs.push({ nameId, line, signature, kind, declaration: declaration === 1 });
      const list = definers.get(nameId);
      if (!list) definers.set(nameId, [node]);
      else if (list[list.length - 1] !== node) list.push(node);
    }
    definitions.push(defs);
  });
  const src: number[] = [];
  const dst: number[] = [];
  const edgeName: number[] = [];
  const weight: number[] = [];
  const edgeSlot: number[] = [];
  const slots = new Map<number, number>();
  const slotFile: number[] = [];
  const slotName: number[] = [];
  const slotDef: number[] = [];
  const slotDef2: number[] = [];
  const slotOf = (file: number, nameId: number) => {
    const key = file * names.length + nameId;
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
  files.forEach((f, from) => {
    if (!f.refs) return;
    const parts = f.refs.split(' ');
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const nameId = nameIds.get(parts[i]!);
      if (nameId === undefined) continue;
      const to = definers.get(nameId)!;
      if (to.length > MAX_DEFINERS) continue;
      const w = nameWeight(parts[i]!, to.length) * Math.sqrt(Number(parts[i + 1]));
      for (const d of to) {
        src.push(from);
        dst.push(d);
        edgeName.push(nameId);
        weight.push(w);
        edgeSlot.push(slotOf(d, nameId));
      }
    }
  });
  return {
    version, paths, names, nameIds, definitions, definers,
    src: Int32Array.from(src), dst: Int32Array.from(dst), edgeName: Int32Array.from(edgeName), weight: Float64Array.from(weight),
    edgeSlot: Int32Array.from(edgeSlot), slotFile: Int32Array.from(slotFile), slotName: Int32Array.from(slotName),
    slotDef: Int32Array.from(slotDef), slotDef2: Int32Array.from(slotDef2),
  };
}
