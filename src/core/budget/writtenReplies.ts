// Replies as the model wrote them (text protocol), by message: sent back byte for byte, so the server's
// prompt cache, which holds the tokens it generated, still matches them (a model that spaces or breaks
// its calls otherwise than the prompt teaches had ~60 tokens a request processed again). The budget
// counts a message by this text, since it is what is sent. Keyed by the message object: a copy
// (redacted for the history or a trace, restored, cut) has none and is written as taught, and the text
// never leaves this process by any other way (the OpenAI client sends a message's fields as they are).

const written = new WeakMap<object, string>();

/** `message`, to be sent in the text protocol as `text` (what the model wrote for it). */
export function writtenAs<M extends object>(message: M, text: string): M {
  written.set(message, text);
  return message;
}

/** The text `message` is sent as in the text protocol, when it is sent as the model wrote it. */
export function writtenText(message: object): string | undefined {
  return written.get(message);
}
