/** A run that could not start (no server, no model, no folder), with a message for the user. */
export class NotReadyError extends Error {}
