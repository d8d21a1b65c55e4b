// What detection tells the user when it found something it cannot use: a server that wants a key, a
// configured model the server does not have. Said here once, in words that name the fix.
import type { DetectedServer, PortProblem } from './endpoints';
import { originOf } from './http';
import { sameOllamaModel } from './ollamaChat';
import type { ServerKind } from './types';

const SERVER_NAMES: Record<ServerKind, string> = {
  lmstudio: 'LM Studio', ollama: 'Ollama', llamacpp: 'llama.cpp server', vllm: 'vLLM', 'openai-compatible': 'OpenAI-compatible server',
};

export function serverName(kind: string): string {
  return SERVER_NAMES[kind as ServerKind] ?? kind;
}

/** "127.0.0.1:1234" from a base URL. */
function hostOf(baseUrl: string): string {
  return originOf(baseUrl).replace(/^https?:\/\//, '');
}

/**
 * A configured model the server does not list (a typo, an Ollama id kept after moving to LM Studio):
 * the message, or undefined when it is there. An empty list proves nothing (some servers list none).
 */
export function missingModelMessage(server: DetectedServer, model: string): string | undefined {
  if (!model || server.models.length === 0) return undefined;
  const same = server.kind === 'ollama' ? sameOllamaModel : (a: string, b: string) => a === b;
  if (server.models.some((m) => same(m.id, model))) return undefined;
  const shown = server.models.slice(0, 8).map((m) => m.id);
  const more = server.models.length > shown.length ? `, and ${server.models.length - shown.length} more` : '';
  return `"${model}" (setting smallcode.model) is not on ${serverName(server.kind)} at ${server.baseUrl}; available: ${shown.join(', ')}${more}. Run "SmallCode: Select model" to pick one.`;
}

/**
 * The problem worth telling when detection found no usable server: a port that wants a key first,
 * then one that answered with an error (a model still loading). A port with no model API on it (a web
 * app on 8080) is somebody else's program, not a model server: "none found" stays the right answer.
 */
export function reportableProblem(problems: readonly PortProblem[]): PortProblem | undefined {
  return problems.find((p) => p.problem.kind === 'unauthorised') ?? problems.find((p) => p.problem.kind === 'server-error');
}

/** What to say about a port's problem: which server, and what to do. */
export function portProblemMessage(found: PortProblem): string {
  const where = found.expected === 'openai-compatible' ? `The server on ${hostOf(found.baseUrl)}` : `${serverName(found.expected)} on ${hostOf(found.baseUrl)}`;
  if (found.problem.kind === 'unauthorised') {
    // Detection never sends the stored key (see Connection): using it takes naming this server.
    return `${where} needs an API key. Press "Set API key" (SmallCode then uses this server: smallcode.baseUrl ${found.baseUrl}), or set smallcode.baseUrl to ${found.baseUrl} and run "SmallCode: Set API key".`;
  }
  return `${where} answered with an error: ${found.problem.message}`;
}
