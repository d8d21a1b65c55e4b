// The chat's slash commands (/help is answered in the panel itself). Each answers with a notice in
// the conversation, from what SmallCode knows now: the connection, the last run, working memory.
import * as vscode from 'vscode';
import type { SlashCommandName } from '../../shared/chatProtocol';
import type { ChatSession } from '../chatSession';
import type { Connection } from '../connection';
import { loadCore } from '../lazyCore';
import type { ChatController } from './chatController';
import { MementoStore } from './mementoStore';
import type { TraceRecorder } from '../../core/trace';
import type { CodeIndexService } from '../codeIndex/codeIndexService';
import { forgetNotes } from '../codeIndex/memoryCommand';

export interface SlashContext {
  session: ChatSession;
  connection: Connection;
  controller: ChatController;
  memento: vscode.Memento;
  newChat(): Promise<void>;
  /** The code index (for /index, and /memory's notes in its database). */
  codeIndex?: CodeIndexService;
}

export async function runSlashCommand(name: SlashCommandName, _args: string, ctx: SlashContext): Promise<void> {
  const say = (text: string) => ctx.session.add('notice', text);
  const last = ctx.controller.lastRun;
  switch (name) {
    case 'clear':
      return ctx.newChat();
    case 'model':
      await vscode.commands.executeCommand('smallcode.selectModel');
      return;
    case 'plan':
      say(last.plan?.steps.length
        ? `Plan (${last.plan.done}/${last.plan.total} done):\n${last.plan.steps.map((s) => `${s.state === 'done' ? '✓' : s.state === 'in_progress' ? '◐' : s.state === 'failed' ? '✕' : '○'} ${s.text}${s.note ? ` — ${s.note}` : ''}`).join('\n')}`
        : 'No plan yet: the model writes one with its todo tool when a task has several steps.');
      return;
    case 'budget':
      say(last.budget ? ['Context budget of the last request:', ...loadCore().formatBudgetReport(last.budget)].join('\n') : 'No request has been sent yet in this conversation.');
      return;
    case 'tokens': {
      const usage = last.usage;
      const info = ctx.connection.current;
      say(usage
        ? `Last task: ${usage.requests} request${usage.requests === 1 ? '' : 's'}, ${usage.promptTokens.toLocaleString('en-US')} prompt and ${usage.completionTokens.toLocaleString('en-US')} reply tokens (as the server reported them). Context window: ${info.contextWindow?.toLocaleString('en-US') ?? 'unknown'} tokens.`
        : 'No task has finished yet in this conversation.');
      return;
    }
    case 'trace':
      say(traceNotice(ctx.controller.traces.find()));
      return;
    case 'memory': {
      const core = loadCore();
      const fallback = new core.StoreNotes(new MementoStore(ctx.memento));
      const memory = new core.WorkingMemory(ctx.codeIndex ? ctx.codeIndex.notes(fallback) : fallback);
      if (/^(forget|delete)\b/i.test(_args)) {
        say(await forgetNotes(memory, _args.replace(/^\S+\s*/, '')));
        return;
      }
      const notes = await memory.all();
      say(notes.length
        ? ['Project memory (`/memory forget <key>` deletes a note, `/memory forget` picks):', ...notes.map((n) => `- ${n.key}: ${n.value}`)].join('\n')
        : 'Project memory is empty: the model saves notes there with memory_remember.');
      return;
    }
    case 'index':
      say(ctx.codeIndex ? await ctx.codeIndex.describe((state) => loadCore().formatIndexState(state, Date.now())) : 'The code index is not available.');
      return;
    case 'profile': {
      const info = ctx.connection.current.status === 'ready' ? ctx.connection.current : await ctx.connection.refresh();
      if (info.status !== 'ready' || !info.model) {
        say('No model is connected yet, so there is no profile to show.');
        return;
      }
      const core = loadCore();
      const window = info.contextWindow ? { tokens: info.contextWindow, source: info.contextSource ?? '' } : undefined;
      say([`Model profile for ${info.model} on ${info.serverName}:`, ...core.describeProfile(core.matchProfile(info.model), window)].join('\n'));
      return;
    }
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
    const tools = trace.turns[i]!.tools.map((t) => `${t.name}${t.ok === false ? ' (failed)' : ''}`);
    const repairs = s.repairs ? `, ${s.repairs} repair${s.repairs === 1 ? '' : 's'}` : '';
    return `${s.turn}. ${tokens(s.promptTokens)} prompt → ${tokens(s.completionTokens)} reply tokens, ${s.current ? 'running' : `${(s.durationMs / 1000).toFixed(1)} s`}${tools.length ? `, ${tools.join(', ')}` : ', answered'}${repairs}`;
  });
  return [`Turns of the last task (trace ${trace.id}; "SmallCode: Export trace" saves it):`, ...lines].join('\n');
}
