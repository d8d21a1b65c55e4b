// What the model and the user are told when a reply was stopped because it looped (see replyLoops.ts).
import type { ModelReply } from './modelReply';

type Loop = NonNullable<ModelReply['loop']>;

/** For the model: what happened, and what to do instead of writing it again. */
export function loopNote(loop: Loop): string {
  return `Your reply was stopped: it kept writing the same text (${loop.sample}) over and over. Calls in it that change files or run commands, and any call the loop cut off, were not run. Do not write that again: do the next step with one short tool call, or give a short final answer.`;
}

/** The result of a call held back because its reply looped (it may be part of the loop). */
export const NOT_RUN_LOOP = 'Not run: your reply was stopped because it kept repeating itself, so this call may be incomplete.';

/** For the user, when the reply is stopped. */
export function loopWarning(loop: Loop): string {
  return `The model kept writing the same text (${loop.sample}, ${loop.repeats} times); SmallCode stopped the reply there, so the server stops generating it.`;
}

/** The second loop of a run ends it: the model cannot get out by itself. */
export const LOOP_STOP = 'Stopped: the model fell into writing the same text over and over twice in this task. Try again with a more specific request, a lower temperature or a larger model.';
