// The values of the .env files a conversation's tools read, learned from the agent's events: a call that
// names a file (tool-start's path) and its whole result (tool-end's content; the summary is only its
// head). One learner for the trace recorder (the extension's known set: traces, history, web_fetch, memory)
// and the programmatic API (web_fetch, memory), so both hide the same values.
import type { AgentEvent } from './events';
import { learnFileSecrets } from '../security';

export class FileSecretLearner {
  /** The file each running call names, by call id. */
  private readonly paths = new Map<string, string>();

  /** `known`: where the values go (a set shared with whoever hides them). */
  constructor(readonly known: Set<string> = new Set()) {}

  /** Learns from one event; for a tool-end, returns the file its call named (undefined: none). */
  handle(event: AgentEvent): string | undefined {
    if (event.type === 'tool-start' && typeof event.args.path === 'string') this.paths.set(event.id, event.args.path);
    if (event.type !== 'tool-end') return undefined;
    const path = this.paths.get(event.id);
    this.paths.delete(event.id);
    if (path !== undefined && event.content !== undefined) learnFileSecrets(path, event.content, this.known);
    return path;
  }
}
