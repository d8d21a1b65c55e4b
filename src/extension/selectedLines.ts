// The lines a selection in an editor covers, as Fix selection and `@selection` name them. A selection
// that ends at the very start of a line does not take that line: it is how VS Code selects whole lines
// (a drag in the gutter, Shift+Down, Ctrl+L, a triple-click), and VS Code's own line commands read it
// the same way. Their text is what "Save and Fix" checks is still there before it saves the file. No
// `vscode` import.

interface Position { line: number; character: number }

/** First and last line (0-based) of the lines the selection covers. */
export function selectedLines(selection: { start: Position; end: Position }): { first: number; last: number } {
  const { start, end } = selection;
  return { first: start.line, last: end.character === 0 && end.line > start.line ? end.line - 1 : end.line };
}

interface Lines { lineCount: number; lineAt(line: number): { text: string } }

/** The text of the lines the selection covers (undefined: the document no longer has them). */
export function selectedText(document: Lines, selection: { start: Position; end: Position }): string | undefined {
  const { first, last } = selectedLines(selection);
  if (last >= document.lineCount) return undefined;
  const lines: string[] = [];
  for (let line = first; line <= last; line++) lines.push(document.lineAt(line).text);
  return lines.join('\n');
}
