// A server's error text as a message can quote it. A proxy or web server in front of the model server
// answers an error with a page (nginx's 502, a framework's 500 page of several kilobytes), and a
// validation error can echo the whole request back: quoted as they are, they buried the message under
// markup or pages of prompt. A page is quoted by its title (else its text), any text on one line and
// cut short.

const MAX_CHARS = 300;
const PAGE = /<(!doctype\s+html|html|head|body|title)\b/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function quotableErrorText(text: string): string {
  let plain = text;
  if (PAGE.test(text)) {
    const heading = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1];
    plain = (heading?.trim() ? heading : text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')).replace(/<[^>]*>/g, ' ')
      .replace(/&(#\d+|[a-z]+);/gi, (entity, name: string) => name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : ENTITIES[name.toLowerCase()] ?? entity);
  }
  plain = plain.replace(/\s+/g, ' ').trim();
  return plain.length > MAX_CHARS ? `${plain.slice(0, MAX_CHARS - 1)}…` : plain;
}
