// Which files the code index should look at again: file events and saves in the workspace folder,
// gathered until a quiet moment (a branch switch or a formatter sends bursts) and handed over together.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { languageOf } from '../../core/codeIndex/languages';
import { isIgnoreFile } from '../../core/codeIndex/ignoreFiles';

/** File events arrive in bursts (a branch switch, a formatter): they are re-indexed together after this quiet time. */
const EVENT_DEBOUNCE_MS = 400;

export class IndexFileEvents implements vscode.Disposable {
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private subscriptions: vscode.Disposable[] = [];

  /** `quiet` is called after the burst; it takes the paths with `take` (when it has a worker to give them to). */
  constructor(private readonly quiet: () => void) {}

  get watching(): boolean { return this.subscriptions.length > 0; }

  watch(folder: vscode.WorkspaceFolder): void {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
    // Source files and ignore files (.gitignore, .git/info/exclude) on any event; anything else only when it appears or goes: it
    // may be a folder (deleted, renamed or moved as one event), whose files the index then reconciles.
    // What is ignored (.gitignore, node_modules, .git) the index's worker judges, by the walk's rules.
    const queue = (uri: vscode.Uri, appearedOrWent: boolean) => {
      if (uri.scheme !== 'file') return;
      const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
      if (!rel || rel.startsWith('..')) return;
      if (!appearedOrWent && !languageOf(rel) && !isIgnoreFile(rel)) return;
      this.pending.add(rel);
      clearTimeout(this.timer);
      this.timer = setTimeout(this.quiet, EVENT_DEBOUNCE_MS);
    };
    this.subscriptions.push(
      watcher, watcher.onDidCreate((uri) => queue(uri, true)), watcher.onDidChange((uri) => queue(uri, false)), watcher.onDidDelete((uri) => queue(uri, true)),
      vscode.workspace.onDidSaveTextDocument((document) => queue(document.uri, false)),
    );
  }

  /** Hands what is pending over now rather than after the quiet time: a lookup must not answer from before a save. */
  flush(): void {
    if (this.pending.size === 0) return;
    clearTimeout(this.timer);
    this.quiet();
  }

  /** The paths gathered so far (workspace-relative, `/`), no longer pending. */
  take(): string[] {
    const paths = [...this.pending];
    this.pending.clear();
    return paths;
  }

  /** Stops watching and forgets what was pending (a new worker's update walks the whole workspace). */
  dispose(): void {
    clearTimeout(this.timer);
    this.pending.clear();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
