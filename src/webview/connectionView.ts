// The strip above the conversation: which model, on which server, with how much context — or, when
// no server answers, a setup card that says where SmallCode looked and how to start one.
import type { ConnectionAction, ConnectionInfo, MessageOf } from '../shared/chatProtocol';
import { createButton } from './ui/toolkit';
import { el } from './dom';

type Act = (action: MessageOf<typeof ConnectionAction>['action']) => void;

const START_A_SERVER: [string, string][] = [
  ['LM Studio', 'Developer tab → Start server, with a model loaded at 16k context or more'],
  ['Ollama', 'OLLAMA_CONTEXT_LENGTH=16384 ollama serve'],
  ['llama.cpp', 'llama-server -m model.gguf -c 16384 --jinja'],
  ['vLLM', 'vllm serve <model> --max-model-len 16384'],
];

/** Text with `code` spans, built as nodes (never as HTML). */
function withCode(className: string, text: string): HTMLElement {
  const node = el('div', className);
  text.split('`').forEach((part, i) => node.append(i % 2 ? el('code', '', part) : document.createTextNode(part)));
  return node;
}

function formatWindow(tokens: number): string {
  return `${tokens.toLocaleString('en-US')}-token context`;
}

export function renderConnection(container: HTMLElement, info: ConnectionInfo, act: Act): void {
  container.replaceChildren();
  container.dataset.status = info.status;
  if (info.status === 'unknown' || info.status === 'detecting') {
    container.append(el('span', 'muted', 'Looking for a model server on this machine…'));
    return;
  }
  if (info.status === 'ready') {
    // Two lines in a narrow side bar: the model and its Change button, then where it runs and its window.
    const top = el('div', 'connection-top');
    const model = el('span', 'model', info.model || 'no model loaded');
    model.title = info.model;
    top.append(model, createButton({ label: 'Change', appearance: 'secondary', title: 'Select model', onClick: () => act('selectModel') }));
    const line = el('div', 'connection-line');
    const server = el('span', 'server', `${info.serverName ?? ''} · ${info.endpoint}`);
    server.title = info.endpoint;
    line.append(server);
    if (info.contextWindow) {
      // Ollama confirms after the first request what it loaded; say so, and say it when it differs.
      const loaded = info.loadedContext;
      const text = loaded && loaded !== info.contextWindow ? `${formatWindow(loaded)} loaded (${info.contextWindow.toLocaleString('en-US')} asked)`
        : `${formatWindow(info.contextWindow)}${loaded ? ' · loaded' : ''}`;
      const context = el('span', 'context', text);
      context.title = info.contextSource ?? '';
      line.append(context);
    }
    container.append(top, line);
    if (info.advice) {
      // One line in the strip; the whole text on click (or Enter), so it never crowds the conversation.
      const warning = el('div', 'advice');
      warning.append(withCode('advice-text', info.advice));
      warning.setAttribute('role', 'alert');
      warning.tabIndex = 0;
      warning.title = info.advice.replace(/`/g, '');
      warning.setAttribute('aria-expanded', 'false');
      const toggle = () => warning.setAttribute('aria-expanded', String(warning.getAttribute('aria-expanded') !== 'true'));
      warning.addEventListener('click', toggle);
      warning.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); toggle(); } });
      container.append(warning);
    }
    return;
  }
  // no-server or error: the setup state.
  const card = el('div', 'setup');
  card.setAttribute('role', 'region');
  card.setAttribute('aria-label', 'Set up a model server');
  card.append(el('p', 'setup-title', info.status === 'no-server' ? 'No model server found' : 'Could not reach the model server'));
  if (info.message) card.append(el('p', 'setup-detail', info.message));
  if (info.tried?.length) {
    card.append(el('p', 'setup-detail', 'SmallCode looked for:'));
    const tried = el('ul', 'tried');
    for (const place of info.tried) tried.append(el('li', '', place));
    card.append(tried);
  }
  card.append(el('p', 'setup-detail', 'Start one of these, then retry:'));
  const how = el('dl', 'how');
  for (const [name, command] of START_A_SERVER) how.append(el('dt', '', name), el('dd', '', command));
  card.append(how);
  const actions = el('div', 'setup-actions');
  actions.append(
    createButton({ label: 'Retry', id: 'retry-connection', onClick: () => act('retry') }),
    createButton({ label: 'Settings', appearance: 'secondary', title: 'Open SmallCode settings', onClick: () => act('openSettings') }),
  );
  card.append(actions);
  container.append(card);
}
