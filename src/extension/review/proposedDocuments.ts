// Read-only virtual documents under the `smallcode-proposed:` scheme: the proposed content shown on
// the right of the review diff (and the empty "before" of a new file). The URI keeps the file's
// path so VS Code picks the right language; the query tells proposals apart.
import * as vscode from 'vscode';

export const PROPOSED_SCHEME = 'smallcode-proposed';

export class ProposedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  static uriFor(relPath: string, id: string, side: 'proposed' | 'empty'): vscode.Uri {
    return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${relPath}`, query: `${side}=${id}` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, content: string): void {
    if (this.contents.get(uri.toString()) === content) return;
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  delete(uri: vscode.Uri): void {
    this.contents.delete(uri.toString());
  }

  dispose(): void {
    this.contents.clear();
    this.changed.dispose();
  }
}
