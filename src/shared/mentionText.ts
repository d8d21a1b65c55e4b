// Which `@` mentions a message holds, read from its text: the one owner of that question, so a mention
// typed in full, picked from the list, recalled with Up-arrow or written in Edit and resend means the
// same. The host resolves what this finds (src/extension/mentionAttachments.ts); the panel only keeps
// the paths picked from the list that are still in the draft (pickedIn).
import type { MentionKind, MentionRef } from './chatProtocol';

export const SPECIAL_MENTIONS: readonly Exclude<MentionKind, 'file'>[] = ['selection', 'problems'];

/** Code in a message (fenced blocks, `spans`) holds no mentions: an `@Override` or `@app.route` there is code. */
const CODE = /(`{3,}|~{3,})[\s\S]*?(?:\1|$(?![\s\S]))|`[^`\n]*`/g;
/** `@` at the start or after white space: not an e-mail address's. */
const AT = /(?:^|(?<=\s))@/g;
const TOKEN = /^[^\s@`]+/;
/** Sentence punctuation after a mention is not part of it ("explain @selection."). */
const TRAILING = /[.,;:!?)\]}'"]+$/;
const ENDS_MENTION = /^(?:$|[\s.,;:!?)\]}'"])/;

/**
 * The mentions in `text`, in order, each once. `picked`: paths picked from the completion list, which
 * spell a path with spaces (a typed token ends at the first space). `@selection` and `@problems` are
 * the special items; any other `@token` names a file (the host tells whether there is one).
 */
export function mentionsInText(text: string, picked: readonly MentionRef[] = []): MentionRef[] {
  const prose = text.replace(CODE, (code) => ' '.repeat(code.length));
  const spelled = picked.filter((m) => m.kind === 'file').map((m) => m.value).sort((a, b) => b.length - a.length);
  const found = new Map<string, MentionRef>();
  for (const at of prose.matchAll(AT)) {
    const rest = prose.slice(at.index + 1);
    const path = spelled.find((p) => rest.startsWith(p) && ENDS_MENTION.test(rest.slice(p.length)));
    const token = path ?? TOKEN.exec(rest)?.[0].replace(TRAILING, '');
    if (!token) continue;
    const special = SPECIAL_MENTIONS.find((s) => s === token.toLowerCase());
    const ref: MentionRef = !path && special ? { kind: special, value: special } : { kind: 'file', value: token };
    found.set(`${ref.kind}:${ref.value}`, ref);
  }
  return [...found.values()];
}

/** Whether `ref`, a mention found in a text, is one of those picked from the list. */
export function wasPicked(ref: MentionRef, picked: readonly MentionRef[]): boolean {
  return picked.some((p) => p.kind === ref.kind && p.value === ref.value);
}

/**
 * The mentions picked from the list that `text` still holds, each once: what the panel keeps with the
 * draft, and the host with the message (for Edit and resend).
 */
export function pickedIn(text: string, picked: readonly MentionRef[]): MentionRef[] {
  return mentionsInText(text, picked).filter((m) => wasPicked(m, picked));
}
