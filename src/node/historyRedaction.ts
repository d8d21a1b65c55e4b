// What a history save writes, with its secrets hidden — at a cost that follows what changed since the
// last save, not the conversation's size (a save runs after every run, on the extension host's main
// thread). The rules are the core's (redactedMessage, redactTaskText, redactStructured, scrubKnown…);
// this file only splits the record into units (each model message, each transcript entry, each field
// and list item of the host's extra), walks them exactly as the whole-record functions would, and keeps
// each unit's result:
// - redacted: the unit with its secrets hidden, and the values it found secret (in the order found);
// - scrubbed: that, with every value found secret anywhere hidden in it, for the list of values it was
//   scrubbed with. The list is the union of the units' finds, in the order a whole-record walk finds them
//   (the order matters when two values overlap), so a secret found late is hidden in earlier units too.
// A unit is known by its content (entries change in place while a reply streams, so identity would not
// do). The result is byte for byte what a save without the cache writes (test/unit/node/historyRedaction).
import { callPaths, redactedMessage, scrubbedConversation, scrubbedMessage, type AgentConversation } from '../core/agent';
import type { ChatMessage } from '../core/llm';
import { mapStringValues, redactSecrets, redactStructured, redactTaskText, scrubKnownValues } from '../core/security';

/** Fields of the transcript and the host's extra that name or classify rather than say: never scrubbed. */
export const STRUCTURAL_KEYS: ReadonlySet<string> = new Set(['id', 'entry', 'role', 'level', 'action', 'state', 'name', 'type']);

/** The part of a saved conversation its redaction changes. */
export interface RedactedParts {
  title: string;
  model: string;
  endpoint: string;
  transcript: unknown[];
  extra: Record<string, unknown>;
  conversation: AgentConversation;
}

interface Unit {
  redacted: unknown;
  /** Values found secret: by the model side's rules, or by the task-text pass and the structure pass of the rest. */
  found: { model: string[]; text: string[]; structure: string[] };
  scrubbedWith?: string;
  scrubbed?: unknown;
}

/** Where a unit of the rest sits: its value is redacted as at that depth of the whole record. */
interface RestUnit {
  value: unknown;
  depth: number;
}

export class HistoryRedaction {
  /** By kind and content; rebuilt on each save so it holds only the units of the conversation last saved. */
  private units = new Map<string, Unit>();

  redact(record: RedactedParts): RedactedParts {
    const used = new Map<string, Unit>();
    const unit = (key: string, make: () => Unit): Unit => {
      const found = used.get(key) ?? this.units.get(key) ?? make();
      used.set(key, found);
      return found;
    };
    const paths = callPaths(record.conversation.messages);
    const messages = record.conversation.messages.map((m) => {
      const path = m.role === 'tool' ? paths.get(m.tool_call_id) : undefined;
      return unit(`m\0${path ?? ''}\0${JSON.stringify(m)}`, () => {
        const model = new Set<string>();
        return { redacted: redactedMessage(m, path, model), found: { model: [...model], text: [], structure: [] } };
      });
    });
    const restUnits: RestUnit[] = [];
    walkRest(record, (u) => void restUnits.push(u));
    const rest = restUnits.map((u) => unit(`r${u.depth}\0${JSON.stringify(u.value)}`, () => redactedRest(u)));

    // the values found secret, in the order the whole-record walk finds them: the model side, then the
    // rest's task texts, then the rest's structure
    const modelKnown = new Set(messages.flatMap((m) => m.found.model));
    const known = new Set(modelKnown);
    for (const pass of ['text', 'structure'] as const) for (const u of rest) for (const v of u.found[pass]) known.add(v);
    const knownKey = JSON.stringify([...known]);
    const modelKey = `${JSON.stringify([...modelKnown])}\0${knownKey}`;

    const scrubbed = (u: Unit, key: string, scrub: (value: unknown) => unknown): unknown => {
      if (u.scrubbedWith !== key) {
        u.scrubbed = scrub(u.redacted);
        u.scrubbedWith = key;
      }
      return u.scrubbed;
    };
    const safeMessages = messages.map((u) => scrubbed(u, modelKey, (m) => scrubbedMessage(scrubbedMessage(m as ChatMessage, modelKnown), known)) as ChatMessage);
    const safeRest = rest.map((u) => scrubbed(u, knownKey, (v) => scrubKnownValues(v, known, STRUCTURAL_KEYS)));
    this.units = used;

    const summary = scrubbedConversation(scrubbedConversation({ ...record.conversation, messages: [], summary: redactSecrets(record.conversation.summary) }, modelKnown), known).summary;
    let next = 0;
    return {
      ...walkRest(record, () => safeRest[next++]),
      conversation: { version: record.conversation.version, messages: safeMessages, summary, tasks: [...record.conversation.tasks] },
    };
  }
}

/** A unit of the rest, redacted as the whole-record walk would: its task texts, then its structure. */
function redactedRest(u: RestUnit): Unit {
  const text = new Set<string>();
  const structure = new Set<string>();
  // texts may hold attached files (the task as sent, in `extra`): a .env one has its values hidden whole
  const redacted = redactStructured(mapStringValues(u.value, (t) => redactTaskText(t, text), STRUCTURAL_KEYS), structure, u.depth);
  return { redacted, found: { model: [], text: [...text], structure: [...structure] } };
}

/**
 * The record's fields besides the model side, walked as units: each field as a one-key object (a key is
 * looked at by both walks: kept, or a secret's name), except that a list's items are units of their own
 * (at the depth the walk reaches them) and so are the fields of `extra`. Returns the rest as built from
 * what `visit` gives for each unit, in order.
 */
function walkRest(record: RedactedParts, visit: (u: RestUnit) => unknown): Omit<RedactedParts, 'conversation'> {
  const walk = (object: Record<string, unknown>, depth: number, nested: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      if (!STRUCTURAL_KEYS.has(key) && Array.isArray(value)) out[key] = value.map((item) => visit({ value: item, depth: depth + 2 }));
      else if (!STRUCTURAL_KEYS.has(key) && nested && isPlainObject(value)) out[key] = walk(value, depth + 1, false);
      else Object.assign(out, visit({ value: { [key]: value }, depth }));
    }
    return out;
  };
  return walk({ title: record.title, model: record.model, endpoint: record.endpoint, transcript: record.transcript, extra: record.extra }, 0, true) as Omit<RedactedParts, 'conversation'>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}
