// What a message's `@` mentions attach, from the text as it is sent (mentionsInText): a new message, a
// task recalled with Up-arrow, an Edit and resend, `/plan <task>`. A mention that cannot be attached
// (no selection, no such file) is said to the user and to the model, never sent as bare text that
// the model would guess at. No vscode here: the resolver is passed in (src/extension/mentions.ts).
import type { MentionRef } from '../shared/chatProtocol';
import { mentionsInText, wasPicked } from '../shared/mentionText';

/** What one mention stands for: its text for the model, or why it could not be attached (`absent`: no such file). */
export type ResolvedMention = { text: string } | { missing: string; absent?: boolean };
export type ResolveMention = (ref: MentionRef) => Promise<ResolvedMention>;

export interface MentionAttachment {
  /** What follows the typed text in the task ('' for none): the mentions' texts, and which were not attached. */
  text: string;
  /** Each mention not attached, with why, for the user ("@selection (nothing is selected in the editor)"). */
  missing: string[];
}

export const NO_ATTACHMENT: MentionAttachment = { text: '', missing: [] };

/** A word with no dot or slash is a decorator or a handle (`@property`, `@ann`) unless such a file exists. */
const looksLikePath = (value: string) => /[./\\]/.test(value);

/** `picked`: the paths picked from the completion list, which spell paths with spaces. */
export async function attachMentions(text: string, picked: readonly MentionRef[], resolve: ResolveMention): Promise<MentionAttachment> {
  const refs = mentionsInText(text, picked);
  const resolved = await Promise.all(refs.map(async (ref) => ({ ref, result: await resolve(ref) })));
  const parts: string[] = [];
  const missing: string[] = [];
  for (const { ref, result } of resolved) {
    if ('text' in result) {
      parts.push(result.text);
      continue;
    }
    if (ref.kind === 'file' && result.absent && !looksLikePath(ref.value) && !wasPicked(ref, picked)) continue;
    // the model is told too, so it asks for what is missing instead of guessing at it
    parts.push(`${ref.kind === 'file' ? `File ${ref.value}` : `@${ref.value}`}: not attached (${result.missing})`);
    missing.push(`@${ref.value} (${result.missing})`);
  }
  return { text: parts.join('\n\n'), missing };
}

/** The chat's notice for mentions that were not attached. */
export function notAttachedNotice(missing: readonly string[]): string {
  return `Not attached: ${missing.join('; ')}. The message went without ${missing.length === 1 ? 'it' : 'them'}, and the model was told. Fix that, then use Edit and resend.`;
}
