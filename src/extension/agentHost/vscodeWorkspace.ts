// The Workspace port inside VS Code. The extension host is a Node process and the folder is on the
// local disk, so containment, search, find and commands reuse the file-system implementation; what
// VS Code adds is the editor's view of files: unsaved text the user is looking at, edits that go
// through WorkspaceEdit (so they join the undo stack), and the Problems list as diagnostics.
import * as vscode from 'vscode';
import type {
  CommandResult, Diagnostic, FileContent, FileInfo, FileList, ListOptions, ReadOptions, RunOptions,
  SearchOptions, SearchResult, Workspace, WriteOptions, WriteResult, WriteTarget,
} from '../../core/ports';
import type { NodeWorkspace } from '../../node/nodeWorkspace';
import { fileInEditor } from '../fileInEditor';
import { replaceInDocument, saveAndVerify } from '../review/applyToDocument';
import { hasMixedLineEndings } from '../review/lineEndings';
import { nonUtf8EncodingMessage, otherThanUtf8 } from '../review/documentEncoding';
import { SEVERITY } from '../diagnosticSeverity';
import { loadCore } from '../lazyCore';

/** Why a document VS Code holds in an encoding other than UTF-8 must not be edited; undefined when it is UTF-8. */
function openEncoding(rel: string, document: vscode.TextDocument): string | undefined {
  const encoding = otherThanUtf8(document.encoding);
  return encoding ? `${nonUtf8EncodingMessage(rel, encoding)}.` : undefined;
}

/** Language servers publish diagnostics a moment after a change: wait for them at most this long. */
const DIAGNOSTICS_WAIT_MS = 700;

/**
 * Resolves when VS Code publishes new diagnostics for one of these files, after `ms`, or on abort,
 * whichever comes first. A file no language server watches simply costs the bounded wait.
 */
function diagnosticsChanged(uris: readonly vscode.Uri[], ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || uris.length === 0) return Promise.resolve();
  const keys = new Set(uris.map((u) => u.toString()));
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      listener.dispose();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => keys.has(u.toString()))) done(); });
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class VsCodeWorkspace implements Workspace {
  constructor(private readonly files: NodeWorkspace) {}

  async readFile(path: string, options?: ReadOptions): Promise<FileContent> {
    const resolved = await this.files.resolve(path);
    const { rel } = resolved;
    const document = (await fileInEditor(this.files, resolved)).document();
    // An open document may hold unsaved changes: the model must see what the user sees. One open in
    // another encoding is never edited, even when its bytes on disk read as UTF-8 (pure ASCII): the
    // review would save the edit in that encoding.
    if (document?.isDirty || (document && openEncoding(rel, document))) {
      const content = document.getText();
      const readOnly = await this.notUtf8(path, rel, document);
      return { path: rel, content, bytes: Buffer.byteLength(content), ...(readOnly ? { readOnly } : {}) };
    }
    return this.files.readFile(path, options);
  }

  /**
   * Why an open document must not be edited: VS Code opened bytes that are not UTF-8 with U+FFFD for
   * what it could not read and saves those as EF BF BD, and a document in another encoding is not
   * what SmallCode reads and checks on disk. Undefined when it may be edited.
   */
  private async notUtf8(path: string, rel: string, document: vscode.TextDocument): Promise<string | undefined> {
    return openEncoding(rel, document) ?? (await this.files.readFile(path).catch(() => undefined))?.readOnly;
  }

  async writeFile(path: string, content: string, options?: WriteOptions): Promise<WriteResult> {
    // The write policy too (.git, .vscode … are not the model's to change), even for an open document.
    const resolved = await this.files.resolveForWrite(path);
    const { rel } = resolved;
    const file = await fileInEditor(this.files, resolved);
    const bytes = Buffer.byteLength(content);
    // The file-system write refuses a file that is not UTF-8; through the editor, this is that refusal
    // (checked before the document is read below, so no await comes between that read and the edit).
    const opened = file.document();
    const notUtf8 = opened && !options?.createOnly ? await this.notUtf8(path, rel, opened) : undefined;
    if (notUtf8) throw new (loadCore().WorkspaceError)('binary', notUtf8);
    const document = file.document();
    const current = document ? document.getText() : (await this.files.readFile(path).catch(() => undefined))?.content;
    // The edit review applies accepted hunks itself (one undo step, saved): the loop's write that
    // follows finds the content already there and must not write again — nor refuse a new file the
    // review just created.
    if (current === content && !document?.isDirty) return { path: rel, created: options?.createOnly === true, bytes };
    if (!document || options?.createOnly) return this.files.writeFile(path, content, options);
    // The edit was computed from the disk's mixed line endings, which the document has made uniform:
    // the exact bytes are written (VS Code reloads the unchanged document), not every line ending.
    if (!document.isDirty && options?.expected !== undefined && hasMixedLineEndings(options.expected)) return this.files.writeFile(path, content, options);
    // The document is read after every await above: what the user typed meanwhile is seen here, and
    // an edit computed from older text is refused rather than written over it.
    const stale = loadCore().staleWrite(rel, current, content, options);
    if (stale) throw stale;
    // An open document is edited through VS Code (the user's undo stack), then saved and checked on disk.
    if (current !== content && !await replaceInDocument(document, [{ offset: 0, oldText: current ?? '', newText: content }])) {
      throw new Error(`VS Code refused the edit to ${rel}`);
    }
    await saveAndVerify(document);
    return { path: rel, created: false, bytes };
  }

  async unsavedAmong(paths: readonly string[]): Promise<string[]> {
    if (!vscode.workspace.textDocuments.some((d) => d.isDirty)) return []; // the usual case, without a path resolved
    const unsaved: string[] = [];
    for (const path of new Set(paths)) {
      const resolved = await this.files.resolve(path).catch(() => undefined);
      if (resolved && (await fileInEditor(this.files, resolved)).document()?.isDirty) unsaved.push(path);
    }
    return unsaved;
  }

  writeTarget(path: string): Promise<WriteTarget> {
    return this.files.writeTarget(path);
  }

  stat(path: string): Promise<FileInfo | undefined> {
    return this.files.stat(path);
  }

  findFiles(glob?: string, options?: ListOptions): Promise<FileList> {
    return this.files.findFiles(glob, options);
  }

  search(pattern: string, options?: SearchOptions): Promise<SearchResult> {
    return this.files.search(pattern, options);
  }

  async diagnostics(paths: string[], signal?: AbortSignal, options?: { asTheyAre?: boolean }): Promise<Diagnostic[]> {
    const files: { path: string; uri: vscode.Uri }[] = [];
    for (const path of paths) {
      const resolved = await this.files.resolve(path).catch(() => undefined);
      if (resolved) files.push({ path, uri: (await fileInEditor(this.files, resolved)).uri });
    }
    if (!options?.asTheyAre) await diagnosticsChanged(files.map((f) => f.uri), DIAGNOSTICS_WAIT_MS, signal);
    const fromEditor: Diagnostic[] = [];
    for (const { path, uri } of files) {
      for (const d of vscode.languages.getDiagnostics(uri)) {
        fromEditor.push({
          path, line: d.range.start.line + 1, column: d.range.start.character + 1, severity: SEVERITY[d.severity],
          message: d.message, ...(d.source ? { source: d.source } : {}),
          ...(d.code !== undefined ? { code: String(typeof d.code === 'object' ? d.code.value : d.code) } : {}),
        });
      }
    }
    // The configured check command (if any) runs through the file-system workspace.
    return [...fromEditor, ...await this.files.diagnostics(paths, signal)];
  }

  runCommand(command: string, options?: RunOptions): Promise<CommandResult> {
    return this.files.runCommand(command, options);
  }
}
