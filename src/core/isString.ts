/** A type guard for checking parsed data (saved conversations, their files). */
export const isString = (v: unknown): v is string => typeof v === 'string';
