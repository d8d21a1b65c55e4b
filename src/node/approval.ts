// The programmatic API's one approval gate: `approve(request)` is asked about every edit (with its
// diff) and every shell command. Only a clear yes (`true` or `{approved: true}`) approves; any other
// answer, a throw, a cancelled run or a callback that does not answer within the time-out is a no.
// Without a callback no command runs (edits: see editReview.ts).
import { commandDecision, type OnceOrAlways } from '../core/tools/decisions';
import type { ApproveMcpCall } from '../core/mcp';
import type { ApproveFetch } from './web/webFetchTool';
import { mcpLabel } from '../core/mcp/label';
import type { Approval, ApprovalDecision, CommandRequest, ReviewHunk } from '../core/ports';
import { errorMessage } from '../core/errorMessage';
import { whenAborted } from '../core/whenAborted';

export interface CommandApprovalRequest extends CommandRequest {
  kind: 'command';
}

export interface EditApprovalRequest {
  kind: 'edit';
  path: string;
  /** Current content; null for a new file. */
  original: string | null;
  proposed: string;
  /** Unified diff of original → proposed (`@@ -1 +1 @@` hunks). */
  diff: string;
  hunks: ReviewHunk[];
  /** Set when the file decides what a command runs (package.json, Makefile, node_modules…): why. */
  runsCommands?: string;
}

/** A call of an opt-in tool with side effects (an MCP server's tool), when `approveMcp` is not given. */
export interface ToolApprovalRequest {
  kind: 'tool';
  server: string;
  tool: string;
  /** How to name it to the user (mcpLabel): `"add" from MCP server "calc"`. */
  label: string;
  args: Record<string, unknown>;
}

/** The first web_fetch from a host (when web is on): `url` is the whole address its host would receive. */
export interface FetchApprovalRequest {
  kind: 'fetch';
  url: string;
  host: string;
}

export type ApprovalRequest = EditApprovalRequest | CommandApprovalRequest | ToolApprovalRequest | FetchApprovalRequest;

/** `true` / `{approved: true}` approve; `reason` (when declining) goes back to the model. */
export type ApprovalAnswer = boolean | { approved: boolean; reason?: string };

export type Approve = (request: ApprovalRequest) => ApprovalAnswer | Promise<ApprovalAnswer>;
/** @deprecated The same callback as `Approve`, which now also receives edits (`request.kind`). */
export type ApproveCommand = Approve;

export const COMMANDS_DISABLED_REASON = 'Running commands is not enabled for this session.';
/** How long a callback may take to answer before its silence counts as a no. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 10 * 60_000;

export type Asked = { answer: unknown } | { no: string };

/**
 * Calls `ask` and waits for its answer, at most `timeoutMs` and never past `signal`. A throw, a
 * rejected promise, the time-out or a cancel come back as `{no: why}`.
 */
export async function askBounded(ask: () => unknown, timeoutMs: number, signal?: AbortSignal): Promise<Asked> {
  if (signal?.aborted) return { no: 'the run was stopped' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Asked>((resolve) => {
    timer = setTimeout(() => resolve({ no: `no answer within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
  });
  const stop = whenAborted(signal);
  const stopped = stop.aborted.then((): Asked => ({ no: 'the run was stopped' }));
  const answered = Promise.resolve()
    .then(ask)
    .then((answer): Asked => ({ answer }), (error: unknown): Asked => ({ no: `the approval callback failed: ${errorMessage(error)}` }));
  try {
    return await Promise.race([answered, timedOut, stopped]);
  } finally {
    clearTimeout(timer);
    stop.dispose();
  }
}

export class CallbackApproval implements Approval {
  constructor(
    private readonly approve?: Approve,
    private readonly timeoutMs = DEFAULT_APPROVAL_TIMEOUT_MS,
  ) {}

  async approveCommand(request: CommandRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    if (!this.approve || signal?.aborted) return { approved: false, reason: COMMANDS_DISABLED_REASON };
    const approve = this.approve;
    const asked = await askBounded(() => approve({ kind: 'command', command: request.command, warnings: [...request.warnings] }), this.timeoutMs, signal);
    if ('no' in asked) return { approved: false, reason: `Not approved: ${asked.no}.` };
    const decision = commandDecision(asked.answer);
    return decision.approved || decision.reason ? decision : { approved: false, reason: 'The user declined this command.' };
  }
}

/** One call of an opt-in tool asked through the gate: a clear yes allows this call only. */
async function askOnce(approve: Approve, request: ApprovalRequest, timeoutMs: number, signal?: AbortSignal): Promise<OnceOrAlways> {
  const asked = await askBounded(() => approve(request), timeoutMs, signal);
  return 'answer' in asked && commandDecision(asked.answer).approved ? 'once' : 'deny';
}

/** The first fetch from each host through the same gate: `approve({kind: 'fetch', url, host})`. */
export function fetchApprovalVia(approve: Approve, timeoutMs = DEFAULT_APPROVAL_TIMEOUT_MS): ApproveFetch {
  return (request, signal) => askOnce(approve, { kind: 'fetch', url: request.url, host: request.host }, timeoutMs, signal);
}

/** MCP tool calls through the same gate: `approve({kind: 'tool', …})`. */
export function mcpApprovalVia(approve: Approve, timeoutMs = DEFAULT_APPROVAL_TIMEOUT_MS): ApproveMcpCall {
  return (request, signal) => askOnce(approve, { kind: 'tool', server: request.server, tool: request.tool, label: mcpLabel(request.server, request.tool), args: request.args }, timeoutMs, signal);
}
