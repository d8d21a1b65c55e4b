// The traces of the current and past model turns: one line per turn (tokens in/out, time, tool
// calls, repairs) that asks the host for the full trace, shown under the line when it arrives.
// They sit in the context panel, under the budget: where the tokens of each turn went.
import type { TraceDetailView, TraceSummaryView } from '../shared/chatProtocol';
import { el, smallButton } from './dom';
import { formatDuration, formatTokens, plural } from './format';

export interface TraceActions {
  open(id: string): void;
  export(id?: string): void;
}

/** Shown in newest-first order, capped: older turns are in the exported file. */
const MAX_ROWS = 50;

export function renderTraces(container: HTMLElement, traces: TraceSummaryView[] | undefined, actions: TraceActions): void {
  container.hidden = !traces || traces.length === 0;
  if (container.hidden || !traces) { container.replaceChildren(); return; }
  container.setAttribute('aria-label', 'Traces');
  // A trace the user opened stays open when the list is drawn again (each model turn redraws it).
  const opened = new Map<string, Element>();
  for (const detail of container.querySelectorAll('.trace > .trace-detail')) {
    const id = detail.parentElement?.dataset.id;
    if (id) opened.set(id, detail);
  }
  const heading = el('div', 'traces-heading');
  heading.append(el('span', 'panel-title', 'Traces'), el('span', 'panel-figure', plural(traces.length, 'turn')));
  const list = el('ul', 'trace-list');
  for (const trace of [...traces].reverse().slice(0, MAX_ROWS)) {
    const item = el('li', 'trace');
    item.dataset.id = trace.id;
    if (trace.current) item.classList.add('trace-current');
    const line = el('div', 'trace-line');
    const figures = `${formatTokens(trace.promptTokens)} → ${formatTokens(trace.completionTokens)} tok · ${formatDuration(trace.durationMs)} · ${plural(trace.calls, 'call')}`;
    line.append(el('span', 'trace-turn', `#${trace.turn}`), el('span', 'trace-label', trace.label ?? ''), el('span', 'trace-figures', figures));
    if (trace.repairs) line.append(el('span', 'badge repair-badge', plural(trace.repairs, 'repair')));
    line.append(smallButton('Open', `Open the trace of turn ${trace.turn}`, () => actions.open(trace.id)));
    item.append(line);
    const detail = opened.get(trace.id);
    if (detail) item.append(detail);
    list.append(item);
  }
  const foot = el('div', 'trace-foot');
  foot.append(smallButton('Export latest', 'Export the latest run\'s trace to a file', () => actions.export()));
  container.replaceChildren(heading, list, foot);
}

/** Shows a trace under its line (replacing one shown before for the same turn). */
export function showTraceDetail(container: HTMLElement, detail: TraceDetailView, actions: TraceActions): void {
  const item = [...container.querySelectorAll<HTMLElement>('.trace')].find((node) => node.dataset.id === detail.id);
  if (!item) return;
  item.querySelector('.trace-detail')?.remove();
  const box = el('div', 'trace-detail');
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', `Trace of turn ${detail.turn}`);
  for (const section of detail.sections) box.append(el('div', 'tool-label', section.title), el('pre', 'tool-pre', section.text));
  const buttons = el('div', 'trace-detail-actions');
  buttons.append(
    smallButton('Export', `Export the trace of turn ${detail.turn}`, () => actions.export(detail.id)),
    smallButton('Close', 'Close this trace', () => box.remove()),
  );
  box.append(buttons);
  item.append(box);
}
