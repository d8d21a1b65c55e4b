// Run traces on disk: `<workspace>/.smallcode/traces/<time>[-<conversation>]-<id>.json`, written
// atomically, the newest MAX_TRACE_FILES kept within MAX_TRACE_BYTES, deleted with the conversation they belong to. The folders come from stateDir.ts, so a `.smallcode` or `traces`
// symlinked elsewhere is refused: nothing is written there and nothing there is pruned.
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
  await pruneTraces(dir, limits);
  return file;
}

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
    if (name.endsWith('.json') && name.includes(tag) && (await removeFile(join(dir, name)))) deleted++;
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
 * Deletes the regular `.json` files of `dir` (a folder stateDir vouched for) beyond the newest
 * `maxFiles` and `maxBytes` (names sort by time); the newest is always kept.
 */
async function pruneTraces(dir: string, { maxFiles = MAX_TRACE_FILES, maxBytes = MAX_TRACE_BYTES }: TraceLimits): Promise<void> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort().reverse();
  let count = 0;
  let total = 0;
  for (const name of names) {
    const info = await lstat(join(dir, name)).catch(() => undefined);
    if (!info?.isFile()) continue;
    count++;
    total += info.size;
    if (count > 1 && (count > maxFiles || total > maxBytes) && (await removeFile(join(dir, name)))) {
      count--;
      total -= info.size;
    }
  }
}
