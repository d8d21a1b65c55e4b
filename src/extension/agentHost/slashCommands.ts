// The chat's slash commands (/help is answered in the panel itself). Each answers with a notice in
// the conversation, from what SmallCode knows now: the connection, the last run, working memory.
import * as vscode from 'vscode';
import type { SlashCommandName } from '../../shared/chatProtocol';
import type { ChatTranscript } from '../chatTranscript';
import type { Connection } from '../connection';
import { loadCore } from '../lazyCore';
import type { AgentSession } from './agentSession';
import type { ChatController } from './chatController';
import { MementoStore } from './mementoStore';
import { describeProjectRules } from './projectRules';
import type { McpServers } from './mcpServers';
import type { TraceRecorder } from '../../core/trace';
import type { CodeIndexService } from '../codeIndex/codeIndexService';
import { runMemoryCommand } from '../codeIndex/memoryCommand';

const PLAN_FIRST = 'Before changing any code, write a plan for this task with the todo tool. Then carry it out step by step.';

export interface SlashContext {
  transcript: ChatTranscript;
  connection: Connection;
  controller: ChatController;
  /** The window the agent budgets with (for /tokens, /profile and /rules): not always the one detected. */
  session: Pick<AgentSession, 'windowInForce'>;
  memento: vscode.Memento;
  newChat(): Promise<void>;
  mcp: McpServers;
  /** The code index (for /index, and /memory's notes in its database). */
  codeIndex?: CodeIndexService;
}

export async function runSlashCommand(name: SlashCommandName, args: string, ctx: SlashContext): Promise<void> {
  const say = (text: string) => ctx.transcript.add('notice', text);
  /** An answer formatted as markdown; the others show as written (paths, model names, rule files). */
  const sayMarkdown = (text: string) => ctx.transcript.add('notice', text, { markdown: true });
  const last = ctx.controller.lastRun;
  switch (name) {
    case 'clear':
      return ctx.newChat();
    case 'model':
      await vscode.commands.executeCommand('smallcode.selectModel');
      return;
    case 'plan':
      // `/plan <task>`: the task, planned with the todo tool before any code changes (the plan shows above the chat).
      if (args.trim()) return ctx.controller.submit(`${args.trim()}\n\n${PLAN_FIRST}`);
      say(last.plan?.steps.length
        ? `Plan (${last.plan.done}/${last.plan.total} done):\n${last.plan.steps.map((s) => `${s.state === 'done' ? '✓' : s.state === 'in_progress' ? '◐' : s.state === 'failed' ? '✕' : '○'} ${s.text}${s.note ? ` — ${s.note}` : ''}`).join('\n')}`
        : 'No plan yet: the model writes one with its todo tool when a task has several steps.');
      return;
    case 'budget':
      // A code block: the columns line up in the chat's monospace font.
      sayMarkdown(last.budget ? ['Context budget of the last request:', '```text', ...loadCore().formatBudgetReport(last.budget), '```'].join('\n') : 'No request has been sent yet in this conversation.');
      return;
    case 'tokens': {
      const usage = last.usage;
      const window = ctx.session.windowInForce(ctx.connection.current);
      say(usage
        ? `${loadCore().describeTokenUsage(usage)} Context window: ${window ? loadCore().describeWindowInForce(window) : 'unknown'}.`
        : 'No task has finished yet in this conversation.');
      return;
    }
    case 'trace':
      say(traceNotice(ctx.controller.traces.find()));
      return;
    case 'memory': {
      const core = loadCore();
      const fallback = new core.StoreNotes(new MementoStore(ctx.memento));
      // the notes are in the index's database: a wait for it is bounded, and ended by the chat's Stop
      return runMemoryCommand(args, {
        memory: (signal) => new core.WorkingMemory(ctx.codeIndex ? ctx.codeIndex.notes(fallback, signal) : fallback),
        stoppable: (work) => ctx.controller.stoppable(work),
        ui: vscode.window,
        say,
      });
    }
    case 'index': {
      const index = ctx.codeIndex;
      say(index ? await ctx.controller.stoppable((signal) => index.describe((state) => loadCore().formatIndexState(state, Date.now()), signal)) : 'The code index is not available.');
      return;
    }
    case 'profile': {
      const info = ctx.connection.current.status === 'ready' ? ctx.connection.current : await ctx.connection.refresh();
      if (info.status !== 'ready' || !info.model) {
        say('No model is connected yet, so there is no profile to show.');
        return;
      }
      const core = loadCore();
      say([`Model profile for ${info.model} on ${info.serverName}:`, ...core.describeProfile(core.matchProfile(info.model), ctx.session.windowInForce(info))].join('\n'));
      return;
    }
    case 'rules': {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder || folder.uri.scheme !== 'file') {
        say('Open a folder first: project rules are read from its AGENTS.md and .smallcode/rules/.');
        return;
      }
      const info = ctx.connection.current;
      say((await describeProjectRules(folder.uri.fsPath, info.model ?? '', ctx.session.windowInForce(info))).join('\n'));
      return;
    }
    case 'mcp':
      say(ctx.mcp.describe(vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath).join('\n'));
      return;
    case 'help':
      return; // answered by the panel
  }
}

/** /trace: the latest run's turns, one line each, from its trace (already redacted). */
function traceNotice(recorder: TraceRecorder | undefined): string {
  const trace = recorder?.toJSON();
  if (!recorder || !trace?.turns.length) return 'No task has run yet in this conversation.';
  const tokens = (n: number) => n.toLocaleString('en-US');
  const lines = recorder.summaries().map((s, i) => {
    const turn = trace.turns[i]!;
    const tools = turn.tools.map((t) => `${t.name}${t.ok === false ? ' (failed)' : ''}`);
    const escalated = turn.request?.escalated ? `, escalated to ${turn.request.escalated.model}` : '';
    const repairs = s.repairs ? `, ${s.repairs} repair${s.repairs === 1 ? '' : 's'}` : '';
    const cached = s.cachedTokens !== undefined ? ` (${tokens(s.cachedTokens)} cached)` : '';
    return `${s.turn}. ${tokens(s.promptTokens)} prompt${cached} → ${tokens(s.completionTokens)} reply tokens, ${s.current ? 'running' : `${(s.durationMs / 1000).toFixed(1)} s`}${tools.length ? `, ${tools.join(', ')}` : ', answered'}${repairs}${escalated}`;
  });
  return [`Turns of the last task (trace ${trace.id}; "SmallCode: Export trace" saves it):`, ...lines].join('\n');
}
