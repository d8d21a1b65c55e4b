// The reference graph behind the repo map: files are nodes, an edge goes from a file that uses a
// name to each file that defines it. Built from the database once per index version and kept in
// compact arrays; the repo map only re-weights it for its focus and ranks it.
import type { IndexStore } from './store';
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

export function buildGraph(store: IndexStore): ReferenceGraph {
  const version = store.version;
  const files = store.graphRows();
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
      }
    }
  });
  return {
    version, paths, names, nameIds, definitions, definers,
    src: Int32Array.from(src), dst: Int32Array.from(dst), edgeName: Int32Array.from(edgeName), weight: Float64Array.from(weight),
  };
}
