// A file that mixes CRLF and LF line endings cannot go through a VS Code document unchanged: VS Code
// makes its line endings uniform when it loads it (vscode#127), so saving the document after an edit
// rewrites every line ending, not just the edited lines'.

export function hasMixedLineEndings(text: string): boolean {
  const crlf = text.indexOf('\r\n');
  return crlf !== -1 && /(^|[^\r])\n/.test(text);
}

/** Why the review refuses such a file: what happened, and what the user can do. */
export function mixedLineEndingsMessage(rel: string): string {
  return `${rel} mixes Windows (CRLF) and Unix (LF) line endings, and VS Code makes them all the same when it opens a file: reviewing the edit in VS Code would rewrite every line ending in it. Nothing was changed. To edit it, the user can choose one line ending for the file (the CRLF/LF item in the status bar), save it, and ask again`;
}
