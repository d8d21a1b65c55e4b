// The slip that made a call unreadable, in words the model can act on (the parser finds it; see
// parse/unescapedQuote.ts). Empty when nothing plain explains it: the generic retry note stands alone.
import { findUnescapedQuote } from '../parse';

export function callSlipNote(text: string): string {
  const slip = findUnescapedQuote(text);
  if (!slip) return '';
  const where = slip.key !== undefined ? `The "${slip.key}" value` : 'A string value';
  const lines = slip.rawLineBreak ? ' and each line break as \\n' : '';
  return `${where} has a " that is not escaped, so the string ended early. Inside a JSON string, write each " as \\"${lines}.`;
}
