// A fetched page as text a model can read: HTML through html-to-text (headings, paragraphs, lists and
// tables kept; scripts, styles, images, navigation and link targets dropped, they only cost tokens),
// other text types as they are, anything else refused.
import { convert } from 'html-to-text';
import type { FetchedPage } from './guardedFetch';

const HTML = /^(text\/html|application\/xhtml\+xml)\b/i;
const TEXT = /^(text\/|application\/(json|xml|javascript|ld\+json|x-yaml|yaml|toml)\b|application\/[\w.+-]+\+(json|xml)\b)/i;

const HTML_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'nav', format: 'skip' },
    { selector: 'footer', format: 'skip' },
    { selector: 'svg', format: 'skip' },
    { selector: 'form', format: 'skip' },
  ],
};

function charsetOf(contentType: string): string {
  return /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
}

function decode(body: Buffer, contentType: string): string {
  try {
    return new TextDecoder(charsetOf(contentType)).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body); // an unknown charset label
  }
}

/** The page's text, or undefined when it is not a text type. A missing content type is read as HTML if it looks like it. */
export function pageText(page: FetchedPage): string | undefined {
  const text = decode(page.body, page.contentType);
  const type = page.contentType.trim();
  if (HTML.test(type) || (!type && /^\s*<(!doctype html|html)\b/i.test(text))) return convert(text, HTML_OPTIONS).replace(/\n{3,}/g, '\n\n').trim();
  if (TEXT.test(type) || (!type && !text.includes('\u0000'))) return text.trim();
  return undefined;
}
