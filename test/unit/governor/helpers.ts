import type { CallRecord, TurnRecord } from '../../../src/core/governor/types';

export const call = (name: string, args: Record<string, unknown> = {}, ok = true): CallRecord => ({ name, args, ok });
export const turn = (...calls: CallRecord[]): TurnRecord => ({ text: '', calls });
export const say = (text: string, reasoning?: string): TurnRecord => ({ text, calls: [], ...(reasoning ? { reasoning } : {}) });
/** n turns, each made by `make(i)`. */
export const times = (n: number, make: (i: number) => TurnRecord): TurnRecord[] => Array.from({ length: n }, (_, i) => make(i));
