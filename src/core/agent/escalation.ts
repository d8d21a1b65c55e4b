// Escalation, opt-in: when the governor gives up on a task (a loop, a patch spiral, calls it cannot
// read), SmallCode may offer to hand the current step to a stronger endpoint the user configured (a
// cloud model, say). Never silently: the user sees what would be sent (tokens, files) and confirms each
// time, within a cap per session; the trace marks the turns that went out (secrets redacted on the way).
import { isEvictedResult, SUMMARY_HEADING } from '../budget';
import type { ChatMessage } from '../llm';
import { normalizeWorkspacePath, taskFilePaths } from '../security';
import { getTool, TOOLS, webFetch } from '../tools';
import { callPaths } from './conversation';
import type { ChatLike } from './modelReply';
import { RULES_HEADING } from '../rules';
import { MEMORY_HEADING, MEMORY_UPDATE_HEADING } from './stateNotes';
import { REPO_MAP_HEADING } from './systemPrompt';

/**
 * What the escalated request carries besides the tasks and the models' words: read from the messages it
 * sends (every task's, not only the current one), so the offer cannot say less than what leaves.
 */
export interface OutgoingContents {
  /** Files whose content the request holds, whole or in part: attached to a task, read (result not yet evicted) or written (the call holds it). */
  files: string[];
  /** Results of search, find_files, find_symbol or explain_symbol (paths, matching lines, code). */
  searchResults: boolean;
  /** Output of `run` (which may print any file or variable). */
  commandOutput: boolean;
  /** Other tools whose results it holds (web_fetch, MCP tools), by name. */
  otherResults: string[];
  /** The repository map (file paths and signatures) that leads the conversation. */
  repoMap: boolean;
  /** The project's always-apply rules (AGENTS.md, .smallcode/rules) in the system prompt. */
  projectRules: boolean;
  /** Project memory: notes told to the model, saved or loaded by its memory tools. */
  projectMemory: boolean;
  /** The summary of earlier messages compaction dropped. */
  summary: boolean;
}

export interface EscalationOffer extends OutgoingContents {
  /** What the governor found. */
  reason: string;
  /** The conversation as the next request sends it, in tokens. */
  promptTokens: number;
  model: string;
  endpoint: string;
  /** Escalations left in this session after this one. */
  remaining: number;
}

export interface EscalationOptions {
  /** The stronger endpoint's client. */
  client: ChatLike;
  /** Where it is, for the offer (the client's base URL). */
  endpoint: string;
  /** Shows the offer and waits for the user's answer; false (or a throw) means no. */
  confirm(offer: EscalationOffer, signal?: AbortSignal): Promise<boolean>;
  /** Escalations per session (default 3). */
  maxPerSession?: number;
  /** Model requests the stronger model may make for the step before the local model takes over again (default 4). */
  turns?: number;
}

/** The note that tells the stronger model where it comes in. */
export function escalationNote(reason: string): string {
  return `A stronger model takes over this step because the previous one was stuck: ${reason}\nContinue the task from here.`;
}

/**
 * What `messages` (a request as built, and what the conversation added since) carry: see OutgoingContents.
 * A written file counts by its call, whose arguments hold the content; anything else by its live result.
 */
export function outgoingContents(messages: readonly ChatMessage[]): OutgoingContents {
  const paths = callPaths(messages);
  const names = new Map<string, string>();
  const files = new Set<string>();
  const other = new Set<string>();
  const out: OutgoingContents = { files: [], searchResults: false, commandOutput: false, otherResults: [], repoMap: false, projectRules: false, projectMemory: false, summary: false };
  for (const m of messages) {
    if (m.role === 'system') {
      out.projectRules ||= m.content.includes(RULES_HEADING);
    } else if (m.role === 'user') {
      // the map and the summary lead the first user message (joined with what follows them)
      out.repoMap ||= m.content.includes(REPO_MAP_HEADING);
      out.summary ||= m.content.includes(SUMMARY_HEADING);
      out.projectMemory ||= m.content.includes(MEMORY_HEADING) || m.content.includes(MEMORY_UPDATE_HEADING);
      for (const path of taskFilePaths(m.content)) addFile(files, path); // @ mentions, Fix selection's code
    } else if (m.role === 'assistant') {
      for (const c of m.tool_calls ?? []) {
        names.set(c.id, c.function.name);
        if (categoryOf(c.function.name) === 'write') addFile(files, paths.get(c.id));
        out.projectMemory ||= c.function.name === 'memory_remember';
      }
    } else if (!isEvictedResult(m.content)) {
      const name = names.get(m.tool_call_id) ?? m.name ?? 'a tool';
      const category = categoryOf(name);
      if (category === 'read') addFile(files, paths.get(m.tool_call_id));
      else if (category === 'search') out.searchResults = true;
      else if (category === 'run') out.commandOutput = true;
      else if (name === 'memory_load') out.projectMemory = true;
      else if (category !== 'write' && category !== 'plan') other.add(name);
    }
  }
  return { ...out, files: [...files].sort(), otherResults: [...other].sort() };
}

const BUILT_IN = [...TOOLS, webFetch];
/** A built-in tool's category; undefined for another (an MCP server's, reported by name). */
const categoryOf = (name: string) => getTool(name, BUILT_IN)?.category;

function addFile(files: Set<string>, path: string | undefined): void {
  if (!path?.trim()) return;
  const tidy = normalizeWorkspacePath(path);
  files.add(tidy.ok && tidy.path ? tidy.path : path);
}

/** Files the offer names before "and N more": enough to recognise, short enough to read in a modal. */
const LISTED_FILES = 8;

/** The offer's account of what goes, in words: the files by name (capped), then everything else sent. */
export function outgoingText(c: OutgoingContents): string {
  const shown = c.files.slice(0, LISTED_FILES).join(', ');
  const more = c.files.length - LISTED_FILES;
  const parts = [
    ...(c.files.length ? [`what it holds of ${c.files.length === 1 ? 'the file' : 'the files'} ${shown}${more > 0 ? ` and ${more} more` : ''}`] : []),
    ...(c.searchResults ? ['search results'] : []),
    ...(c.commandOutput ? ['command output'] : []),
    ...(c.otherResults.length ? [`results of ${c.otherResults.join(', ')}`] : []),
    ...(c.repoMap ? ['the repository map (file paths and signatures)'] : []),
    ...(c.projectRules ? ['the project\'s rules (AGENTS.md, .smallcode/rules)'] : []),
    ...(c.projectMemory ? ['project memory notes'] : []),
    ...(c.summary ? ['a summary of earlier messages'] : []),
  ];
  if (!parts.length) return 'It includes your messages and the model\'s replies, no file contents or tool results.';
  return `It includes your messages and the model's replies, plus: ${parts.join('; ')}.`;
}
