// The repo map: the workspace's most relevant files with the signature lines of their most important
// definitions, cut to a token budget. Relevance is personalised PageRank over the reference graph:
// toward the files the task names and the files defining the identifiers it names. The focus
// identifiers' own definitions and the focus files come first, so they are in any map that has room;
// the budget the ranking leaves goes to what no reference leads to (the focus files' definitions, then
// every file's, by the file's rank), so a small workspace's map holds all of it.
import { redactSecrets } from '../security';
import { estimateTokens, type TokenCounter } from '../budget/tokenCounter';
import type { ReferenceGraph } from './graph';
import { isSecondaryPath } from './lookup';
import { pageRank } from './pageRank';

export interface RepoMapFocus {
  /** Workspace-relative paths open in the editor or named in the task. */
  files?: string[];
  /** Identifiers the task names as code (camelCase, snake_case, backquoted, called): their definitions lead the map. */
  identifiers?: string[];
  /** Plain words of the task that are also defined names ("status", "config"): they only lean the ranking toward their files. */
  words?: string[];
}

/**
 * Per file defining `name` (by path), the names used inside its definitions there (the index keeps
 * each reference's lines; a name whose kept lines end before a definition does may be used in it too):
 * what the function a task names calls and the types it uses.
 */
export type UsesInDefinitions = (name: string) => Map<string, string[]>;

/** Whether a focus names files or identifiers (plain words are only hints): its map is about them. */
export function namesFocus(files: number, identifiers: number): boolean {
  return files + identifiers > 0;
}

export interface RepoMapOptions {
  /** The map's token budget (default 1,024). */
  tokens?: number;
  focus?: RepoMapFocus;
  /** The counter the context budget uses (default: the estimate). */
  counter?: TokenCounter;
}

const DEFAULT_TOKENS = 1024;
const MAX_MAP_SIGNATURE = 120;
/**
 * From aider's experience: the identifiers the task names weigh more. (Its boost of every edge leaving a
 * file the task names is not here: a file's rank is split over its edges in proportion to their weights,
 * so scaling all of them alike changes nothing. The named files get their weight from the personalisation.)
 */
const MENTIONED_NAME = 10;
/** A plain word that is also a defined name: a hint, weaker than an identifier written as code. */
const MENTIONED_WORD = 2;
const WORD_PERSONALIZATION = 0.25;

/**
 * The files using a named identifier share as much of the walk's restarts as its definers: a task changing a
 * function needs its callers too, which the walk (along uses, toward definitions) never reaches. Measured on
 * 80 function-focused 512-token maps per corpus, files calling the function named: Go 13.5 → 25.2 %, Python
 * 12.7 → 29.4 %, Java 11.3 → 23.3 %, Ruby 12.2 → 25.7 %, openai-node 21.1 → 31.9 %; files it calls lost 0.4
 * to 2.5 points. Twice this weight cost the callees 2-4 points for 3-9 more points of callers.
 */
const CALLERS_PERSONALIZATION = 1;
/**
 * The edges leaving a focus identifier's file for the names its definition uses, against the file's
 * other names: the map then shows what the function calls, not what the rest of its file uses
 * (measured over 80 functions per benchmark corpus, files holding what the function calls in a
 * 512-token map: Go 36 → 51 %, Python 44 → 59 %, Java 38 → 60 %, Ruby 36 → 49 %, openai-node 76 → 85 %).
 */
const FOCUS_BODY_USE = 30;
/**
 * A map focused on files or identifiers the task names: its walk returns to the focus after one hop
 * on average (0.85, the usual damping, strays about six hops: to the workspace's hubs). Measured with
 * the lean above, files holding what a function calls: Go 51 → 61 %, Java 60 → 72 %, Ruby 49 → 56 %,
 * openai-node 85 → 92 %, Python 59 → 60 %.
 */
const FOCUSED_DAMPING = 0.5;
/** A focus identifier defined in more files than this leans none of them (which one is meant is unknown). */
const MAX_LEANING_DEFINERS = 5;
/** Definitions of one focus identifier pinned to the top of the map. */
const PINNED_PER_IDENTIFIER = 3;
/** Every file's share of the personalisation, all files together, beside a focus file's 1. */
const BASE_PERSONALIZATION = 0.1;
/** Definitions of each file shown before any file shows more: a map naming more files tells more than one file's every method. */
const FILL_PER_FILE = 6;

type Entry = { file: number; def?: number };
/** Definitions per file beyond this are never in a map (keys of taken entries stay numbers). */
const MAX_DEFS_PER_FILE = 1 << 20;

function signatureForMap(signature: string): string {
  const s = redactSecrets(signature);
  return s.length > MAX_MAP_SIGNATURE ? `${s.slice(0, MAX_MAP_SIGNATURE - 1)}…` : s;
}

// The per-edge loops live in small functions of typed arrays only: they stay optimised by the JIT
// when the function calling them is deoptimised by a new kind of focus or a new graph (measured:
// the first map after an edit ran its loops unoptimised, 100 ms on the Go benchmark's 91,000 edges).

/** The edges' weights for this focus: names the task mentions count more. */
function focusWeights(graph: ReferenceGraph, nameBoost: Float64Array): Float64Array {
  const { weight: base, edgeName } = graph;
  const weight = new Float64Array(base.length);
  for (let e = 0; e < base.length; e++) weight[e] = base[e]! * nameBoost[edgeName[e]!]!;
  return weight;
}

/**
 * Per file defining a focus identifier (in at most MAX_LEANING_DEFINERS files), each name its
 * definitions there use and that name's factor: FOCUS_BODY_USE shared by the name's definers
 * (`items.push()` is not known to mean any of the workspace's three `push`).
 */
function useFactors(graph: ReferenceGraph, mentioned: Set<number>, fileIndex: Map<string, number>, usesIn: UsesInDefinitions): Map<number, Map<number, number>> {
  const used = new Map<number, Map<number, number>>();
  for (const id of mentioned) {
    if (graph.definers(id).length > MAX_LEANING_DEFINERS) continue;
    for (const [path, names] of usesIn(graph.names[id]!)) {
      const file = fileIndex.get(path);
      if (file === undefined) continue;
      const factors = used.get(file) ?? new Map<number, number>();
      used.set(file, factors);
      for (const name of names) {
        const use = graph.nameIds.get(name);
        if (use === undefined) continue;
        const definers = graph.definers(use).length; // 0 for a library's name: no edges to lean
        if (definers > 0) factors.set(use, Math.max(1, FOCUS_BODY_USE / definers));
      }
    }
  }
  return used;
}

/**
 * The edges leaving a focus identifier's files for the names its definitions use weigh more: `used`
 * holds, per such file, each used name's factor.
 */
function leanTowardUses(graph: ReferenceGraph, weight: Float64Array, used: Map<number, Map<number, number>>): void {
  const { src, edgeName } = graph;
  const leaning = new Uint8Array(graph.paths.length);
  for (const file of used.keys()) leaning[file] = 1;
  for (let e = 0; e < weight.length; e++) {
    if (!leaning[src[e]!]) continue;
    const factor = used.get(src[e]!)!.get(edgeName[e]!);
    if (factor !== undefined) weight[e]! *= factor;
  }
}

/** Each file's rank spread over its out-edges: what flows into each (defining file, name) slot. */
function slotFlow(graph: ReferenceGraph, weight: Float64Array, rank: Float64Array): Float64Array {
  const { src, edgeSlot } = graph;
  const out = new Float64Array(rank.length);
  for (let e = 0; e < weight.length; e++) out[src[e]!]! += weight[e]!;
  const flow = new Float64Array(graph.slotFile.length);
  for (let e = 0; e < weight.length; e++) {
    const s = src[e]!;
    flow[edgeSlot[e]!]! += (rank[s]! * weight[e]!) / out[s]!;
  }
  return flow;
}

/**
 * Ranked (file, definition) entries, best first, produced lazily (the map takes entries until its budget
 * is full): pinned focus first, then by the rank flowing into each definition, then what that leaves
 * out (definitions nothing references: entry points, handlers, the function a task is about before
 * anything calls it): the focus files' definitions, a few definitions of every file by the file's rank,
 * every file's name, and the rest of the definitions.
 */
function* rankEntries(graph: ReferenceGraph, focus: RepoMapFocus, matchingPaths: string[], usesIn: UsesInDefinitions | undefined, limit: number): Generator<Entry> {
  const n = graph.paths.length;
  const fileIndex = new Map(graph.paths.map((p, i) => [p, i]));
  const focusFiles = new Set((focus.files ?? []).flatMap((p) => fileIndex.get(p) ?? []));
  const mentioned = new Set((focus.identifiers ?? []).flatMap((id) => graph.nameIds.get(id) ?? []));
  const words = new Set((focus.words ?? []).flatMap((w) => graph.nameIds.get(w) ?? []).filter((id) => !mentioned.has(id)));
  const personalization = new Float64Array(n);
  for (const f of focusFiles) personalization[f]! += 1;
  for (const id of mentioned) {
    const definers = graph.definers(id);
    for (const f of definers) personalization[f]! += 1;
    const callers = graph.users(id).filter((f) => !definers.includes(f));
    for (const f of callers) personalization[f]! += CALLERS_PERSONALIZATION / callers.length;
  }
  for (const id of words) for (const f of graph.definers(id)) personalization[f]! += WORD_PERSONALIZATION;
  for (const p of matchingPaths) { const f = fileIndex.get(p); if (f !== undefined) personalization[f]! += 0.5; }
  const hasFocus = personalization.some((v) => v > 0);
  // A little for every file: the files the focus does not reach still rank (by what references them).
  if (hasFocus) for (let f = 0; f < n; f++) personalization[f]! += BASE_PERSONALIZATION / n;

  const nameBoost = new Float64Array(graph.names.length).fill(1);
  for (const id of words) nameBoost[id] = MENTIONED_WORD;
  for (const id of mentioned) nameBoost[id] = MENTIONED_NAME;
  const weight = focusWeights(graph, nameBoost);
  const used = usesIn ? useFactors(graph, mentioned, fileIndex, usesIn) : undefined;
  if (used?.size) leanTowardUses(graph, weight, used);
  // Plain words are hints: a map leaning on them alone strays as far as an unfocused one.
  const rank = pageRank(n, { src: graph.src, dst: graph.dst, weight }, hasFocus ? personalization : undefined, namesFocus(focusFiles.size, mentioned.size) ? { damping: FOCUSED_DAMPING } : {});
  const flow = slotFlow(graph, weight, rank);

  const taken = new Set<number>();
  const fresh = (file: number, def = -1): boolean => {
    const key = def < 0 ? -1 - file : file * MAX_DEFS_PER_FILE + def;
    if (def >= MAX_DEFS_PER_FILE || taken.has(key)) return false;
    taken.add(key);
    return true;
  };
  // Pinned: each focus identifier's best definitions (code before tests and benchmarks), then the focus files.
  const secondary = (f: number) => Number(isSecondaryPath(graph.paths[f]!));
  for (const id of mentioned) {
    const definers = [...graph.definers(id)].sort((a, b) => secondary(a) - secondary(b) || rank[b]! - rank[a]!).slice(0, PINNED_PER_IDENTIFIER);
    for (const f of definers) {
      const defs = graph.definitions[f]!.flatMap((d, i) => (d.nameId === id ? [i] : [])).slice(0, 2);
      for (const i of defs) if (fresh(f, i)) yield { file: f, def: i };
    }
  }
  for (const f of focusFiles) if (fresh(f)) yield { file: f };
  for (const slot of topIndices(flow, limit)) {
    const file = graph.slotFile[slot]!;
    for (const def of [graph.slotDef[slot]!, graph.slotDef2[slot]!]) if (def >= 0 && fresh(file, def)) yield { file, def };
  }
  // The budget left: what no reference leads to, the focus files' first.
  const byRank = topIndices(rank, n);
  // A function's closures and nested helpers are its insides: shown only when the task names them (pinned
  // above), and not counted among a file's first definitions. `from`, `to`: positions among the rest.
  const definitionsOf = function* (files: Iterable<number>, from: number, to: number): Generator<Entry> {
    for (const file of files) {
      const defs = graph.definitions[file]!;
      for (let def = 0, shown = 0; def < defs.length && shown < to; def++) {
        if (defs[def]!.local) continue;
        if (shown++ >= from && fresh(file, def)) yield { file, def };
      }
    }
  };
  yield* definitionsOf(focusFiles, 0, Infinity);
  yield* definitionsOf(byRank, 0, FILL_PER_FILE);
  // A name alone still tells the model the file exists.
  for (const f of byRank) if (fresh(f)) yield { file: f };
  yield* definitionsOf(byRank, FILL_PER_FILE, Infinity);
}

/** Indices of the `k` largest positive values, largest first (selection, then sorting only those). */
function topIndices(values: Float64Array, k: number): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i]! > 0) candidates.push(i);
  if (candidates.length > k) {
    // Quickselect: the k largest end up in the first k places.
    let lo = 0;
    let hi = candidates.length - 1;
    while (lo < hi) {
      const pivot = values[candidates[(lo + hi) >> 1]!]!;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (values[candidates[i]!]! > pivot) i++;
        while (values[candidates[j]!]! < pivot) j--;
        if (i <= j) { [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!]; i++; j--; }
      }
      if (k - 1 <= j) hi = j;
      else if (k - 1 >= i) lo = i;
      else break;
    }
    candidates.length = k;
  }
  return candidates.sort((a, b) => values[b]! - values[a]! || a - b);
}

function render(graph: ReferenceGraph, entries: Entry[], signatures: Map<string, string>): string {
  const byFile = new Map<number, Set<number>>();
  for (const e of entries) {
    let defs = byFile.get(e.file);
    if (!defs) byFile.set(e.file, (defs = new Set()));
    if (e.def !== undefined) defs.add(e.def);
  }
  const lines: string[] = [];
  for (const [file, defs] of byFile) {
    lines.push(graph.paths[file]!);
    const all = graph.definitions[file]!;
    for (const i of [...defs].sort((a, b) => all[a]!.line - all[b]!.line)) lines.push(definitionLine(all[i]!, signatures));
  }
  return lines.join('\n');
}

function definitionLine(d: { line: number; signature: string }, signatures: Map<string, string>): string {
  let sig = signatures.get(d.signature);
  if (sig === undefined) signatures.set(d.signature, (sig = signatureForMap(d.signature)));
  return `  ${d.line}: ${sig}`;
}

/**
 * The map for a budget: entries in rank order while their lines fit (each line counted once, plus its
 * newline), then the whole text counted and the last entries dropped in the rare case it is over.
 */
export function buildRepoMap(graph: ReferenceGraph, options: RepoMapOptions, matchingPaths: string[] = [], usesIn?: UsesInDefinitions): string {
  const budget = Math.max(0, Math.floor(options.tokens ?? DEFAULT_TOKENS));
  const count = (text: string) => (options.counter ? options.counter.count(text) : estimateTokens(text));
  if (budget === 0 || graph.paths.length === 0) return '';
  // Every entry costs at least a few tokens: more candidates than the budget never fit.
  const entries = rankEntries(graph, options.focus ?? {}, matchingPaths, usesIn, budget);
  const signatures = new Map<string, string>();
  const chosen: Entry[] = [];
  const files = new Set<number>();
  /** Lines already paid for, as `file line` (a line holding two definitions is written once). */
  const lines = new Set<string>();
  let used = 0;
  let misses = 0;
  for (const e of entries) {
    let cost = 0;
    if (!files.has(e.file)) cost += count(graph.paths[e.file]!) + 1;
    const definition = e.def === undefined ? undefined : graph.definitions[e.file]![e.def]!;
    const line = definition && `${e.file} ${definition.line}`;
    if (line && lines.has(line)) continue; // another definition on this line is in the map: written (and paid for) once
    if (definition) cost += count(definitionLine(definition, signatures)) + 1;
    if (used + cost > budget) {
      if (used >= budget * 0.97 || ++misses > 40) break;
      continue; // a smaller entry further down may still fit
    }
    used += cost;
    files.add(e.file);
    if (line) lines.add(line);
    chosen.push(e);
  }
  let text = render(graph, chosen, signatures);
  while (chosen.length && count(text) > budget) {
    chosen.splice(Math.max(0, chosen.length - Math.max(1, Math.ceil(chosen.length / 20))));
    text = render(graph, chosen, signatures);
  }
  return text;
}

/** Words that name symbols in many workspaces but are meant as English in a task. */
const STOPWORDS = new Set(('the and for with from that this into when then than what which where while will would should could '
  + 'file files code function functions method class change changes make add remove fix test tests value values name names '
  + 'type types data list item items error errors user users time date text line lines path paths number string update').split(' '));

const PATH_IN_TEXT = /(?:^|[\s`'"(@])((?:[\w.-]+\/)*[\w-][\w.-]*\.\w{1,6})(?=$|[\s`'"),:;!?]|\.(?:\s|$))/gm;

/**
 * What a task is about: the workspace files it names (`resolvePath` turns "stateNotes.ts" into the
 * one indexed path ending so), the identifiers it names as code (camelCase, snake_case, a call,
 * backticks, a digit: handler5) that the index defines, and its longer plain words that are also defined names.
 */
export function focusFromTask(task: string, known: { resolvePath(path: string): string | undefined; isName(name: string): boolean }): RepoMapFocus {
  const files = new Set<string>();
  for (const m of task.matchAll(PATH_IN_TEXT)) {
    const path = known.resolvePath(m[1]!.replace(/^\.\//, ''));
    if (path !== undefined) files.add(path);
  }
  const identifiers = new Set<string>();
  const words = new Set<string>();
  const backticked = new Set([...task.matchAll(/`([^`\n]+)`/g)].flatMap((m) => m[1]!.match(/[A-Za-z_$][\w$]*/g) ?? []));
  const called = new Set([...task.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1]!));
  for (const m of task.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const word = m[0];
    if (identifiers.has(word) || !known.isName(word)) continue;
    // A capital inside a sentence is a class's name ("where is Server defined"), not English.
    const midSentence = /^[A-Z]/.test(word) && !/(?:^|[.!?:]\s+|\n\s*)$/.test(task.slice(0, m.index));
    const codeLike = /[a-z][A-Z]|[A-Za-z]_[A-Za-z]|^[A-Z][a-z]+[A-Z]|[A-Za-z]\d/.test(word) || midSentence || backticked.has(word) || called.has(word);
    if (codeLike) {
      identifiers.add(word);
      words.delete(word);
    } else if (word.length >= 5 && !STOPWORDS.has(word.toLowerCase())) words.add(word);
  }
  return { files: [...files], identifiers: [...identifiers], words: [...words] };
}

/**
 * The indexed path a task means by `written`: itself, or the one path ending in `/written` ("stateNotes.ts",
 * "agent/stateNotes.ts"); among several, the one outside tests and benchmarks if it is alone there.
 */
export function resolveTaskPath(written: string, paths: { has(path: string): boolean; endingWith(name: string): string[] }): string | undefined {
  if (paths.has(written)) return written;
  const base = written.slice(written.lastIndexOf('/') + 1);
  const matches = paths.endingWith(base).filter((p) => p === written || p.endsWith(`/${written}`));
  if (matches.length === 1) return matches[0];
  const primary = matches.filter((p) => !isSecondaryPath(p));
  return primary.length === 1 ? primary[0] : undefined;
}
