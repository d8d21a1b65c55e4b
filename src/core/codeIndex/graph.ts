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
  /** The files (nodes, ascending) defining a name: all of them, also for names too common to make edges. */
  definers(nameId: number): readonly number[];
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
  fileId: number;
  path: string;
  definitions: GraphDefinition[];
  /** Referenced names (ids) and how often. */
  refNames: Int32Array;
  refCounts: Float64Array;
}

/**
 * One name's part of the edge list: every file referencing the name → every file defining it, and
 * one slot per defining file. Files are database ids here (node numbers shift when a file comes or
 * goes); `buildGraph` numbers them.
 */
interface NameBlock {
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
  /** Per edge, its slot within the block. */
  edgeSlot: Int32Array;
  slotFile: Int32Array;
  slotDef: Int32Array;
  slotDef2: Int32Array;
  /** The same edges and slots with files as node numbers, for the numbering `numbering`. */
  nodeSrc: Int32Array;
  nodeDst: Int32Array;
  nodeSlotFile: Int32Array;
  numbering: number;
}

const EMPTY_BLOCK: NameBlock = {
  src: new Int32Array(0), dst: new Int32Array(0), weight: new Float64Array(0), edgeSlot: new Int32Array(0),
  slotFile: new Int32Array(0), slotDef: new Int32Array(0), slotDef2: new Int32Array(0),
  nodeSrc: new Int32Array(0), nodeDst: new Int32Array(0), nodeSlotFile: new Int32Array(0), numbering: -1,
};

/** The indices (in `definitions`) of the first two definitions of a name, -1 when missing. */
function firstTwo(definitions: GraphDefinition[], nameId: number): [number, number] {
  let first = -1;
  for (let i = 0; i < definitions.length; i++) {
    if (definitions[i]!.nameId !== nameId) continue;
    if (first >= 0) return [first, i];
    first = i;
  }
  return [first, -1];
}

/**
 * The graph's inputs, kept up to date per changed file: each file's definitions and references
 * (parsed from the database once per change of the file), and per name the files that reference
 * and define it and its block of edges. A one-file change recomputes only the blocks of the names
 * that file defines or references (before or after the change): the graph after an edit costs about
 * as much as copying the edge list. Names are interned once (ids stay the same across rebuilds).
 */
export class GraphRowsCache {
  private readonly byFile = new Map<number, FileNode>();
  private sorted?: FileNode[];
  readonly names: string[] = [];
  readonly nameIds = new Map<string, number>();
  /** Per name: referencing file → count, and the defining files. */
  private readonly referencers = new Map<number, Map<number, number>>();
  private readonly definersOf = new Map<number, Set<number>>();
  private readonly blocks = new Map<number, NameBlock>();
  private readonly dirty = new Set<number>();
  /**
   * Node numbers (positions in path order) by file id (the database's ids are small integers: an
   * array, not a map — renumbering reads it for every edge); `numbering` changes when files come or go.
   */
  private nodeOf = new Int32Array(0);
  private numbering = 0;

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
    return { fileId: rows.fileId, path: rows.path, definitions, refNames, refCounts };
  }

  /** Adds (`sign` 1) or removes (-1) a file's references and definitions from the per-name sets. */
  private account(node: FileNode, sign: 1 | -1): void {
    for (let r = 0; r < node.refNames.length; r++) {
      const nameId = node.refNames[r]!;
      this.dirty.add(nameId);
      let files = this.referencers.get(nameId);
      if (sign > 0) {
        if (!files) this.referencers.set(nameId, (files = new Map()));
        files.set(node.fileId, (files.get(node.fileId) ?? 0) + node.refCounts[r]!);
      } else files?.delete(node.fileId);
    }
    for (const d of node.definitions) {
      this.dirty.add(d.nameId);
      let files = this.definersOf.get(d.nameId);
      if (sign > 0) {
        if (!files) this.definersOf.set(d.nameId, (files = new Set()));
        files.add(node.fileId);
      } else files?.delete(node.fileId);
    }
  }

  /** A name's edges: from each file using it to each file defining it (none when too many define it). */
  private block(nameId: number): NameBlock {
    const users = this.referencers.get(nameId);
    const definedIn = this.definersOf.get(nameId);
    if (!users?.size || !definedIn?.size || definedIn.size > MAX_DEFINERS) return EMPTY_BLOCK;
    const definers = [...definedIn].sort((a, b) => a - b);
    const edges = users.size * definers.length;
    const block: NameBlock = {
      src: new Int32Array(edges), dst: new Int32Array(edges), weight: new Float64Array(edges), edgeSlot: new Int32Array(edges),
      slotFile: Int32Array.from(definers), slotDef: new Int32Array(definers.length), slotDef2: new Int32Array(definers.length),
      nodeSrc: new Int32Array(edges), nodeDst: new Int32Array(edges), nodeSlotFile: new Int32Array(definers.length), numbering: -1,
    };
    definers.forEach((fileId, slot) => {
      const [first, second] = firstTwo(this.byFile.get(fileId)!.definitions, nameId);
      block.slotDef[slot] = first;
      block.slotDef2[slot] = second;
    });
    const base = nameWeight(this.names[nameId]!, definers.length);
    let e = 0;
    for (const [fileId, count] of users) {
      const w = base * Math.sqrt(count);
      for (let slot = 0; slot < definers.length; slot++, e++) {
        block.src[e] = fileId;
        block.dst[e] = definers[slot]!;
        block.weight[e] = w;
        block.edgeSlot[e] = slot;
      }
    }
    return block;
  }

  /**
   * The files in path order and the names' edge blocks (numbered), up to date with the database. A
   * file that only changed renumbers nothing: only its names' blocks are recomputed.
   */
  refresh(store: IndexStore): { files: FileNode[]; blocks: Map<number, NameBlock> } {
    const { all, files } = store.takeChanges();
    if (all) {
      this.byFile.clear();
      this.referencers.clear();
      this.definersOf.clear();
      this.blocks.clear();
    }
    const oldPaths = new Map<number, string | undefined>();
    for (const id of files) {
      const old = this.byFile.get(id);
      oldPaths.set(id, old?.path);
      if (old) this.account(old, -1);
      this.byFile.delete(id);
    }
    for (const rows of store.graphRows(all ? undefined : files)) {
      const node = this.node(rows);
      this.byFile.set(rows.fileId, node);
      this.account(node, 1);
    }
    // Files came, went or (a deleted file's id given to a new one) moved: the numbering changes.
    let membership = all;
    for (const [id, path] of oldPaths) if (this.byFile.get(id)?.path !== path) membership = true;
    for (const nameId of this.dirty) {
      const block = this.block(nameId);
      if (block === EMPTY_BLOCK) this.blocks.delete(nameId);
      else this.blocks.set(nameId, block);
    }
    if (membership || !this.sorted) {
      this.sorted = [...this.byFile.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      this.nodeOf = new Int32Array(this.sorted.reduce((max, f) => Math.max(max, f.fileId), -1) + 1).fill(-1);
      this.sorted.forEach((f, node) => { this.nodeOf[f.fileId] = node; });
      this.numbering++;
    } else if (files.length) {
      // Same files, new contents: the nodes are replaced in place.
      this.sorted = this.sorted.map((f) => this.byFile.get(f.fileId)!);
    }
    this.dirty.clear();
    const nodeOf = this.nodeOf;
    for (const block of this.blocks.values()) {
      if (block.numbering === this.numbering) continue;
      for (let i = 0; i < block.src.length; i++) {
        block.nodeSrc[i] = nodeOf[block.src[i]!]!;
        block.nodeDst[i] = nodeOf[block.dst[i]!]!;
      }
      for (let i = 0; i < block.slotFile.length; i++) block.nodeSlotFile[i] = nodeOf[block.slotFile[i]!]!;
      block.numbering = this.numbering;
    }
    return { files: this.sorted, blocks: this.blocks };
  }
}

/** `target[at + i] = source[i] + offset` (its own function: it stays optimised when its caller is not). */
function offsetInto(target: Int32Array, at: number, source: Int32Array, offset: number): void {
  for (let i = 0; i < source.length; i++) target[at + i] = source[i]! + offset;
}

/** The graph for the store's current version: the cache brought up to date, then its blocks joined. */
export function buildGraph(store: IndexStore, cache = new GraphRowsCache()): ReferenceGraph {
  const version = store.version;
  const { files, blocks } = cache.refresh(store);
  const { names, nameIds } = cache;
  const paths = files.map((f) => f.path);
  const definitions = files.map((f) => f.definitions);
  let edges = 0;
  let slots = 0;
  for (const block of blocks.values()) { edges += block.src.length; slots += block.slotFile.length; }
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
  for (const [nameId, block] of blocks) {
    const n = block.src.length;
    src.set(block.nodeSrc, e);
    dst.set(block.nodeDst, e);
    weight.set(block.weight, e);
    edgeName.fill(nameId, e, e + n);
    offsetInto(edgeSlot, e, block.edgeSlot, s);
    slotFile.set(block.nodeSlotFile, s);
    slotName.fill(nameId, s, s + block.slotFile.length);
    slotDef.set(block.slotDef, s);
    slotDef2.set(block.slotDef2, s);
    e += n;
    s += block.slotFile.length;
  }
  let definersIndex: Map<number, number[]> | undefined;
  const definers = (nameId: number) => (definersIndex ??= indexDefiners(definitions)).get(nameId) ?? NO_FILES;
  return { version, paths, names, nameIds, definitions, definers, src, dst, edgeName, weight, edgeSlot, slotFile, slotName, slotDef, slotDef2 };
}

const NO_FILES: readonly number[] = [];

/**
 * Per name, the files defining it, from the graph's own definitions: made when a map first asks
 * (it asks for a few names), not for every name at each rebuild.
 */
function indexDefiners(definitions: GraphDefinition[][]): Map<number, number[]> {
  const index = new Map<number, number[]>();
  definitions.forEach((defs, node) => {
    for (const d of defs) {
      const files = index.get(d.nameId);
      if (!files) index.set(d.nameId, [node]);
      else if (files[files.length - 1] !== node) files.push(node);
    }
  });
  return index;
}
