// The one way the webview builds nodes: elements with a class and text set as text, never as HTML,
// so nothing a model (or a file name) contains can become markup.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A native button (keyboard-reachable, focus ring from the theme) for small in-content actions. */
export function smallButton(label: string, title: string, onClick: (button: HTMLButtonElement) => void): HTMLButtonElement {
  const button = el('button', 'small-button', label);
  button.type = 'button';
  button.title = title;
  button.setAttribute('aria-label', title);
  button.addEventListener('click', (event) => { event.stopPropagation(); onClick(button); });
  return button;
}

/**
 * What a folding panel (plan, context, traces) shows when opened. It opens over the conversation,
 * not above it, so an open panel never takes the transcript's height in a short side bar.
 */
export function panelBody(...children: HTMLElement[]): HTMLDivElement {
  const body = el('div', 'panel-body');
  body.append(...children);
  return body;
}
