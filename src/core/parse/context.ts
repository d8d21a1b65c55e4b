import type { Repair } from './types';

/** What a dialect parser may ask while reading: the schema type of a parameter, to keep "007" a string. */
export interface ParseContext {
  paramType(tool: string, key: string): string | undefined;
  repairs: Repair[];
  /**
   * The text being read runs to the end of the reply with no closing marker around it. A value still open
   * there was cut off (max tokens), not merely left unclosed: running half of it would truncate a file.
   */
  openEnded: boolean;
  /** The text being read has no closing marker and stops where the next call's opener starts. */
  endsAtOpener?: boolean;
}

/** A call whose value the reply's end cut short is no call; the note tells the agent why. */
export function cutOff(ctx: ParseContext, tool: string, key: string): null {
  ctx.repairs.push({ kind: 'cut-off', detail: `${tool} was cut off${key ? ` inside ${key}` : ''} by the end of the reply: not run` });
  return null;
}

/**
 * A call with a value that holds its own closing tag, where which tag ends it cannot be told, is no call:
 * running it with the value cut at the wrong tag would write half a file.
 */
export function unclearValue(ctx: ParseContext, tool: string, key: string): null {
  ctx.repairs.push({ kind: 'unclear-value', detail: `${tool} was not run: its ${key || 'value'} holds a closing tag, and where the value ends is unclear` });
  return null;
}

/** The notes of calls that were dropped, not read (cut off, or a value that could not be delimited): the reply's calls are not run. */
export function dropsCall(r: Repair): boolean {
  return r.kind === 'cut-off' || r.kind === 'unclear-value';
}
