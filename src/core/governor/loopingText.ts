// A reply that has fallen into a loop: the same stretch of text, from one character to a paragraph,
// written over and over ("the the the", one line again and again, a block repeated) until max_tokens.
// Small models do this at low temperature, and on a laptop the loop costs the whole reply reserve in
// generation time (4,096 tokens at 10 tokens/s: seven minutes) for nothing. The stream is watched and
// stopped once its end has repeated one stretch long enough that no real answer or code does.

/** Longest stretch a loop is looked for with (a paragraph, a few lines of code). */
export const LOOP_MAX_PERIOD = 400;
/** A loop spans at least this many characters (about 300–400 tokens of waste)… */
export const LOOP_MIN_SPAN = 1_200;
/** …and repeats its stretch at least this many times (two or three equal blocks can be meant). */
export const LOOP_MIN_REPEATS = 4;
/**
 * In code and tool arguments a loop must span this much: data is written there, and data repeats (a grid
 * of zeros, a CSV of equal rows, a blank map, a fixture of equal objects all repeat for 1–4k characters).
 * Measured on such files in the review of this watch: all of them pass at 6,000, and a loop in code still
 * stops about 1,500 tokens in, where it used to run to the reply's limit.
 */
export const LOOP_MIN_SPAN_IN_CODE = 6_000;
/** How much new text arrives between two looks (each look is cheap, but not per token). */
const CHECK_EVERY = 256;

export interface TextLoop {
  /** Length of the repeated stretch. */
  period: number;
  /** Where the repetition begins: the text up to `start + period` holds the stretch once. */
  start: number;
  /** How many times the stretch was written (whole copies). */
  repeats: number;
}

/** The loop `text` ends in (the shortest stretch that makes one), or undefined. */
export function loopAtEnd(text: string): TextLoop | undefined {
  const n = text.length;
  if (n < LOOP_MIN_SPAN) return undefined;
  for (let period = 1; period <= LOOP_MAX_PERIOD && period * 2 <= n; period++) {
    // how far back from the end each character equals the one a period before it
    let i = n - 1;
    while (i >= period && text.charCodeAt(i) === text.charCodeAt(i - period)) i--;
    const span = n - 1 - i + period;
    if (span >= LOOP_MIN_SPAN && span / period >= LOOP_MIN_REPEATS) return { period, start: n - span, repeats: Math.floor(span / period) };
  }
  return undefined;
}

/** The text with a loop reduced to its stretch written once. */
export function withoutLoop(text: string, loop: TextLoop): string {
  return text.slice(0, loop.start + loop.period);
}

/** Follows a streamed text; says when it has fallen into a loop. */
export class LoopWatch {
  private text = '';
  private checkedAt = 0;

  /** Adds what arrived; the loop once the text ends in one. */
  push(delta: string): TextLoop | undefined {
    this.text += delta;
    if (this.text.length - this.checkedAt < CHECK_EVERY) return undefined;
    this.checkedAt = this.text.length;
    return loopAtEnd(this.text);
  }

  get seen(): string {
    return this.text;
  }
}

/** What the stretch was, for a message: its first characters on one line, or what kind of blank it is. */
export function loopSample(text: string, loop: TextLoop): string {
  const raw = text.slice(loop.start, loop.start + loop.period);
  const stretch = raw.replace(/\s+/gu, ' ').trim();
  if (!stretch) return raw.includes('\n') ? 'blank lines' : 'spaces';
  return `"${stretch.length > 60 ? `${stretch.slice(0, 60)}…` : stretch}"`;
}

/** Whether `before` ends inside a ``` or ~~~ code fence (an odd number of fence lines). */
export function insideFence(before: string): boolean {
  return ((before.match(/^[ \t]*(?:```|~~~)/gmu) ?? []).length) % 2 === 1;
}
