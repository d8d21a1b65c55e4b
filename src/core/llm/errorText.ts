// A server's error text as a message can quote it. A proxy or web server in front of the model server
// answers an error with a page (nginx's 502, a framework's 500 page of several kilobytes), and a
// validation error can echo the whole request back: quoted as they are, they buried the message under
// markup or pages of prompt. A page is quoted by its title (else its text), any text on one line and
// cut short.

const MAX_CHARS = 300;
const PAGE = /<(!doctype\s+html|html|head|body|title)\b/i;
const ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', ' ']]);

/** `&#65;` and the few named entities pages use in titles; anything else (out of range, unknown) stays as written. */
function entity(whole: string, name: string): string {
  if (!name.startsWith('#')) return ENTITIES.get(name.toLowerCase()) ?? whole;
  const code = Number(name.slice(1));
  return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
}

/** `page`: the body was not JSON. A JSON error's words are the server's, even when they echo a page from the prompt. */
export function quotableErrorText(text: string, page = true): string {
  let plain = text;
  if (PAGE.test(text)) {
    // a page says what went wrong in its title; words that echo a page keep their own, without its tags
    const heading = page ? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1] : undefined;
    plain = (heading?.trim() ? heading : text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')).replace(/<[^>]*>/g, ' ')
      .replace(/&(#\d+|[a-z]+);/gi, entity);
  }
  plain = plain.replace(/\s+/g, ' ').trim();
  return plain.length > MAX_CHARS ? `${plain.slice(0, MAX_CHARS - 1)}…` : plain;
}
