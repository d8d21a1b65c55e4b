// A patch's `start_line` numbers the file as the model last read it. Once the file was written since
// then, the number may point at another copy of a repeated region: such a patch goes without it. That
// is so for a file written in an earlier turn and not read since (`writtenSinceRead`, kept by the run),
// and for one an earlier call of the same reply edited (a patch, a write, a SEARCH/REPLACE block read
// as a patch) or may have (a command: `sed -i`, a formatter). One match then applies; several are
// refused with the places they match now, which the model can answer with a current line.
import { pathKey } from '../security';
import type { ToolCall } from '../parse';

/** The tools whose call changes a file's lines (both take `path`). */
const EDITS_LINES = new Set(['patch', 'write_file']);
/** A command may change any file. */
const MAY_EDIT_ANY = 'run';
const NONE: ReadonlySet<string> = new Set();

/** `writtenSinceRead`: files (as `pathKey` spells them) written in earlier turns whose lines the model has not seen since. */
export function withoutStaleLineHints(calls: ToolCall[], writtenSinceRead: ReadonlySet<string> = NONE): ToolCall[] {
  const edited = new Set(writtenSinceRead);
  let anyEdited = false;
  return calls.map((call) => {
    if (call.name === MAY_EDIT_ANY) anyEdited = true;
    if (!EDITS_LINES.has(call.name) || typeof call.arguments.path !== 'string') return call;
    const file = pathKey(call.arguments.path);
    const stale = (anyEdited || edited.has(file)) && call.name === 'patch' && 'start_line' in call.arguments;
    edited.add(file);
    if (!stale) return call;
    const { start_line: _stale, ...rest } = call.arguments;
    return { ...call, arguments: rest };
  });
}
