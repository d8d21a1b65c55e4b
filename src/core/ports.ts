// The interfaces the core needs from its host (VS Code in src/extension, the plain file system in
// src/node). The core never reaches past them, so the whole agent runs in tests against either.
//
// Every path crossing a port is workspace-relative POSIX ('src/a.ts', never './src/a.ts', never
// absolute, never with '..'); '' is the workspace root. Hosts normalise model-supplied paths with
// `normalizeWorkspacePath` (core/security) and enforce containment on the real file system.
import type { EditHunk } from './edit/types';

/** Why a Workspace call was refused; the message is written so it can go back to the model as is. */
export type WorkspaceErrorCode =
  | 'invalid-path' // NUL byte, drive letter, absolute or '..' path leaving the root
  | 'outside-root' // resolves (through a symlink) outside the workspace
  | 'not-found'
  | 'is-directory'
  | 'not-regular' // a named pipe, socket or device: reading it could block forever or never end
  | 'binary'
  | 'too-large'
  | 'exists' // create-only write hit an existing file
  | 'changed' // the file is no longer the text the write was computed from (someone edited it meanwhile)
  | 'invalid-pattern' // a search regex or glob that does not compile
  | 'io';

export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/**
 * The refusal of a write whose file moved on while the edit waited (the user saved a change, typed in
 * the open document), or undefined when the write may go ahead. `current` is the file's text now
 * (undefined: not there); `expected` (WriteOptions) the text the new content was computed from. A file
 * that already holds the new content is no conflict: there is simply nothing left to write.
 */
export function staleWrite(path: string, current: string | undefined, content: string, options: WriteOptions = {}): WorkspaceError | undefined {
  if (options.expected === undefined || current === options.expected || current === content) return undefined;
  const what = current === undefined ? 'was deleted' : 'was changed (by the user or another program)';
  return new WorkspaceError('changed', `${path} ${what} while this edit waited; nothing was written, so that change is kept. Read the file again and make your edit on its current content.`);
}

/**
 * A file's text, or null when it does not exist: the one "read it, or null" of the core and its hosts.
 * Only not-found is null; a file that is there but cannot be read (a folder, binary, too large, outside
 * the root) is thrown, because taking it for absent would let an undo or an "apply" decide to restore,
 * delete or overwrite a file nobody could read — refusing with the reason is better.
 */
export async function readTextOrNull(workspace: Pick<Workspace, 'readFile'>, path: string): Promise<string | null> {
  return (await readFileOrNull(workspace, path))?.content ?? null;
}

/** The file (content and what the host says of it, e.g. `readOnly`), or null when there is none. */
export async function readFileOrNull(workspace: Pick<Workspace, 'readFile'>, path: string): Promise<FileContent | null> {
  try {
    return await workspace.readFile(path);
  } catch (error) {
    if (error instanceof WorkspaceError && error.code === 'not-found') return null;
    throw error;
  }
}

export interface ReadOptions {
  /** Refuse files larger than this (bytes) with code 'too-large'. Host default applies when omitted. */
  maxBytes?: number;
  /** Stops a read in progress (slow or remote file systems); the read then throws. */
  signal?: AbortSignal;
}

export interface FileContent {
  path: string;
  content: string;
  /** Size on disk in bytes. */
  bytes: number;
  /**
   * Why the file must not be edited, when the host could only decode it lossily (not UTF-8: `content`
   * then holds U+FFFD for what it could not read, and writing it back would destroy those characters).
   * The edit tools refuse such a file before any edit is proposed, with this text.
   */
  readOnly?: string;
}

export interface WriteOptions {
  /** Fail with code 'exists' if the file is already there (write_file creating a new file). */
  createOnly?: boolean;
  /**
   * The text the new content was computed from (an edit's original). When the file (or the editor's
   * unsaved document) no longer holds it, nor already the new content, the write fails with code
   * 'changed' and writes nothing: a change made while the edit waited is never overwritten.
   */
  expected?: string;
}

/** Where a write of a path lands, or why the host refuses it. */
export type WriteTarget =
  | { ok: true; /** The normalised workspace-relative path. */ path: string; /** Where it really leads, through symlinks (workspace-relative). */ realPath: string }
  | { ok: false; reason: string };

export interface WriteResult {
  path: string;
  created: boolean;
  bytes: number;
}

export interface FileInfo {
  path: string;
  kind: 'file' | 'directory';
  bytes: number;
}

export interface ListOptions {
  /** Stop after this many paths and set `truncated`. */
  maxResults?: number;
}

export interface FileList {
  /** Sorted workspace-relative file paths. `.gitignore`d files, `.git` and `node_modules` are skipped. */
  files: string[];
  truncated: boolean;
}

export interface SearchOptions {
  /** Glob limiting the files searched (same syntax as `findFiles`). */
  glob?: string;
  caseSensitive?: boolean;
  maxResults?: number;
  signal?: AbortSignal;
}

export interface SearchMatch {
  path: string;
  /** 1-based. */
  line: number;
  /** The matching line, trimmed and capped for the model. */
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** More matches existed than `maxResults`. */
  truncated: boolean;
  /** Files skipped as binary or too large (so the model knows the search was not exhaustive). */
  skippedFiles: number;
}

export interface Diagnostic {
  path: string;
  /** 1-based; 0 when the tool gave no line. */
  line: number;
  column?: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  /** e.g. 'ts', 'eslint', or the check command's name. */
  source?: string;
  code?: string;
}

export interface RunOptions {
  /** Kill the command (and its children) after this long. */
  timeoutMs?: number;
  /** Cap on the combined output kept; the middle is dropped, head and tail are kept. */
  maxOutputBytes?: number;
  signal?: AbortSignal;
}

export interface CommandResult {
  /** null when the command was killed. */
  exitCode: number | null;
  /** stdout and stderr interleaved in arrival order, capped. */
  output: string;
  timedOut: boolean;
  aborted: boolean;
  /** Output bytes dropped by the cap. */
  truncatedBytes: number;
  durationMs: number;
}

/** Files, search, diagnostics and commands, all confined to one workspace root. */
export interface Workspace {
  /** Text of a regular file. Throws WorkspaceError: not-found, is-directory, not-regular, binary, too-large, outside-root. */
  readFile(path: string, options?: ReadOptions): Promise<FileContent>;
  /** Write (or create, with parent folders) atomically: readers see the old or the new file, never half. */
  writeFile(path: string, content: string, options?: WriteOptions): Promise<WriteResult>;
  /** undefined when nothing is there. */
  stat(path: string): Promise<FileInfo | undefined>;
  /** Files matching a glob (`*`, `**`, `?`, `[abc]`, `{a,b}`); all files when omitted. */
  findFiles(glob?: string, options?: ListOptions): Promise<FileList>;
  /** Regex search over text files, respecting .gitignore. Throws WorkspaceError('invalid-pattern') for a bad regex. */
  search(pattern: string, options?: SearchOptions): Promise<SearchResult>;
  /**
   * Current problems in these files (and, from a check command, possibly others). After an edit the host
   * waits a moment for its checkers to catch up; `asTheyAre`: nothing was just changed (the baseline before
   * a run's first edit), so what is known now is the answer.
   */
  diagnostics(paths: string[], signal?: AbortSignal, options?: { asTheyAre?: boolean }): Promise<Diagnostic[]>;
  /** Run a shell command with cwd = root. Never throws for a failing command: see exitCode. */
  runCommand(command: string, options?: RunOptions): Promise<CommandResult>;
  /**
   * Where a write of `path` would land (normalised, and through symlinks), or why the host would refuse
   * it (its own policy beyond core/security's, e.g. Git's hooks folder). Asked before an edit is shown
   * for review, so no doomed edit is reviewed, and so the edit is judged and recorded under one path.
   */
  writeTarget?(path: string): Promise<WriteTarget>;
  /**
   * Which of these files an editor holds with changes not saved yet (read_file and edits see those; the
   * code index sees the disk). Paths that cannot be resolved are simply not among them.
   */
  unsavedAmong?(paths: readonly string[]): Promise<string[]>;
}

/** A diff hunk for review (structurally a subset of the edit engine's EditHunk). */
export interface ReviewHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

export interface ProposedEdit {
  path: string;
  /** Current content; null for a new file. */
  original: string | null;
  proposed: string;
  /** The diff of original → proposed, computed once by the edit engine: the review shows and applies these. */
  hunks: EditHunk[];
  /**
   * Set when the file decides what a command runs (package.json, a Makefile, node_modules…): why. Such
   * an edit must be approved by the user even when edits are otherwise applied automatically.
   */
  runsCommands?: string;
}

export type EditDecision =
  | { kind: 'accepted' }
  /** `refused`: the review itself could not show or apply the edit (not the user's decision). */
  | { kind: 'rejected'; reason?: string; refused?: true }
  /** Some hunks accepted (or the user edited the proposal): `content` is what should be written. */
  | {
    kind: 'partial'; content: string; /** Which hunks were rejected or could not be applied, and why. */ reason?: string;
    /**
     * Every hunk was accepted: the file differs from the proposal because saving it changed it (format
     * on save…), or because it had other changes when the hunks were applied (`reason` says which).
     */
    allAccepted?: true;
  };

/**
 * Shows a proposed edit to the user and waits for the decision. The review only decides: the loop
 * writes the accepted content through Workspace.writeFile. A review that applies hunks as the user
 * accepts them (VS Code's) settles a cancel as 'partial' with what it applied, which the loop reports as written.
 */
export interface EditReview {
  propose(edit: ProposedEdit, signal?: AbortSignal): Promise<EditDecision>;
}

export interface CommandRequest {
  command: string;
  /** Why the command looks risky (from core/security's assessCommand), shown with the prompt. */
  warnings: string[];
}

export type ApprovalDecision = { approved: true } | { approved: false; reason?: string };

/** Asked before a shell command runs. */
export interface Approval {
  approveCommand(request: CommandRequest, signal?: AbortSignal): Promise<ApprovalDecision>;
}

/** Small JSON documents by key (working memory, plans). Keys: letters, digits, '.', '_', '-'. */
export interface Store {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}
