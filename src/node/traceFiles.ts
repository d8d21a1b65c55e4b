// Run traces on disk: `<workspace>/.smallcode/traces/<time>[-<conversation>]-<id>.json`, written
// atomically, the newest MAX_TRACE_FILES kept within MAX_TRACE_BYTES, deleted with the conversation they belong to. The folders come from stateDir.ts, so a `.smallcode` or `traces`
// symlinked elsewhere is refused: nothing is written there and nothing there is pruned.
// A repository may ship `.smallcode/traces/` itself: only files named as SmallCode names its traces are
// pruned, the oldest by modification time (a shipped name sorting after every real one, or a date in
// the future, does not make each new trace the one deleted), and never the trace just written.
import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunTrace } from '../core/trace';
import { writeFileAtomic } from './atomicWrite';
import { stateDir } from './stateDir';

export const TRACES_FOLDER = 'traces';
/** Trace files kept per workspace; older ones are deleted as new ones are written. */
export const MAX_TRACE_FILES = 50;
/** What they may take together (a long run at a large window writes megabytes: each turn keeps its request). */
export const MAX_TRACE_BYTES = 50 * 1024 * 1024;

export interface TraceLimits {
  maxFiles?: number;
  maxBytes?: number;
}

/** Writes `trace` and prunes old ones; returns the file's path. Throws (StateDirError…) when it cannot. */
export async function writeTraceFile(root: string, trace: RunTrace, limits: TraceLimits = {}): Promise<string> {
  const dir = (await stateDir(await realpath(root), { sub: TRACES_FOLDER, create: true }))!;
  // ':' is not allowed in Windows file names; the name still sorts by time.
  const conversation = trace.conversation ? `-${conversationTag(trace.conversation)}` : '';
  const file = join(dir, `${trace.startedAt.replace(/:/g, '-')}${conversation}-${trace.id.replace(/[^\w-]/g, '')}.json`);
  await writeFileAtomic(file, `${JSON.stringify(trace, null, 2)}\n`);
  await pruneTraces(dir, file, limits);
  return file;
}

/** A trace file's name as writeTraceFile makes it: `2026-01-01T00-00-00.000Z[-c<conversation>]-<id>.json`. */
const TRACE_NAME = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(?:\.\d+)?Z-[\w-]+\.json$/;
/** A modification time further ahead than this is no trace SmallCode wrote (a shipped or unpacked file): pruned first. */
const CLOCK_SLACK_MS = 60_000;

/** The conversation's id as it stands in a trace file's name (what deleteConversationTraces looks for). */
const conversationTag = (id: string) => `c${id.replace(/[^\w-]/g, '')}`;

/**
 * Deletes the trace files of a saved conversation (when the user deletes it: a trace holds its messages).
 * Returns how many; none when the workspace has no traces folder (nothing is created, symlinks are refused).
 */
export async function deleteConversationTraces(root: string, conversation: string): Promise<number> {
  const dir = await stateDir(await realpath(root), { sub: TRACES_FOLDER, create: false });
  if (!dir) return 0;
  const tag = `-${conversationTag(conversation)}-`;
  let deleted = 0;
  for (const name of await readdir(dir).catch(() => [])) {
    if (TRACE_NAME.test(name) && name.includes(tag) && (await removeFile(join(dir, name)))) deleted++;
  }
  return deleted;
}

/** Removes `path` when it is a regular file (a symlink placed there is not followed, nor removed). */
async function removeFile(path: string): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile()) return false;
  await rm(path, { force: true });
  return true;
}

/**
 * Deletes the regular trace files of `dir` (a folder stateDir vouched for) beyond the newest `maxFiles`
 * and `maxBytes`, by modification time; `written` is always kept, whatever the others' times.
 */
async function pruneTraces(dir: string, written: string, { maxFiles = MAX_TRACE_FILES, maxBytes = MAX_TRACE_BYTES }: TraceLimits): Promise<void> {
  const latest = Date.now() + CLOCK_SLACK_MS;
  const traces: { path: string; time: number; size: number }[] = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (!TRACE_NAME.test(name) || path === written) continue;
    const info = await lstat(path).catch(() => undefined);
    if (info?.isFile()) traces.push({ path, time: info.mtimeMs > latest ? -Infinity : info.mtimeMs, size: info.size });
  }
  traces.sort((a, b) => b.time - a.time || (a.path < b.path ? 1 : -1));
  let count = 1;
  let total = (await lstat(written).catch(() => undefined))?.size ?? 0;
  for (const { path, size } of traces) {
    if (count + 1 > maxFiles || total + size > maxBytes) {
      if (await removeFile(path)) continue;
    }
    count++;
    total += size;
  }
}
