// A file whose line endings are not all one kind cannot go through a VS Code document unchanged: VS
// Code makes them uniform when it loads it (vscode#127), and it counts a lone CR (a pasted ^M inside
// a line) as a line ending too. Saving the document after an edit rewrites every line ending (and
// splits the lines holding a lone CR), not just the edited lines.

/** A CR that does not start a CRLF: VS Code reads it as a line break. */
const LONE_CR = /\r(?!\n)/;

export function hasMixedLineEndings(text: string): boolean {
  if (LONE_CR.test(text)) return true;
  const crlf = text.indexOf('\r\n');
  return crlf !== -1 && /(^|[^\r])\n/.test(text);
}

/** Why the review refuses such a file: what happened, and what the user can do. */
export function mixedLineEndingsMessage(rel: string, text: string): string {
  if (LONE_CR.test(text)) {
    return `${rel} has a carriage return (CR, ^M) that is not part of a line ending, and VS Code makes it a line break when it opens a file: reviewing the edit in VS Code would split that line in two. Nothing was changed. To edit it, the user can remove the stray CR (or write it as an escape such as \\r), save the file, and ask again`;
  }
  return `${rel} mixes Windows (CRLF) and Unix (LF) line endings, and VS Code makes them all the same when it opens a file: reviewing the edit in VS Code would rewrite every line ending in it. Nothing was changed. To edit it, the user can choose one line ending for the file (the CRLF/LF item in the status bar), save it, and ask again`;
}
