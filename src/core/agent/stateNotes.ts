// The plan and working memory reach the model as messages at the tail of the conversation, when they
// change: never inside the system prompt or an earlier message, which would make the server process the
// whole prompt again. What the model wrote itself (its memory_remember call, a todo call the plan took as
// written) is not repeated; what a compaction dropped is told again.
import type { ChatMessage } from '../llm';
import { noteLine, normaliseNote, type MemoryNote } from '../memory';
import { applyTodo, renderPlanForPrompt, type Plan, type TodoStepInput } from '../plan';
import { todo } from '../tools/definitions';

export const MEMORY_HEADING = 'Notes in working memory (saved with memory_remember):';
export const MEMORY_UPDATE_HEADING = 'Working memory changed:';

interface Carrier { message: ChatMessage; lines: readonly string[] }

/** Lines of notes the model saved itself in this conversation (it has read them: it wrote them). */
function rememberedIn(log: readonly ChatMessage[]): Set<string> {
  const lines = new Set<string>();
  for (const m of log) {
    if (m.role !== 'assistant') continue;
    for (const c of m.tool_calls ?? []) {
      if (c.function.name !== 'memory_remember') continue;
      try {
        const args = JSON.parse(c.function.arguments) as { key?: unknown; value?: unknown };
        if (typeof args.key === 'string' && typeof args.value === 'string') lines.add(noteLine(normaliseNote(args.key, args.value)));
      } catch {
        // unreadable arguments saved nothing
      }
    }
  }
  return lines;
}

/**
 * The model's latest todo call in `log` and the plan it wrote there, as the prompt renders a plan: what the
 * plan is when nothing changed it (no check held a step back, no step kept an earlier number).
 */
function writtenPlanIn(log: readonly ChatMessage[]): { text: string; message: ChatMessage } | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const m = log[i]!;
    if (m.role !== 'assistant') continue;
    const call = m.tool_calls?.findLast((c) => c.function.name === todo.name);
    if (!call) continue;
    try {
      const args = JSON.parse(call.function.arguments) as { steps?: unknown };
      const steps = (Array.isArray(args.steps) ? args.steps : []) as TodoStepInput[];
      return { text: renderPlanForPrompt(applyTodo({ steps: [] }, steps, { passed: true }).plan), message: m };
    } catch {
      return undefined; // unreadable arguments changed nothing
    }
  }
  return undefined;
}

export class StateNotes {
  private plan?: { text: string; message: ChatMessage };
  private memory: Carrier[] = [];
  private next?: { plan?: string; memory?: string[] };

  /** A new task starts with an empty plan. */
  newTask(): void { this.plan = undefined; }

  /** A new conversation: nothing has been told. */
  reset(): void { this.plan = undefined; this.memory = []; this.next = undefined; }

  /**
   * The note to append after `log`, if the plan or the memory differ from what the conversation already
   * says (or the message that said it is no longer sent). Confirm with `sentIn` once it is appended.
   */
  pending(log: readonly ChatMessage[], plan: Plan, notes: readonly MemoryNote[], older = 0): string | undefined {
    const inLog = new Set(log);
    const parts: string[] = [];
    const next: { plan?: string; memory?: string[] } = {};

    const planText = renderPlanForPrompt(plan);
    const written = planText ? writtenPlanIn(log) : undefined;
    if (written?.text === planText) this.plan = written; // the model's own call lists it, step by step
    if (planText && (this.plan?.text !== planText || !inLog.has(this.plan.message))) {
      parts.push(planText);
      next.plan = planText;
    }

    this.memory = this.memory.filter((c) => inLog.has(c.message));
    const known = rememberedIn(log);
    for (const c of this.memory) for (const line of c.lines) known.add(line);
    const fresh = notes.map(noteLine).filter((line) => !known.has(line));
    if (fresh.length) {
      const told = this.memory.length > 0 || known.size > 0;
      // Notes past memory's share of the window: said once, with the first notes told.
      const rest = !told && older ? [`(${older} older note${older === 1 ? '' : 's'} not shown: memory_load with words finds them.)`] : [];
      parts.push([`${told ? MEMORY_UPDATE_HEADING : MEMORY_HEADING}`, ...fresh, ...rest].join('\n'));
      next.memory = fresh;
    }

    this.next = parts.length ? next : undefined;
    return parts.length ? parts.join('\n\n') : undefined;
  }

  /** `message` now carries what `pending` returned. */
  sentIn(message: ChatMessage): void {
    if (this.next?.plan) this.plan = { text: this.next.plan, message };
    if (this.next?.memory) this.memory.push({ message, lines: this.next.memory });
    this.next = undefined;
  }
}
