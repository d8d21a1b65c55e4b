// The Workspace port on the plain file system. Every access goes through `resolve`: the path is
// normalised (core/security) and then contained with realpath, so neither `..`, an absolute path nor
// a symlink can reach outside the root, for reads and for writes of files that do not exist yet.
import { lstat, realpath, stat, unlink } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import {
  WorkspaceError,
  type CommandResult,
  type Diagnostic,
  type FileContent,
  type FileInfo,
  type FileList,
  type ListOptions,
  type ReadOptions,
  type RunOptions,
  type SearchOptions,
  type Workspace,
  type WriteOptions,
  type WriteResult,
  type WriteTarget,
  staleWrite,
} from '../core/ports';
import { checkReadablePath, checkWritablePath, type PathPolicy } from '../core/security/protectedPaths';
import { normalizeWorkspacePath } from '../core/security/workspacePath';
import { diagnosticsFromCheckOutput } from '../core/governor/verification';
import { writeFileAtomic } from './atomicWrite';
import { resolveInside } from './containment';
import { gitFoldersInside } from './gitFolders';
import { DEFAULT_MAX_READ_BYTES, formatBytes, looksBinary } from './fileKind';
import { compileFindGlob } from './glob';
import { NotReadable, readRegularFile } from './readRegular';
import { runShellCommand } from './runCommand';
import { searchFiles, type NodeSearchResult } from './searchFiles';
import { decodeText, encodeText, notUtf8Message } from './textEncoding';
import { walkFiles } from './walkFiles';
import { WorkspaceIgnore } from './workspaceIgnore';
import { errorMessage } from '../core/errorMessage';

export interface NodeWorkspaceOptions {
  /** Files larger than this are refused by readFile and skipped by search. */
  maxReadBytes?: number;
  /**
   * A command whose output gives diagnostics after edits (e.g. `npx tsc --noEmit`, `cargo check`): the
   * one place it is configured (SmallCode's `checkCommand` passes it here; the agent asks diagnostics()).
   */
  checkCommand?: string;
  checkTimeoutMs?: number;
  /** Time a search's regex may run in total before it is stopped (default 5 s). */
  searchTimeLimitMs?: number;
  /**
   * Globs relative to the root (VS Code's `files.exclude`) that find_files and search skip, as they skip
   * ignored files: what the user hides is not listed. read_file still reads such a file when asked.
   * Asked at each find_files and search, so that a change of the setting applies to the next one.
   */
  exclude?: () => readonly string[];
}

/** A file SmallCode writes over is read first (its encoding is kept); larger ones are not rewritten. */
const MAX_REWRITTEN_BYTES = 64 * 1024 * 1024;

/** find_files returns at most this many paths by default: a longer list is noise to a small model. */
export const DEFAULT_MAX_FIND_RESULTS = 200;

export class NodeWorkspace implements Workspace {
  private rootReal?: Promise<string>;

  constructor(
    readonly root: string,
    private readonly options: NodeWorkspaceOptions = {},
  ) {}

  /** The root's real path, resolved once (the root itself may be reached through a symlink). */
  realRoot(): Promise<string> {
    this.rootReal ??= realpath(this.root).catch(() => {
      throw new WorkspaceError('not-found', `The workspace root ${this.root} does not exist.`);
    });
    return this.rootReal;
  }

  /**
   * Model-supplied path → real absolute path inside the root, or a WorkspaceError. `.git` is refused
   * here, for every access (see core/security/protectedPaths), by the path as written and as resolved.
   */
  resolve(path: string): Promise<{ rel: string; abs: string }> {
    return this.resolveWith(path, checkReadablePath);
  }

  /**
   * `resolve` for a write: also refuses editor configuration, Git hooks and SmallCode's state, and the
   * folders Git uses inside this workspace (a `core.hooksPath` there, a git dir that is not `.git`).
   */
  async resolveForWrite(path: string): Promise<{ rel: string; abs: string }> {
    const target = await this.resolveWith(path, checkWritablePath);
    const git = await gitFoldersInside(await this.realRoot());
    for (const candidate of [target.rel, relative(await this.realRoot(), target.abs).split(sep).join('/')]) {
      const folder = git.holding(candidate);
      if (folder !== undefined) {
        throw new WorkspaceError('invalid-path', `"${target.rel}" is in ${folder === '' ? 'Git\'s hooks (core.hooksPath is the workspace root)' : `${folder}, which Git uses for this repository (hooks run on the user's next commit)`}; SmallCode does not change it. Nothing was written. Tell the user the change you suggest and let them make it.`);
      }
    }
    return target;
  }

  /** Where a write to `path` lands, or why it would be refused: asked before an edit is shown for review. */
  async writeTarget(path: string): Promise<WriteTarget> {
    try {
      const { rel, abs } = await this.resolveForWrite(path);
      return { ok: true, path: rel, realPath: relative(await this.realRoot(), abs).split(sep).join('/') };
    } catch (error) {
      if (error instanceof WorkspaceError && (error.code === 'invalid-path' || error.code === 'outside-root')) return { ok: false, reason: error.message };
      throw error; // other problems (the root is gone…) are the tool's to report
    }
  }

  private async resolveWith(path: string, policy: (rel: string) => PathPolicy): Promise<{ rel: string; abs: string }> {
    const rootReal = await this.realRoot();
    let check = normalizeWorkspacePath(path, this.root);
    if (!check.ok && rootReal !== this.root) check = normalizeWorkspacePath(path, rootReal);
    if (!check.ok) throw new WorkspaceError('invalid-path', check.reason);
    const rel = check.path;
    const abs = await resolveInside(rootReal, rel);
    // A symlink inside the workspace may lead into .git or .vscode: judge where it really goes too.
    for (const candidate of [rel, relative(rootReal, abs).split(sep).join('/')]) {
      const verdict = policy(candidate);
      if (!verdict.ok) throw new WorkspaceError('invalid-path', verdict.reason);
    }
    return { rel, abs };
  }

  async readFile(path: string, options: ReadOptions = {}): Promise<FileContent> {
    const { rel, abs } = await this.resolve(path);
    const max = options.maxBytes ?? this.options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
    const bytes = await this.readBytes(rel, abs, max, options.signal);
    if (bytes === undefined) throw new WorkspaceError('not-found', `File not found: ${rel}. Use find_files to look for it.`);
    if (looksBinary(bytes)) throw new WorkspaceError('binary', `${rel} is a binary file; it cannot be read as text.`);
    const decoded = decodeText(bytes);
    // A file that is not UTF-8 can still be looked at; the edit tools refuse it, and writeFile too.
    return { path: rel, content: decoded.text, bytes: bytes.length, ...(decoded.utf8 ? {} : { readOnly: notUtf8Message(rel) }) };
  }

  /** A regular file's bytes (undefined when nothing is there), or the WorkspaceError saying why not. */
  private async readBytes(rel: string, abs: string, max: number, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    try {
      return await readRegularFile(abs, max, signal);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      if (code === 'EISDIR') throw new WorkspaceError('is-directory', `${rel} is a folder, not a file. Use find_files to list it.`);
      if (!(error instanceof NotReadable)) throw new WorkspaceError('io', `Could not read ${rel}: ${(error as Error).message}`);
      if (error.reason === 'too-large') {
        throw new WorkspaceError('too-large', `${rel} is ${formatBytes(error.size)}, over the ${formatBytes(max)} limit. Use search to find the part you need.`);
      }
      if (error.reason === 'aborted') throw new WorkspaceError('io', `Reading ${rel} was cancelled.`);
      const info = await stat(abs).catch(() => undefined);
      if (info?.isDirectory()) throw new WorkspaceError('is-directory', `${rel} is a folder, not a file. Use find_files to list it.`);
      throw new WorkspaceError('not-regular', `${rel} is not a regular file (a named pipe, socket or device); SmallCode does not read or write it.`);
    }
  }

  async writeFile(path: string, content: string, options: WriteOptions = {}): Promise<WriteResult> {
    const { rel, abs } = await this.resolveForWrite(path);
    if (rel === '') throw new WorkspaceError('invalid-path', 'A file path is needed, not the workspace root.');
    const existing = await stat(abs).catch(() => undefined);
    if (existing?.isDirectory()) throw new WorkspaceError('is-directory', `${rel} is a folder; give a file path.`);
    if (existing && options.createOnly) {
      throw new WorkspaceError('exists', `${rel} already exists. Use patch to change it.`);
    }
    // The old bytes decide the encoding: UTF-8 (with its BOM, if any) or a refusal. Only a regular file is written over.
    const oldBytes = existing ? await this.readBytes(rel, abs, MAX_REWRITTEN_BYTES) : undefined;
    const old = oldBytes && decodeText(oldBytes);
    if (old && !old.utf8) throw new WorkspaceError('binary', notUtf8Message(rel));
    const stale = staleWrite(rel, old?.text, content, options);
    if (stale) throw stale;
    const data = encodeText(content, old?.bom ?? false);
    try {
      await writeFileAtomic(abs, data);
    } catch (error) {
      throw new WorkspaceError('io', `Could not write ${rel}: ${errorMessage(error)}`);
    }
    return { path: rel, created: !oldBytes, bytes: data.length };
  }

  /** Deletes one file (never a folder), with the same containment and protection as a write. */
  async deleteFile(path: string): Promise<void> {
    const { rel, abs } = await this.resolveForWrite(path);
    const existing = await lstat(abs).catch(() => undefined);
    if (!existing) return;
    if (existing.isDirectory()) throw new WorkspaceError('is-directory', `${rel} is a folder; only files are deleted.`);
    try {
      await unlink(abs);
    } catch (error) {
      throw new WorkspaceError('io', `Could not delete ${rel}: ${(error as Error).message}`);
    }
  }

  async stat(path: string): Promise<FileInfo | undefined> {
    const { rel, abs } = await this.resolve(path);
    const info = await stat(abs).catch(() => undefined);
    if (!info) return undefined;
    return { path: rel, kind: info.isDirectory() ? 'directory' : 'file', bytes: info.size };
  }

  async findFiles(glob?: string, options: ListOptions = {}): Promise<FileList> {
    const rootReal = await this.realRoot();
    const max = options.maxResults ?? DEFAULT_MAX_FIND_RESULTS;
    const matches = glob ? compileFindGlob(glob) : () => true;
    const files: string[] = [];
    for await (const file of walkFiles(rootReal, { ignore: new WorkspaceIgnore(rootReal, this.options.exclude?.()) })) {
      if (!matches(file)) continue;
      if (files.length === max) return { files, truncated: true };
      files.push(file);
    }
    return { files, truncated: false };
  }

  async search(pattern: string, options: SearchOptions = {}): Promise<NodeSearchResult> {
    const rootReal = await this.realRoot();
    return searchFiles(rootReal, pattern, {
      ...options,
      maxFileBytes: this.options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES,
      ...(this.options.exclude ? { exclude: this.options.exclude() } : {}),
      ...(this.options.searchTimeLimitMs !== undefined ? { timeLimitMs: this.options.searchTimeLimitMs } : {}),
    });
  }

  /** Plain files have no language server: diagnostics come only from a configured check command. */
  async diagnostics(_paths: string[], signal?: AbortSignal): Promise<Diagnostic[]> {
    const command = this.options.checkCommand;
    if (!command) return [];
    const result = await this.runCommand(command, { timeoutMs: this.options.checkTimeoutMs ?? 120_000, signal });
    return diagnosticsFromCheckOutput(result.output, result.exitCode, command, await this.realRoot());
  }

  async runCommand(command: string, options: RunOptions = {}): Promise<CommandResult> {
    return runShellCommand(command, await this.realRoot(), options);
  }
}
