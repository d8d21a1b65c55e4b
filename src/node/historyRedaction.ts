// What a history save writes, with its secrets hidden — at a cost that follows what changed since the
// last save, not the conversation's size (a save runs after every run, on the extension host's main
// thread; a whole-record redaction took ~0.5 s for 3 MB: bench/historySave). The rules are the core's
// (redactedMessage, redactTaskText, redactStructured, scrubKnown…); this file splits the record into
// units (each model message, each transcript entry, each field and list item of the host's extra), walks
// them exactly as the whole-record functions would, and keeps each unit's result:
// - redacted: the unit with its secrets hidden, and the values it found secret (in the order found);
// - scrubbed: that, with the values found secret anywhere hidden in it. They are the union of the units'
//   finds, in the order a whole-record walk finds them (the order matters when two values overlap), so a
//   secret found late is hidden in earlier units too; a unit is scrubbed again only when the known values
//   that may change it changed (see canChange).
// A unit is known by its content (entries change in place while a reply streams, and the host hands
// copies of the model's messages, so identity would not do); the record is plain data. The result is byte
// for byte what a save without the cache writes (test/unit/node/historyRedaction.test.ts).
import { callPaths, promptContext, writtenKept, redactedMessage, scrubbedConversation, scrubbedMessage, type AgentConversation } from '../core/agent';
import type { ChatMessage } from '../core/llm';
import { mapStringValues, REDACTED, redactSecrets, redactStructured, redactTaskText, scrubKnown, scrubKnownValues } from '../core/security';

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
  /** The texts a scrub of it looks in, joined: a value found in none of them leaves it as it is (see canChange). */
  text: string;
  /** Known values that may change it, among those of `checkedWith` (the known set of a save: no copy per unit). */
  relevant: Set<string>;
  checkedWith?: ReadonlySet<string>;
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

  /**
   * `record` with its secrets hidden. `known`: values already found secret in this conversation (by an
   * earlier save, the chat's cards, the trace), hidden too though what revealed them is gone from the
   * record (compaction evicts old tool results); the values found now are added to it.
   */
  redact(record: RedactedParts, known: Set<string> = new Set()): RedactedParts {
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
        const redacted = redactedMessage(m, path, model);
        return { redacted, found: { model: [...model], text: [], structure: [] }, text: textOf(redacted), relevant: new Set() };
      });
    });
    const restUnits: RestUnit[] = [];
    walkRest(record, (u) => void restUnits.push(u));
    const rest = restUnits.map((u) => unit(`r${u.depth}\0${JSON.stringify(u.value)}`, () => redactedRest(u)));

    // the values found secret, in the order the whole-record walk finds them: the model side, then the
    // rest's task texts, then the rest's structure
    const modelKnown = new Set(messages.flatMap((m) => m.found.model));
    const found = new Set(modelKnown);
    for (const pass of ['text', 'structure'] as const) for (const u of rest) for (const v of u.found[pass]) found.add(v);
    // then those known before, which nothing in the record shows any more
    for (const v of known) found.add(v);
    for (const v of found) known.add(v);
    return this.scrub(record, messages, rest, modelKnown, found, used);
  }

  /** The units with `known` hidden in them (a new set each save: units compare it by identity), put together as the record. */
  private scrub(record: RedactedParts, messages: Unit[], rest: Unit[], modelKnown: ReadonlySet<string>, known: ReadonlySet<string>, used: Map<string, Unit>): RedactedParts {
    // a unit is scrubbed again only when the known values that may change it changed: those it contains
    // (tested once per unit and value)
    const scrubbed = (u: Unit, sets: ReadonlySet<string>[], scrub: (value: unknown, sets: ReadonlySet<string>[]) => unknown): unknown => {
      for (const v of known) if (!u.checkedWith?.has(v) && canChange(v, u.text)) u.relevant.add(v);
      u.checkedWith = known;
      const narrowed = sets.map((set) => (set.size === 0 ? undefined : [...set].filter((v) => u.relevant.has(v))));
      const key = JSON.stringify(narrowed);
      if (u.scrubbedWith !== key) {
        u.scrubbed = scrub(u.redacted, narrowed.map((values, i) => withStandIn(values, sets[i]!)));
        u.scrubbedWith = key;
      }
      return u.scrubbed;
    };
    const safeMessages = messages.map((u) => scrubbed(u, [modelKnown, known], (m, [first, all]) => scrubbedMessage(scrubbedMessage(m as ChatMessage, first!), all!)) as ChatMessage);
    const safeRest = rest.map((u) => scrubbed(u, [known], (v, [all]) => scrubKnownValues(v, all!, STRUCTURAL_KEYS)));
    this.units = used;

    // the summary and the prompt context (repo map, pinned) as redactedConversation hides them
    const { written, ...conversation } = record.conversation;
    const texts = { ...conversation, messages: [], summary: redactSecrets(record.conversation.summary), ...promptContext(record.conversation, redactSecrets) };
    const { summary, ...context } = scrubbedConversation(scrubbedConversation(texts, modelKnown), known);
    let next = 0;
    return {
      ...walkRest(record, () => safeRest[next++]),
      conversation: {
        version: record.conversation.version, messages: safeMessages, summary, tasks: [...record.conversation.tasks], ...promptContext(context),
        ...writtenKept(written, record.conversation.messages, safeMessages, (t) => scrubKnown(scrubKnown(redactSecrets(t), modelKnown), known)),
      },
    };
  }
}

/** A unit of the rest, redacted as the whole-record walk would: its task texts, then its structure. */
function redactedRest(u: RestUnit): Unit {
  const text = new Set<string>();
  const structure = new Set<string>();
  const redacted = redactedValue(u.value, text, structure, u.depth);
  return { redacted, found: { model: [], text: [...text], structure: [...structure] }, text: textOf(redacted), relevant: new Set() };
}

/** A transcript entry or a field of the host's extra with its secrets hidden (before the known values are scrubbed from it). */
function redactedValue(value: unknown, textFound: Set<string>, structureFound: Set<string>, depth = 0): unknown {
  // texts may hold attached files (the task as sent, in `extra`): a .env one has its values hidden whole
  return redactStructured(mapStringValues(value, (t) => redactTaskText(t, textFound), STRUCTURAL_KEYS), structureFound, depth);
}

/**
 * One transcript entry as the panel's copy in workspace state keeps it: redacted as a history save
 * redacts it, with the `known` values (those the conversation found secret, a .env file's) hidden too;
 * values it finds secret are added to `known`.
 */
export function redactedEntry<T>(entry: T, known: Set<string>): T {
  return scrubKnownValues(redactedValue(entry, known, known), known, STRUCTURAL_KEYS) as T;
}

/** Every string in `value`, and in what its strings hold as JSON (a call's arguments), joined by NUL. */
function textOf(value: unknown): string {
  const texts: string[] = [];
  mapStringValues(value, (t) => {
    texts.push(t);
    if (/^\s*[[{"]/.test(t)) {
      try {
        mapStringValues(JSON.parse(t), (inner) => {
          texts.push(inner);
          return inner;
        });
      } catch { /* not JSON: the text itself is what a scrub looks in */ }
    }
    return t;
  });
  return texts.join('\0');
}

/**
 * Whether hiding `value` may change a unit whose texts are `text`. scrubKnown replaces each known value
 * (as written and JSON-escaped) in turn with REDACTED: a value that occurs in none of the texts can still
 * occur in one after earlier replacements only across an inserted REDACTED, which takes a bracket, the
 * inside of REDACTED, or a character that could pair with one next to it (NUL, a surrogate): such values
 * always count. So leaving out the others does not change a byte, in whatever order they come.
 */
function canChange(value: string, text: string): boolean {
  return [value, JSON.stringify(value).slice(1, -1)].some((form) => /[[\]\0\uD800-\uDFFF]/.test(form) || REDACTED.includes(form) || text.includes(form));
}

/**
 * The values to scrub a unit with: those that may change it (undefined: none are known). scrubKnown does
 * nothing for no values at all but walks and rebuilds the unit for any (a call's arguments are parsed
 * and written again), so when none may change it but some are known, the first known stands in (its
 * replacement changes nothing).
 */
function withStandIn(values: string[] | undefined, known: ReadonlySet<string>): ReadonlySet<string> {
  return new Set(values === undefined ? [] : values.length ? values : [known.values().next().value!]);
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
