// `@` mentions on the host side: workspace files for the chat's completion list (ranked by the core's
// fuzzy scorer, which imports nothing and so is bundled here: no core load on the first keystroke), and what a mention stands for when the message is sent (a file's text, the
// active selection, the problems list), capped so a mention cannot flood a small context window.
// A mentioned file is read through the same Workspace as the read_file tool: contained in the
// workspace (symlinks resolved), never from .git, unsaved editor text included.
import * as vscode from 'vscode';
import type { MentionItem, MentionRef } from '../shared/chatProtocol';
import type { ResolvedMention } from './mentionAttachments';
import { VsCodeWorkspace } from './agentHost/vscodeWorkspace';
import { SEVERITY } from './diagnosticSeverity';
import { selectedLines } from './selectedLines';
import { localWorkspace } from './localWorkspace';
import { loadCore } from './lazyCore';
import { errorMessage } from '../core/errorMessage';
import { fuzzyRank } from '../core/fuzzyMatch';

// Build output and dependencies, and SmallCode's own state (traces, memory): never worth attaching.
const EXCLUDE = '**/{node_modules,.git,.smallcode,dist,out,build,coverage,.venv,__pycache__}/**';
const MAX_FILES = 20_000;
const MAX_RESULTS = 30;
/** Characters of a mentioned file or selection passed on (about 2k tokens). */
const MAX_MENTION_CHARS = 8_000;
const MAX_PROBLEMS = 50;

/** The workspace's file paths, listed once and kept current by a watcher (creations and deletions only). */
export class WorkspaceFileIndex implements vscode.Disposable {
  private paths: Promise<string[]> | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);

  constructor() {
    const invalidate = () => { this.paths = undefined; };
    this.watcher.onDidCreate(invalidate);
    this.watcher.onDidDelete(invalidate);
  }

  async search(query: string): Promise<MentionItem[]> {
    this.paths ??= Promise.resolve(vscode.workspace.findFiles('**/*', EXCLUDE, MAX_FILES))
      .then((uris) => uris.map((uri) => vscode.workspace.asRelativePath(uri, false)).sort());
    const listing = this.paths;
    const paths = await listing.catch((error: unknown) => {
      if (this.paths === listing) this.paths = undefined; // try again on the next keystroke
      throw error;
    });
    return fuzzyRank(query, paths, (p) => p, MAX_RESULTS).map(({ item, matches }) => {
      const slash = item.lastIndexOf('/');
      return { kind: 'file' as const, value: item, detail: slash > 0 ? item.slice(0, slash) : '', matches };
    });
  }

  dispose(): void {
    this.watcher.dispose();
  }
}

function capped(text: string): string {
  return text.length > MAX_MENTION_CHARS ? `${text.slice(0, MAX_MENTION_CHARS)}\n[… cut at ${MAX_MENTION_CHARS} characters]` : text;
}

/** What one mention stands for, as text for the model, or why there is nothing to attach (no selection, no such file). */
export async function resolveMention(ref: MentionRef): Promise<ResolvedMention> {
  switch (ref.kind) {
    case 'selection': {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) return { missing: 'nothing is selected in the editor' };
      const { first, last } = selectedLines(editor.selection);
      const path = vscode.workspace.asRelativePath(editor.document.uri, false);
      return { text: loadCore().selectionText(path, first + 1, last + 1, capped(editor.document.getText(editor.selection))) };
    }
    case 'problems': {
      const lines = vscode.languages.getDiagnostics()
        .flatMap(([uri, diagnostics]) => diagnostics
          .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning)
          .map((d) => `${vscode.workspace.asRelativePath(uri, false)}:${d.range.start.line + 1}: ${SEVERITY[d.severity]}: ${d.message}`));
      if (lines.length === 0) return { text: 'Problems: none.' };
      const shown = lines.slice(0, MAX_PROBLEMS);
      return { text: `Problems (${lines.length}):\n${shown.join('\n')}${lines.length > shown.length ? `\n[… ${lines.length - shown.length} more]` : ''}` };
    }
    case 'file': {
      const files = localWorkspace();
      if (!files) return { missing: 'no folder is open' };
      try {
        const file = await new VsCodeWorkspace(files).readFile(ref.value);
        return { text: loadCore().attachedFileText(file.path, capped(file.content)) };
      } catch (error) {
        // Gone, or refused (outside the workspace, .git, binary, too large): which and why.
        const absent = (error as { code?: unknown }).code === 'not-found';
        return absent ? { missing: 'no such file in the workspace', absent } : { missing: errorMessage(error) };
      }
    }
  }
}
