// The texts a history search looks in, kept between the searches of one session (a word typed letter
// by letter is a search per pause) so that each file is read once, not once per search. Bounded twice:
// in size (a full history holds up to 100 MB of conversations, mostly text; what does not fit is read
// again by the next search) and in time (all of it is dropped once nobody has searched for a while),
// so the extension host does not carry the history's text long after a search.

/** Texts kept at most, in UTF-8 bytes (about what V8 holds them in: ASCII one byte a character). */
export const MAX_SEARCH_TEXT_BYTES = 16 * 1024 * 1024;
/** Dropped this long after the last search used them. */
export const SEARCH_TEXT_IDLE_MS = 60_000;

export class SearchTexts {
  /** By conversation id: its text, valid while its file's stamp is `stamp`. */
  private readonly texts = new Map<string, { stamp: string; text: string; bytes: number }>();
  private bytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly maxBytes = MAX_SEARCH_TEXT_BYTES,
    private readonly idleMs = SEARCH_TEXT_IDLE_MS,
  ) {}

  /** The text kept for `id`'s file at `stamp`, if any. */
  get(id: string, stamp: string): string | undefined {
    const kept = this.texts.get(id);
    if (kept?.stamp !== stamp) return undefined;
    this.used();
    return kept.text;
  }

  /** Keeps `text` for `id`'s file at `stamp` when it fits beside the others (first come, first kept). */
  keep(id: string, stamp: string, text: string): void {
    this.forget(id);
    const bytes = Buffer.byteLength(text);
    if (this.bytes + bytes <= this.maxBytes) {
      this.texts.set(id, { stamp, text, bytes });
      this.bytes += bytes;
    }
    this.used();
  }

  forget(id: string): void {
    const kept = this.texts.get(id);
    if (!kept) return;
    this.texts.delete(id);
    this.bytes -= kept.bytes;
  }

  private clear(): void {
    this.texts.clear();
    this.bytes = 0;
    this.timer = undefined;
  }

  /** (Re)starts the idle time; the timer never keeps a process alive. */
  private used(): void {
    clearTimeout(this.timer);
    if (this.texts.size === 0) return;
    this.timer = setTimeout(() => this.clear(), this.idleMs);
    this.timer.unref?.();
  }
}
