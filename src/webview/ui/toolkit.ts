// Our own small components over @vscode/webview-ui-toolkit. The toolkit is archived upstream, so the
// rest of the webview uses only these functions; swapping in @vscode-elements/elements touches this file.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextArea } from '@vscode/webview-ui-toolkit';
import { nameWithLabel } from '../dom';

let registered = false;
function register(): void {
  if (registered) return;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea());
  registered = true;
}

export interface ButtonOptions {
  label: string;
  id?: string;
  title?: string;
  appearance?: 'primary' | 'secondary' | 'icon';
  onClick: () => void;
}

export function createButton(options: ButtonOptions): HTMLElement {
  register();
  const button = document.createElement('vscode-button');
  button.textContent = options.label;
  button.setAttribute('appearance', options.appearance ?? 'primary');
  if (options.id) button.id = options.id;
  if (options.title) { button.title = options.title; button.setAttribute('aria-label', nameWithLabel(options.label, options.title)); }
  button.addEventListener('click', () => options.onClick());
  return button;
}

/** Relabels a button in place (focus stays on it), e.g. Send ↔ Stop. */
export function setButtonLabel(button: HTMLElement, label: string, title: string): void {
  button.textContent = label;
  button.title = title;
  button.setAttribute('aria-label', nameWithLabel(label, title));
}

export interface TextInput {
  element: HTMLElement;
  value: string;
  /** Where the caret is (the end of the text before the control exists). */
  readonly caret: number;
  /** Replaces text[start, end) and puts the caret after the inserted text. */
  replaceRange(start: number, end: number, text: string): void;
  focus(): void;
}

export interface TextInputOptions {
  id?: string;
  placeholder: string;
  label: string;
  rows?: number;
  value?: string;
  onInput?: (value: string) => void;
  onSubmit: () => void;
  /** Sees each key first; returning true means it was handled (e.g. by a completion popup). */
  onKeyDown?: (event: KeyboardEvent) => boolean;
  /** The caret moved without typing (arrows, clicks). */
  onCaretMove?: () => void;
}

/** A multi-line input: Enter submits, Shift+Enter starts a new line. */
export function createTextInput(options: TextInputOptions): TextInput {
  register();
  const area = document.createElement('vscode-text-area') as HTMLElement & { value: string; control?: HTMLTextAreaElement };
  if (options.id) area.id = options.id;
  area.setAttribute('placeholder', options.placeholder);
  area.setAttribute('aria-label', options.label);
  // The toolkit renames every text area "Text area" when it is attached (it uses its text content as
  // the name): keep the real name, which it passes on to the inner textarea.
  new MutationObserver(() => {
    if (area.getAttribute('aria-label') !== options.label) area.setAttribute('aria-label', options.label);
  }).observe(area, { attributes: true, attributeFilter: ['aria-label'] });
  area.setAttribute('rows', String(options.rows ?? 2));
  area.setAttribute('resize', 'vertical');
  area.value = options.value ?? '';
  area.addEventListener('keydown', (event) => {
    if (options.onKeyDown?.(event)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      options.onSubmit();
    }
  });
  area.addEventListener('input', () => options.onInput?.(area.value));
  area.addEventListener('keyup', (event) => { if (event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End') options.onCaretMove?.(); });
  area.addEventListener('click', () => options.onCaretMove?.());
  return {
    element: area,
    get value() { return area.value; },
    // The toolkit copies `value` to its inner textarea in a later frame; keys typed before that
    // would land in the old text, so the inner textarea is set at once too.
    set value(text: string) { area.value = text; if (area.control) area.control.value = text; },
    get caret() { return area.control?.selectionStart ?? area.value.length; },
    replaceRange(start: number, end: number, text: string) {
      this.value = area.value.slice(0, start) + text + area.value.slice(end);
      const at = start + text.length;
      area.control?.setSelectionRange(at, at);
      options.onInput?.(area.value);
    },
    focus: () => area.focus(),
  };
}
