// Output capping that keeps both ends: the command line and first lines say what ran, the last lines
// hold the error and the summary. The middle is replaced by a note saying how much was dropped.

export class HeadTailBuffer {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private readonly headCap: number;
  private readonly tailCap: number;

  constructor(maxBytes: number) {
    this.headCap = Math.floor(maxBytes / 4);
    this.tailCap = maxBytes - this.headCap;
  }

  push(chunk: Buffer): void {
    if (this.headBytes < this.headCap) {
      const take = Math.min(chunk.length, this.headCap - this.headBytes);
      this.head.push(chunk.subarray(0, take));
      this.headBytes += take;
      chunk = chunk.subarray(take);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes > this.tailCap) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.dropped += excess;
      }
    }
  }

  read(): { text: string; droppedBytes: number } {
    // Nothing dropped: head and tail are one stream, so a character split between them decodes whole.
    if (this.dropped === 0) return { text: Buffer.concat([...this.head, ...this.tail]).toString('utf8'), droppedBytes: 0 };
    // Otherwise each side is cut at a character boundary, so no half character turns into U+FFFD.
    const fullHead = Buffer.concat(this.head);
    const head = fullHead.subarray(0, completeUtf8Length(fullHead));
    const fullTail = Buffer.concat(this.tail);
    const tail = fullTail.subarray(leadingContinuationBytes(fullTail));
    const dropped = this.dropped + (fullHead.length - head.length) + (fullTail.length - tail.length);
    return { text: `${head.toString('utf8')}\n[… ${dropped} bytes of output omitted …]\n${tail.toString('utf8')}`, droppedBytes: dropped };
  }
}

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/** Bytes of a UTF-8 character's tail at the start of `buf` (its lead byte was cut off). */
function leadingContinuationBytes(buf: Buffer): number {
  let n = 0;
  while (n < 3 && n < buf.length && isContinuation(buf[n]!)) n++;
  return n;
}

/** Length of `buf` without a character left incomplete at its end. */
function completeUtf8Length(buf: Buffer): number {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const byte = buf[buf.length - back]!;
    if (isContinuation(byte)) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? buf.length - back : buf.length;
  }
  return buf.length;
}
