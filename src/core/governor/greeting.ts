// Greeting regression: mid-task, the model answers as if the conversation just started ("Hello!
// How can I help you today?"). It has lost the task, usually because the context was trimmed or
// the system prompt fell out of a window that was too small. The fix is to put the task back.
// Only mid-task: to "hi" or "What can you do?", a greeting is the right answer, not a lost task.

import { visibleText } from './history';
import type { Intervention, TurnRecord } from './types';

/** One greeting is enough to act: a model that greets mid-task never finds its way back alone. */
export const GREETING_REINJECT_AT = 1;
/** The task re-injected twice and still greeting: the context is too broken to continue. */
export const GREETING_STOP_AT = 3;
/** A reply longer than this is doing real work even if it opens with "Hello". */
const MAX_GREETING_CHARS = 400;
/** The task as re-injected; longer tasks are cut (the plan carries the details). */
const MAX_TASK_CHARS = 800;

const ASKS_FOR_TASK = [
  /\bhow (?:can|may|could) i (?:help|assist)\b/i,
  /\bwhat (?:would|do) you (?:like|want|need) (?:me )?(?:to (?:do|help|work)|help with)\b/i,
  /\bwhat can i (?:do|help you with|help with)\b/i,
  /\bplease (?:provide|share|tell me|let me know|describe) (?:the |your |what )?(?:task|request|question|code|details|what you)\b/i,
  /\b(?:i'?m|i am) (?:here|ready|happy|glad) to help\b/i,
  /\bhow can i be of (?:help|assistance)\b/i,
];
/** "I've added the test. What would you like me to do next?" is a finished task, not a lost one. */
const REPORTS_WORK = /\b(?:done|complete[ds]?|finished|fixed|added|created|updated|implemented|changed|wrote|written|renamed|removed|refactored)\b/i;
const OPENS_WITH_GREETING = /^(?:hi|hello|hey|greetings|good (?:morning|afternoon|evening))(?: there)?\s*(?:[!,.]|$)/i;
/** A task that asks for work on the code: a verb of the trade, or a file, path, identifier or code span. */
const WORK_VERB = /\b(?:add|build|change|check|convert|create|debug|delete|document|edit|explain|find|fix|generate|implement|improve|install|list|look|make|migrate|move|optimi[sz]e|read|refactor|remove|rename|replace|review|run|search|show|summari[sz]e|test|update|write)\b/i;
const NAMES_CODE = /[\w-]+\.[a-z]{1,5}\b|[\w.-]*\/[\w.-]+|`[^`]+`|\b[a-z]+[A-Z]\w*|\b[a-z]+_\w+/;

/** The task asks for work (rather than being a greeting, or a question about the assistant itself). */
export function asksForWork(task: string): boolean {
  return WORK_VERB.test(task) || NAMES_CODE.test(task);
}

/**
 * What is left of a reply without its greeting and ask-for-a-task sentences, at this length or naming
 * code, is an answer: "cart.js exports total(items), which sums… What would you like me to do with it?"
 */
const ANSWER_CHARS = 60;

function asksOrGreets(sentence: string): boolean {
  return OPENS_WITH_GREETING.test(sentence) || ASKS_FOR_TASK.some((re) => re.test(sentence));
}

/** The reply says something besides the greeting and the question (an explanation, a finding). */
function carriesAnswer(text: string): boolean {
  const rest = text.split(/(?<=[.!?])\s+/).filter((sentence) => !asksOrGreets(sentence)).join(' ').trim();
  return rest.length >= ANSWER_CHARS || NAMES_CODE.test(rest);
}

/** A short reply that greets or asks what to do, with no sign of work done and no answer in it. */
export function looksLikeGreeting(turn: TurnRecord): boolean {
  if (turn.calls.length > 0) return false;
  const text = visibleText(turn.text);
  if (text === '' || text.length > MAX_GREETING_CHARS || REPORTS_WORK.test(text) || carriesAnswer(text)) return false;
  return ASKS_FOR_TASK.some((re) => re.test(text)) || (OPENS_WITH_GREETING.test(text) && text.length < 80);
}

export function detectGreetingRegression(history: readonly TurnRecord[], task: string): Intervention | undefined {
  const last = history[history.length - 1];
  if (!last || !looksLikeGreeting(last)) return undefined;
  // before any call, a greeting answers a task that is chit-chat itself: that is the final answer
  if (!history.some((turn) => turn.calls.length > 0) && !asksForWork(task)) return undefined;
  const n = history.filter(looksLikeGreeting).length;
  if (n >= GREETING_STOP_AT) {
    return { detector: 'greeting', severity: 'stop', message: `Stopped: the model lost track of the task ${n} times (it replied as if starting a new conversation).` };
  }
  if (n < GREETING_REINJECT_AT) return undefined;
  const t = task.trim();
  const shown = t.length > MAX_TASK_CHARS ? `${t.slice(0, MAX_TASK_CHARS)}…` : t;
  return {
    detector: 'greeting',
    severity: 'warn',
    message: `You are in the middle of a task. Do not greet or ask what to do. The task is:\n${shown}\nContinue with the next step now.`,
  };
}
