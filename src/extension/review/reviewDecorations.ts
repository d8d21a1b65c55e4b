// Pending hunks shown inline in the real file's editor: removed lines on the diff editor's removed
// background, and after the line where new lines would go, a ghost of the first one with a count.
// Hovering a hunk shows all of it as a diff. Colours come from the theme.
import * as vscode from 'vscode';
import type { PlacedHunk } from '../../core/edit';

const MAX_GHOST = 80;

export class ReviewDecorations implements vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    after: {
      margin: '0 0 0 2em',
      color: new vscode.ThemeColor('editorGhostText.foreground'),
      backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
    },
  });

  render(editor: vscode.TextEditor, placed: readonly PlacedHunk[]): void {
    const removed: vscode.DecorationOptions[] = [];
    const added: vscode.DecorationOptions[] = [];
    const lastLine = editor.document.lineCount - 1;
    for (const p of placed) {
      const lines = p.shape;
      const hover = new vscode.MarkdownString().appendMarkdown(`**SmallCode proposes** (hunk ${p.hunk.index + 1}):`).appendCodeblock(p.hunk.lines.join('\n'), 'diff');
      for (const line of lines.removed) removed.push({ range: editor.document.lineAt(Math.min(line, lastLine)).range, hoverMessage: hover });
      for (const addition of lines.additions) {
        const at = Math.min(Math.max(addition.afterLine, 0), lastLine);
        const first = addition.lines[0]!.trim();
        const more = addition.lines.length > 1 ? `  (+${addition.lines.length - 1} more line${addition.lines.length > 2 ? 's' : ''})` : '';
        const ghost = `+ ${first.length > MAX_GHOST ? `${first.slice(0, MAX_GHOST)}…` : first}${more}`;
        const end = editor.document.lineAt(at).range.end;
        added.push({ range: new vscode.Range(end, end), hoverMessage: hover, renderOptions: { after: { contentText: ghost } } });
      }
    }
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.added, added);
  }

  clear(editor: vscode.TextEditor): void {
    editor.setDecorations(this.removed, []);
    editor.setDecorations(this.added, []);
  }

  dispose(): void {
    this.removed.dispose();
    this.added.dispose();
  }
}
