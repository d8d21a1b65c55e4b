// A tool call as a compact card: one summary line (state, name, arguments, duration, a badge when
// the parser had to repair the call) that opens to the full arguments, result and repairs.
import type { ToolCardView } from '../shared/chatProtocol';
import { el } from './dom';
import { clip, formatDuration } from './format';

const STATE_LABEL: Record<ToolCardView['state'], string> = { running: 'running', ok: 'succeeded', failed: 'failed' };
const STATE_ICON: Record<ToolCardView['state'], string> = { running: '', ok: '✓', failed: '✕' };
/** Arguments saved before cards had a headline can be long: the spoken name keeps their start. */
const SPOKEN_CHARS = 200;

export function renderToolCard(tool: ToolCardView): HTMLDetailsElement {
  const card = el('details', 'tool-card');
  card.dataset.state = tool.state;
  const summary = el('summary', 'tool-summary');
  // Its label changes with the state: the keyboard on it finds it again by this name once the card is redrawn.
  summary.dataset.focusName = 'tool-summary';
  const icon = el('span', 'tool-state', STATE_ICON[tool.state]);
  icon.setAttribute('aria-hidden', 'true');
  const name = el('span', 'tool-name', tool.name);
  name.title = tool.name; // a long name is cut short in a narrow side bar
  const what = tool.headline ?? tool.args;
  summary.append(icon, name, el('span', 'tool-args', what));
  if (tool.repairs.length) {
    const badge = el('span', 'badge repair-badge', tool.repairs.length > 1 ? `repaired ×${tool.repairs.length}` : 'repaired');
    badge.title = `The parser repaired this call: ${tool.repairs.join('; ')}`;
    summary.append(badge);
  }
  if (tool.durationMs !== undefined) summary.append(el('span', 'tool-duration', formatDuration(tool.durationMs)));
  // The label replaces the line's text, so it says all of it: which command ran, which file was read.
  summary.setAttribute('aria-label', [
    what ? `Tool ${tool.name}: ${clip(what, SPOKEN_CHARS)},` : `Tool ${tool.name}`,
    STATE_LABEL[tool.state],
    tool.durationMs !== undefined ? `in ${formatDuration(tool.durationMs)}` : '',
    tool.repairs.length ? `(call repaired: ${tool.repairs.join('; ')})` : '',
  ].filter(Boolean).join(' '));
  card.append(summary);

  const body = el('div', 'tool-body');
  body.append(el('div', 'tool-label', 'Arguments'), el('pre', 'tool-pre', tool.args || '(none)'));
  if (tool.result !== undefined) body.append(el('div', 'tool-label', 'Result'), el('pre', 'tool-pre', tool.result || '(empty)'));
  if (tool.repairs.length) {
    body.append(el('div', 'tool-label', 'Repairs'));
    const list = el('ul', 'tool-repairs');
    for (const repair of tool.repairs) list.append(el('li', '', repair));
    body.append(list);
  }
  card.append(body);
  return card;
}
