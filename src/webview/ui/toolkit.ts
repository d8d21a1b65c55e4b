// Our own small components over @vscode/webview-ui-toolkit. The toolkit is archived upstream, so the
// rest of the webview uses only these functions; swapping in @vscode-elements/elements touches this file.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextArea } from '@vscode/webview-ui-toolkit';

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
  if (options.title) { button.title = options.title; button.setAttribute('aria-label', options.title); }
  button.addEventListener('click', () => options.onClick());
  return button;
}

export interface TextInput {
  element: HTMLElement;
  value: string;
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
}

/** A multi-line input: Enter submits, Shift+Enter starts a new line. */
export function createTextInput(options: TextInputOptions): TextInput {
  register();
  const area = document.createElement('vscode-text-area') as HTMLElement & { value: string };
  if (options.id) area.id = options.id;
  area.setAttribute('placeholder', options.placeholder);
  area.setAttribute('aria-label', options.label);
  area.setAttribute('rows', String(options.rows ?? 3));
  area.setAttribute('resize', 'vertical');
  area.value = options.value ?? '';
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      options.onSubmit();
    }
  });
  area.addEventListener('input', () => options.onInput?.(area.value));
  return {
    element: area,
    get value() { return area.value; },
    set value(text: string) { area.value = text; },
    focus: () => area.focus(),
  };
}
