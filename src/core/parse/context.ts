import type { Repair } from './types';

/** What a dialect parser may ask while reading: the schema type of a parameter, to keep "007" a string. */
export interface ParseContext {
  paramType(tool: string, key: string): string | undefined;
  repairs: Repair[];
}
