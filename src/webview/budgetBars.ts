// How the context window is spent: one bar for the whole window (with the reply reserve marked at
// its end) in the summary line, and a bar per budget section inside. Bars are role="meter" with
// their values for screen readers; they turn to the warning colour at 80 % and the error colour at
// 95 %, because past that the next tool result will evict history or not fit.
import type { BudgetView } from '../shared/chatProtocol';
import { el, panelBody } from './dom';
import { formatExactTokens, formatTokens } from './format';

export const WARN_AT = 0.8;
export const ERROR_AT = 0.95;

export function levelOf(ratio: number): 'ok' | 'warning' | 'error' {
  return ratio >= ERROR_AT ? 'error' : ratio >= WARN_AT ? 'warning' : 'ok';
}

function meter(label: string, used: number, max: number, options: { warn: boolean; reserve?: number }): HTMLElement {
  const ratio = max > 0 ? used / max : 0;
  const bar = el('div', 'meter');
  bar.setAttribute('role', 'meter');
  bar.setAttribute('aria-label', label);
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', String(Math.round(max)));
  bar.setAttribute('aria-valuenow', String(Math.round(used)));
  bar.setAttribute('aria-valuetext', `${formatExactTokens(used)} of ${formatExactTokens(max)} tokens (${Math.round(ratio * 100)} %)`);
  const level = options.warn ? levelOf(ratio) : 'ok';
  bar.classList.add(`meter-${level}`);
  const fill = el('div', 'meter-fill');
  fill.style.width = `${Math.min(100, ratio * 100).toFixed(2)}%`;
  bar.append(fill);
  if (options.reserve && max > 0) {
    // The reply reserve is part of `used`; shown as a hatched tail of the fill.
    const reserve = el('div', 'meter-reserve');
    const start = Math.max(0, Math.min(used, max) - options.reserve);
    reserve.style.left = `${(start / max * 100).toFixed(2)}%`;
    reserve.style.width = `${(Math.min(options.reserve, max) / max * 100).toFixed(2)}%`;
    bar.append(reserve);
  }
  return bar;
}

/**
 * Fills `container` (a <details>) with the budget, and `more` (the traces) under it; hidden when there
 * is neither.
 */
export function renderBudget(container: HTMLDetailsElement, budget: BudgetView | null | undefined, more: HTMLElement): void {
  const hasBudget = !!budget && budget.window > 0;
  container.hidden = !hasBudget && more.hidden;
  if (container.hidden) { container.replaceChildren(); return; }
  if (!budget || !hasBudget) {
    const summary = el('summary', 'panel-summary');
    summary.append(el('span', 'panel-title', 'Context'), el('span', 'panel-hint', 'no request yet'));
    container.replaceChildren(summary, panelBody(more));
    return;
  }
  const ratio = budget.used / budget.window;
  container.dataset.level = levelOf(ratio);
  const summary = el('summary', 'panel-summary');
  summary.append(
    el('span', 'panel-title', 'Context'),
    meter('Context window used', budget.used, budget.window, { warn: true, reserve: budget.replyReserve }),
    el('span', 'panel-figure', `${formatTokens(budget.used)} / ${formatTokens(budget.window)}`),
  );
  const rows = el('div', 'budget-sections');
  const row = (name: string, used: number, max: number, warn: boolean, figure: string) => {
    const line = el('div', 'budget-row');
    line.dataset.section = name;
    line.append(el('span', 'budget-name', name), meter(`${name} tokens`, used, max, { warn }), el('span', 'budget-figure', figure));
    rows.append(line);
  };
  for (const section of budget.sections) {
    // A capped section warns against its cap; the others show their share of the window.
    if (section.limit !== undefined && section.limit > 0) row(section.name, section.used, section.limit, true, `${formatTokens(section.used)} / ${formatTokens(section.limit)}`);
    else row(section.name, section.used, budget.window, false, formatTokens(section.used));
  }
  row('reply reserve', budget.replyReserve, budget.window, false, formatTokens(budget.replyReserve));
  const foot = el('div', 'budget-foot', `Window ${formatExactTokens(budget.window)} tokens · ${formatExactTokens(Math.max(0, budget.window - budget.used))} free${budget.counter ? ` · counted by ${budget.counter}` : ''}`);
  container.replaceChildren(summary, panelBody(rows, foot, more));
}
