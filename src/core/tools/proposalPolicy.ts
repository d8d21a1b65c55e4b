// What every proposed edit is checked against before anyone is asked to review it, whoever proposes
// it: the agent's write_file and patch, and a reply's code block the user applies. Each caller words
// a refusal for its reader (the model, or the user).
import { isRedactionMark, newPlaceholderLine } from '../edit';
import type { WriteTarget } from '../ports';
import { checkWritablePath, commandFileReason } from '../security';

export type ProposalCheck =
  | { ok: true; /** Why the file is always asked about: it decides what a command runs. */ runsCommands?: string }
  | { ok: false; kind: 'not-writable'; reason: string }
  /** A line the edit adds holds a redaction mark: it stands for a secret, and would replace the real one. */
  | { ok: false; kind: 'redaction-mark'; line: string };

export function checkProposal(target: Extract<WriteTarget, { ok: true }>, original: string | null, proposed: string): ProposalCheck {
  const policy = checkWritablePath(target.path);
  if (!policy.ok) return { ok: false, kind: 'not-writable', reason: policy.reason };
  const secret = newPlaceholderLine(proposed, original ?? '', isRedactionMark);
  if (secret !== undefined) return { ok: false, kind: 'redaction-mark', line: secret };
  const runsCommands = commandFileReason(target.path, target.realPath);
  return runsCommands ? { ok: true, runsCommands } : { ok: true };
}
