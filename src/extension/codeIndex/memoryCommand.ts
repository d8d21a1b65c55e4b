// `/memory [forget [key]]`: lists the project-memory notes, deletes one by key, or lets the user pick
// notes to delete. Only the waits for the index's database (which holds the notes) are stoppable: the
// picker is the user's own choice (Escape closes it), so the chat shows Send, not Stop, while it is open.
import type * as vscode from 'vscode';
import type { WorkingMemory } from '../../core/memory';
import { errorMessage } from '../../core/errorMessage';
import { forgetsMemory } from '../../shared/chatProtocol';

export interface MemoryCommandDeps {
  /** The notes, their waits for the index ended by `signal`. */
  memory(signal: AbortSignal): WorkingMemory;
  /** Runs a wait the chat's Stop ends (ChatController.stoppable). */
  stoppable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  ui: Pick<typeof vscode.window, 'showQuickPick'>;
  say(text: string): void;
}

/** Why a wait for project memory ended without its answer: Stop, or the index not answering. */
function notAnswered(error: unknown, signal: AbortSignal, stopped: string): string {
  return signal.aborted ? stopped : `Project memory is not available: ${errorMessage(error)}.`;
}

export async function runMemoryCommand(args: string, deps: MemoryCommandDeps): Promise<void> {
  const forget = forgetsMemory(args);
  const key = args.replace(/^\S+\s*/, '').trim();
  if (forget && key) {
    deps.say(await deps.stoppable(async (signal) => {
      try {
        return (await deps.memory(signal).forget(key)) ? `Deleted the note "${key}".` : `There is no note named "${key}".`;
      } catch (error) {
        return notAnswered(error, signal, `Stopped before project memory answered: the note "${key}" may be deleted all the same.`);
      }
    }));
    return;
  }
  const read = await deps.stoppable(async (signal) => {
    try {
      return await deps.memory(signal).all();
    } catch (error) {
      return notAnswered(error, signal, 'Stopped before project memory was read.');
    }
  });
  if (typeof read === 'string') return deps.say(read);
  if (!forget) {
    deps.say(read.length
      ? ['Project memory (`/memory forget <key>` deletes a note, `/memory forget` picks):', ...read.map((n) => `- ${n.key}: ${n.value}`)].join('\n')
      : 'Project memory is empty: the model saves notes there with memory_remember.');
    return;
  }
  if (read.length === 0) return deps.say('Project memory is empty.');
  // outside any stoppable wait: the user's own choice
  const picked = await deps.ui.showQuickPick(read.map((n) => ({ label: n.key, detail: n.value })), {
    canPickMany: true, title: 'SmallCode: delete project memory notes', placeHolder: 'Pick the notes to delete',
  });
  if (!picked?.length) return deps.say('No note was deleted.');
  deps.say(await deps.stoppable(async (signal) => {
    const memory = deps.memory(signal);
    const deleted: string[] = [];
    try {
      for (const item of picked) if (await memory.forget(item.label)) deleted.push(item.label);
    } catch (error) {
      const done = `${deleted.length} of ${picked.length} notes deleted${deleted.length ? ` (${deleted.join(', ')})` : ''}`;
      return signal.aborted ? `Stopped: ${done}; one asked before the Stop may be deleted all the same.` : `Project memory is not available: ${errorMessage(error)}; ${done}.`;
    }
    if (deleted.length === 0) return 'No note was deleted: they were deleted already.';
    return `Deleted ${deleted.length === 1 ? `the note "${deleted[0]}"` : `${deleted.length} notes: ${deleted.join(', ')}`}.`;
  }));
}
