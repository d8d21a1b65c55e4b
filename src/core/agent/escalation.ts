// Escalation, opt-in: when the governor gives up on a task (a loop, a patch spiral, calls it cannot
// read), SmallCode may offer to hand the current step to a stronger endpoint the user configured (a
// cloud model, say). Never silently: the user sees what would be sent (tokens, files) and confirms each
// time, within a cap per session; the trace marks the turns that went out.
import type { ChatLike } from './modelReply';

export interface EscalationOffer {
  /** What the governor found. */
  reason: string;
  /** The conversation as the next request sends it, in tokens. */
  promptTokens: number;
  /** Files whose content is in the conversation (read or written by this task). */
  files: string[];
  model: string;
  endpoint: string;
  /** Escalations left in this session after this one. */
  remaining: number;
}

export interface EscalationOptions {
  /** The stronger endpoint's client. */
  client: ChatLike;
  /** Where it is, for the offer (the client's base URL). */
  endpoint: string;
  /** Shows the offer and waits for the user's answer; false (or a throw) means no. */
  confirm(offer: EscalationOffer, signal?: AbortSignal): Promise<boolean>;
  /** Escalations per session (default 3). */
  maxPerSession?: number;
  /** Model requests the stronger model may make for the step before the local model takes over again (default 4). */
  turns?: number;
}

/** The note that tells the stronger model where it comes in. */
export function escalationNote(reason: string): string {
  return `A stronger model takes over this step because the previous one was stuck: ${reason}\nContinue the task from here.`;
}

/** The files a task's calls touched (their content is in the conversation). */
export function filesInPlay(calls: readonly { name: string; args: Record<string, unknown> }[], written: Iterable<string>): string[] {
  const files = new Set(written);
  for (const c of calls) if (typeof c.args.path === 'string' && c.name !== 'search') files.add(c.args.path);
  return [...files].sort();
}
