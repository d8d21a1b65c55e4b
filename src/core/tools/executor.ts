// Runs one validated tool call against the host's ports and returns what the model should read
// next. Every failure becomes text for the model (never an exception): a refused patch, a missing
// file or a declined command is information the model can act on. Only cancellation is special:
// the outcome says so and nothing was written.
import { WorkspaceError, type WorkspaceErrorCode } from '../ports';
import { executeFind, executeRead, executeSearch } from './executorFiles';
import { executePatch, executeWrite } from './executorEdits';
import { asCommand, executeRun } from './executorRun';
import { executeMemoryLoad, executeMemoryRemember, executeTodo } from './executorPlan';
import { executeExplainSymbol, executeFindSymbol } from './executorSymbols';
import type { ExecutorContext, ExecutorLimits, ToolOutcome } from './executorTypes';
import { DEFAULT_LIMITS } from './executorTypes';
import { oversizedArgument } from './argumentSize';
import { pluginResult, type ToolPlugin } from './plugins';
import type { ToolDefinition } from './definitions';
import { errorMessage } from '../errorMessage';

export type { ExecutorContext, ExecutorHooks, ExecutorLimits, ToolOutcome, PlanHolder, WorkingMemoryPort } from './executorTypes';
export { DEFAULT_LIMITS } from './executorTypes';

type Handler = (args: Record<string, unknown>, ctx: ExecutorContext) => Promise<ToolOutcome>;

const HANDLERS: Record<string, Handler> = {
  read_file: executeRead,
  write_file: executeWrite,
  patch: executePatch,
  search: executeSearch,
  find_files: executeFind,
  find_symbol: executeFindSymbol,
  explain_symbol: executeExplainSymbol,
  run: executeRun,
  todo: executeTodo,
  memory_remember: executeMemoryRemember,
  memory_load: executeMemoryLoad,
};

export interface ToolExecutorOptions extends Omit<ExecutorContext, 'limits' | 'signal' | 'refusedRewrites'> {
  limits?: Partial<ExecutorLimits>;
  /** Opt-in tools (web fetch, MCP) run by their own implementation. */
  plugins?: readonly ToolPlugin[];
}

export class ToolExecutor {
  private readonly base: Omit<ExecutorContext, 'signal'>;
  /** By definition, not by name: the plugin run is the very one the call was validated (and approved) against. */
  private readonly plugins: ReadonlyMap<ToolDefinition, ToolPlugin>;

  constructor({ plugins = [], ...options }: ToolExecutorOptions) {
    this.base = { ...options, limits: { ...DEFAULT_LIMITS, ...options.limits }, refusedRewrites: new Set() };
    this.plugins = new Map(plugins.map((p) => [p.definition, p]));
  }

  /** `args` are validated (validateToolCall); `tool` is the definition validation returned (or a built-in's name). */
  async execute(tool: ToolDefinition | string, args: Record<string, unknown>, signal?: AbortSignal): Promise<ToolOutcome> {
    const name = typeof tool === 'string' ? tool : tool.name;
    const plugin = typeof tool === 'string' ? undefined : this.plugins.get(tool);
    // an MCP tool's effects are its server's: run as a command is (see asCommand)
    const handler: Handler | undefined = plugin
      ? (a, ctx) => (plugin.definition.mcp ? asCommand(ctx, () => plugin.execute(a, ctx.signal)) : plugin.execute(a, ctx.signal))
      : HANDLERS[name];
    if (!handler) return { ok: false, content: `Unknown tool "${name}". Use one of: ${[...Object.keys(HANDLERS), ...[...this.plugins.keys()].map((d) => d.name)].join(', ')}.` };
    if (signal?.aborted) return cancelled();
    const big = oversizedArgument(args, this.base.limits.argumentChars);
    if (big) {
      return { ok: false, content: `Not run: "${big.key}" is ${big.length} characters, over the ${this.base.limits.argumentChars} limit. Write large files in parts: create a short file, then add to it with patch.` };
    }
    try {
      return await handler(args, { ...this.base, signal });
    } catch (error) {
      if (signal?.aborted) return cancelled();
      if (error instanceof WorkspaceError) return { ok: false, content: error.message, ...(BY_POLICY.has(error.code) ? { refused: 'policy' as const } : {}) };
      // an error's text may quote anything (a key in a URL, a whole response): the one gate for tool output
      return pluginResult(false, `${name} failed: ${errorMessage(error)}`);
    }
  }
}

/** Paths the workspace refuses whatever the call (outside it, Git's hooks): a policy's no, not a mistake to retry. */
const BY_POLICY: ReadonlySet<WorkspaceErrorCode> = new Set<WorkspaceErrorCode>(['invalid-path', 'outside-root']);

function cancelled(): ToolOutcome {
  return { ok: false, content: 'Cancelled.', cancelled: true };
}
