// Keeps a streaming reply cheap to show. Each delta is appended to a plain text node at once (so
// text appears as it arrives); the markdown is rebuilt at most every RENDER_INTERVAL_MS in an
// animation frame, whatever the delta rate, so a long reply of thousands of small deltas leaves the
// panel responsive.

const RENDER_INTERVAL_MS = 50;

interface LiveReply {
  body: HTMLElement;
  text: string;
  tail: Text;
  dirty: boolean;
}

/** Where unrendered text goes until the next render: the last block that holds text. */
const TEXT_HOSTS = 'p, li, pre > code, h3, h4, h5, h6';

export class StreamRenderer {
  private readonly live = new Map<string, LiveReply>();
  private frame = 0;
  private lastRender = 0;

  constructor(
    private readonly render: (text: string) => DocumentFragment,
    /** After each batch of renders (e.g. keep the transcript scrolled to the end). */
    private readonly afterRender: () => void,
  ) {}

  /** Starts (or resumes, after the panel was rebuilt) streaming into `body`. */
  attach(id: string, body: HTMLElement, text: string): void {
    const reply: LiveReply = { body, text, tail: document.createTextNode(''), dirty: false };
    this.live.set(id, reply);
    this.paint(reply);
  }

  isLive(id: string): boolean { return this.live.has(id); }

  append(id: string, delta: string): void {
    const reply = this.live.get(id);
    if (!reply) return;
    reply.text += delta;
    reply.tail.appendData(delta);
    reply.dirty = true;
    this.schedule();
  }

  /** The reply is retried: drop what was shown. */
  reset(id: string): void {
    const reply = this.live.get(id);
    if (!reply) return;
    reply.text = '';
    reply.dirty = false;
    this.paint(reply);
  }

  /** The reply is complete: one last render with the final text. */
  finish(id: string, text: string): void {
    const reply = this.live.get(id);
    if (!reply) return;
    reply.text = text;
    this.paint(reply);
    this.live.delete(id);
    this.afterRender();
  }

  /** The reply was drawn whole (a full entry from the host): nothing more streams into the old node. */
  forget(id: string): void {
    this.live.delete(id);
  }

  forgetAll(): void {
    this.live.clear();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.tick());
  }

  private tick(): void {
    this.frame = 0;
    if (performance.now() - this.lastRender < RENDER_INTERVAL_MS) { this.schedule(); return; }
    let rendered = false;
    for (const reply of this.live.values()) {
      if (!reply.dirty) continue;
      this.paint(reply);
      rendered = true;
    }
    this.lastRender = performance.now();
    if (rendered) this.afterRender();
  }

  private paint(reply: LiveReply): void {
    reply.dirty = false;
    reply.body.replaceChildren(this.render(reply.text));
    reply.tail = document.createTextNode('');
    const hosts = reply.body.querySelectorAll(TEXT_HOSTS);
    (hosts[hosts.length - 1] ?? reply.body).appendChild(reply.tail);
  }
}
