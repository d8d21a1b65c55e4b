// What tree-sitter is given to parse for a file: its text, except where a grammar needs help. The
// offsets, lines and columns are always those of the file (names and signatures are read from it).
import type { LanguageId } from './languages';
import { blankPythonCommentLines } from './pythonComments';

export function textToParse(language: LanguageId, source: string): string {
  return language === 'python' ? blankPythonCommentLines(source) : source;
}
