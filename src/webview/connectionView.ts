// The strip above the conversation: which model, on which server, with how much context — or, when
// no server answers, a setup card that says where SmallCode looked and how to start one.
import type { ConnectionActionName, ConnectionInfo, ConnectionProblem } from '../shared/chatProtocol';
import { createButton } from './ui/toolkit';
import { el, keepFocus } from './dom';

type Act = (action: ConnectionActionName) => void;

/** The setup card's title: what happened, for a server that answered but cannot be used. */
const PROBLEM_TITLES: Record<ConnectionProblem, string> = {
  unauthorised: 'The server needs an API key',
  'not-found': 'No model API at this URL',
  'server-error': 'The model server answered with an error',
  'bad-url': 'The server URL is not valid',
  unreachable: 'No model server found',
  timeout: 'The model server did not answer in time',
  'model-missing': 'The model is not on this server',
};

const START_A_SERVER: [string, string][] = [
  ['LM Studio', 'Developer tab → Start server, with a model loaded at 16k context or more'],
  ['Ollama', 'OLLAMA_CONTEXT_LENGTH=16384 ollama serve'],
  ['llama.cpp', 'llama-server -m model.gguf -c 16384 --jinja'],
  ['vLLM', 'vllm serve <model> --max-model-len 16384'],
];

/** Text with `code` spans, built as nodes (never as HTML); a span, so it may sit in a button. */
function withCode(className: string, text: string): HTMLElement {
  const node = el('span', className);
  text.split('`').forEach((part, i) => node.append(i % 2 ? el('code', '', part) : document.createTextNode(part)));
  return node;
}

function formatWindow(tokens: number): string {
  return `${tokens.toLocaleString('en-US')}-token context`;
}

/** The window the budget works with: the one detected, or the smaller one in force since the server refused a prompt. */
function contextWindow(info: ConnectionInfo, detected: number): HTMLElement {
  // Ollama confirms after the first request what it loaded; say so, and say it when it differs.
  const loaded = info.loadedContext;
  const asLoaded = loaded && loaded !== detected ? `${formatWindow(loaded)} loaded (${detected.toLocaleString('en-US')} asked)`
    : `${formatWindow(detected)}${loaded ? ' · loaded' : ''}`;
  const shrunk = info.windowInForce;
  const context = el('span', 'context', shrunk ? `${formatWindow(shrunk)} (shrunk from ${detected.toLocaleString('en-US')})` : asLoaded);
  context.title = shrunk
    ? `SmallCode budgets for ${shrunk.toLocaleString('en-US')} tokens since the server refused a prompt as too long; detected: ${asLoaded}${info.contextSource ? ` (${info.contextSource})` : ''}`
    : info.contextSource ?? '';
  return context;
}

/** What each strip shows now: a redraw with the same connection changes nothing, so its alert is not read out again. */
const shown = new WeakMap<HTMLElement, string>();

const LOOKING = 'Looking for a model server on this machine…';

/** The model as the strip names it: a file path's file name (modelLabel), the whole id in tooltips. */
const modelName = (info: ConnectionInfo) => info.modelLabel ?? (info.model || 'no model loaded');

/** The card's title for a server that cannot be used (no-server, error). */
function setupTitle(info: ConnectionInfo): string {
  return (info.problem && PROBLEM_TITLES[info.problem]) || (info.status === 'no-server' ? 'No model server found' : 'Could not reach the model server');
}

/** What the status live region says of `info`: the outcome of Retry, or a server found in the background. */
function statusLine(info: ConnectionInfo): string {
  if (info.status === 'unknown') return '';
  if (info.status === 'detecting') return LOOKING;
  if (info.status === 'ready') return `Connected: ${modelName(info)}${info.serverName ? ` on ${info.serverName}` : ''}`;
  return setupTitle(info);
}

/**
 * Draws the strip for `info`, and says its outcome in `status` (a `role="status"` region outside the
 * strip, which is redrawn). The keyboard stays in the strip: on the same button when it is drawn
 * again, else on the strip, and from there on Retry (or Detect again) once that is back.
 */
export function renderConnection(container: HTMLElement, info: ConnectionInfo, act: Act, status: HTMLElement): void {
  const key = JSON.stringify(info);
  if (shown.get(container) === key) return;
  shown.set(container, key);
  const onStrip = document.activeElement === container && document.hasFocus();
  const restoreFocus = keepFocus(container);
  drawConnection(container, info, act);
  const action = container.querySelector<HTMLElement>('#retry-connection, #detect-again');
  if (onStrip && action) action.focus({ preventScroll: true });
  else restoreFocus(container, action);
  // the same outcome again (a ready server's window confirmed) is not read out again
  const line = statusLine(info);
  if (status.textContent !== line) status.textContent = line;
}

function drawConnection(container: HTMLElement, info: ConnectionInfo, act: Act): void {
  container.replaceChildren();
  container.dataset.status = info.status;
  if (info.status === 'unknown' || info.status === 'detecting') {
    container.append(el('span', 'muted', LOOKING));
    return;
  }
  if (info.status === 'ready') {
    // Two lines in a narrow side bar: the model and its Change button, then where it runs and its window.
    const top = el('div', 'connection-top');
    const model = el('span', 'model', modelName(info));
    model.title = info.model;
    top.append(model, createButton({ label: 'Change', appearance: 'secondary', title: 'Select model', onClick: () => act('selectModel') }));
    const line = el('div', 'connection-line');
    const server = el('span', 'server', `${info.serverName ?? ''} · ${info.endpoint}`);
    server.title = info.endpoint;
    line.append(server);
    if (info.contextWindow) line.append(contextWindow(info, info.contextWindow));
    container.append(top, line);
    if (info.advice) {
      // One line in the strip; the whole text on click (or Enter), so it never crowds the conversation.
      // The alert is what is read out when it appears; the text inside it is a real button that
      // says it expands (an alert itself can be neither pressed nor expanded for a screen reader).
      const warning = el('div', 'advice');
      warning.setAttribute('role', 'alert');
      warning.title = info.advice.replace(/`/g, '');
      const toggle = el('button', 'advice-toggle');
      toggle.type = 'button';
      toggle.setAttribute('aria-expanded', 'false');
      toggle.append(withCode('advice-text', info.advice));
      toggle.addEventListener('click', () => toggle.setAttribute('aria-expanded', String(toggle.getAttribute('aria-expanded') !== 'true')));
      warning.append(toggle);
      // After following the advice (the model reloaded with a larger window), ask the server again.
      // A link-like button, no taller than the one-line strip: the conversation keeps its room.
      const detect = el('button', 'advice-action', 'Detect again');
      detect.id = 'detect-again';
      detect.title = 'Ask the server again for the model and its context window';
      detect.addEventListener('click', () => act('detect'));
      const advice = el('div', 'advice-row');
      advice.append(warning, detect);
      container.append(advice);
    }
    return;
  }
  // no-server or error: the setup state.
  const card = el('div', 'setup');
  card.setAttribute('role', 'region');
  card.setAttribute('aria-label', 'Set up a model server');
  if (info.problem) card.dataset.problem = info.problem;
  card.append(el('p', 'setup-title', setupTitle(info)));
  if (info.message) card.append(el('p', 'setup-detail', info.message));
  if (info.tried?.length) {
    card.append(el('p', 'setup-detail', 'SmallCode looked for:'));
    const tried = el('ul', 'tried');
    for (const place of info.tried) tried.append(el('li', '', place));
    card.append(tried);
  }
  // How to start a server helps only where none answered.
  if (info.status === 'no-server') {
    card.append(el('p', 'setup-detail', 'Start one of these, then retry:'));
    const how = el('dl', 'how');
    for (const [name, command] of START_A_SERVER) how.append(el('dt', '', name), el('dd', '', command));
    card.append(how);
  }
  const actions = el('div', 'setup-actions');
  if (info.problem === 'unauthorised') actions.append(createButton({ label: 'Set API key', id: 'set-api-key', onClick: () => act('setApiKey') }));
  if (info.problem === 'model-missing') actions.append(createButton({ label: 'Select model', id: 'select-model', onClick: () => act('selectModel') }));
  const first = actions.childElementCount === 0;
  actions.append(
    createButton({ label: 'Retry', id: 'retry-connection', ...(first ? {} : { appearance: 'secondary' as const }), onClick: () => act('retry') }),
    createButton({ label: 'Settings', appearance: 'secondary', title: 'Open SmallCode settings', onClick: () => act('openSettings') }),
  );
  card.append(actions);
  container.append(card);
}
