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
  button.setAttribute('aria-label', nameWithLabel(label, title));
  button.addEventListener('click', (event) => { event.stopPropagation(); onClick(button); });
  return button;
}

/**
 * A button's accessible name: its longer title, starting with the label it shows (WCAG 2.5.3), so a
 * voice-control user who says "click Close" reaches the button that reads Close.
 */
export function nameWithLabel(label: string, title: string): string {
  return title.toLowerCase().startsWith(label.toLowerCase()) ? title : `${label}: ${title}`;
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

/**
 * Keeps the keyboard in place across a redraw that takes away the node `old` (a card answered, a row
 * deleted, a bar of buttons removed): call it before, then call what it returns once the new nodes are
 * in. If focus was in `old`, it goes to the element of `scope` with the same name (the button drawn
 * again), else to `instead`, else to what in `scope` takes focus from scripts, else to `scope` itself, never to the page's <body>. Returns false when
 * focus was in `old` and none of those could take it (the caller has its own place then).
 */
export function keepFocus(old: Element | undefined): (scope?: HTMLElement | null, instead?: HTMLElement | null) => boolean {
  const active = document.activeElement;
  // A panel without the keyboard keeps its last focused element as activeElement: focusing its redrawn
  // twin would pull the keyboard out of the editor the user is typing in (the strip redraws as it looks
  // for a server in the background; a run's cards as results arrive).
  if (!old || !(active instanceof HTMLElement) || !old.contains(active) || !document.hasFocus()) return () => true;
  const name = focusName(active);
  return (scope, instead) => {
    if (active.isConnected && document.activeElement === active) return true;
    const twin = scope ? [...scope.querySelectorAll<HTMLElement>(active.tagName)].find((e) => focusName(e) === name && !e.matches(':disabled')) : undefined;
    const target = twin ?? instead ?? scope?.querySelector<HTMLElement>('[tabindex="-1"]') ?? scope;
    if (!target?.isConnected) return false;
    if (!twin && !target.hasAttribute('tabindex') && target.tabIndex < 0) target.tabIndex = -1; // focusable by script only
    target.focus({ preventScroll: true });
    return document.activeElement === target;
  };
}

/** An element's name across redraws: its `data-focus-name` when its label changes with what it shows, else its label or text. */
const focusName = (e: Element) => e.getAttribute('data-focus-name') ?? e.getAttribute('aria-label') ?? e.textContent ?? '';
