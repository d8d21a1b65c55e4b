// What a caught value says, for a log line, an event or a message to the user: thrown values are not
// always Errors. Imports nothing, so the extension host may bundle it without loading the core.
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
