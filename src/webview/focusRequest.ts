// The host asks for the composer's focus right after it focused the panel (New chat, Fix selection).
// The panel's document gets focus a moment after that message arrives, and by then the user may have
// moved on (opened the command palette, clicked into an editor): focusing the composer then would
// pull focus back into the panel, and a key meant for the palette (Enter) would send the draft.
// So the composer takes focus now if the panel has it, or when the panel next gains it — only if
// that happens within a moment of the request, and not if the user clicked or typed in the panel
// meanwhile (their own action decides where focus goes).

/** How long a request waits for the panel to gain focus. */
export const FOCUS_REQUEST_MS = 1500;

export class FocusRequest {
  private pending?: ReturnType<typeof setTimeout>;

  constructor(private readonly focus: () => void, private readonly win: Window = window) {
    win.addEventListener('focus', () => {
      if (this.pending === undefined) return;
      this.cancel();
      this.focus();
    });
    for (const event of ['pointerdown', 'keydown']) win.addEventListener(event, () => this.cancel(), true);
  }

  request(): void {
    this.cancel();
    if (this.win.document.hasFocus()) {
      this.focus();
      return;
    }
    this.pending = setTimeout(() => { this.pending = undefined; }, FOCUS_REQUEST_MS);
  }

  private cancel(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
  }
}
