// A small, safe markdown renderer for model replies. It builds DOM nodes and sets text as text,
// never innerHTML, so `<img onerror>` or `<script>` in a reply shows as characters. It covers what
// models write in chat: paragraphs, headings, lists, quotes, rules, tables (GFM), fenced code (highlighted, with
// the language and Copy, Insert and Apply buttons), inline code, bold, italic, strike-through and links. Links get an
// href only for http(s) and are opened by the host (a webview cannot navigate).
// An unclosed fence renders as code so far, which is what a streaming reply needs; its Insert and
// Apply wait for the fence to close only while the reply streams (a finished reply may never close it).
import { el, smallButton } from './dom';
import { FENCE, closesFence, type Lead } from './continuedFence';
import { copyText } from './clipboard';
import { highlightCode } from './codeHighlight';
import { parseInline, type InlineToken } from './inlineMarkdown';
import { startsTable, tableAt, type TableSource } from './markdownTable';
import type { GrowingParagraph } from './growingParagraph';
import type { CodeBlockActionName } from '../shared/chatProtocol';

/** A fenced block as the reply wrote it: the code, the fence's info string, and the line before the fence. */
export interface CodeBlockSource {
  code: string;
  info: string;
  before?: string;
}

export interface MarkdownOptions {
  onOpenLink: (url: string) => void;
  /** Insert at cursor / Apply to file; without it a block offers Copy only. */
  onCodeAction?: (action: CodeBlockActionName, block: CodeBlockSource) => void;
}

// A closing run of #s needs a space before it (CommonMark): "## Migrating to C#" keeps its #.
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
/** Indent, marker, the spaces after it, the item's first line. */
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(\s+)(.*)$/;
const BLANK = /^\s*$/;

/** What a render needs besides the caller's options: whether the text may still grow. */
type RenderOptions = MarkdownOptions & { streaming?: boolean };

/** `text` drawn whole; after `lead` (a cut reply's open code block, which it continues) when given. */
export function renderMarkdown(text: string, options: MarkdownOptions, lead?: Lead): DocumentFragment {
  const fragment = document.createDocumentFragment();
  renderBlocks(markdownLines(lead ? lead.text + text : text), lead?.hidden ?? 0, fragment, options);
  return fragment;
}

/** One top-level block of a reply: its node, the index of the line after it, and the last line its parse read. */
export interface MarkdownBlock {
  node: Node;
  end: number;
  read: number;
}

/** Where a streaming render starts: a line, and what is already shown of a long paragraph that may start there. */
export interface StreamStart {
  line: number;
  growing: GrowingParagraph;
}

/**
 * The top-level blocks of `text` from line `from` on, each as its own node, and how many lines the
 * text has. A block is parsed from its first line to the last line it read (at most one past its
 * end), so it renders the same whatever follows: a streaming reply renders again only the blocks
 * that read its last, unfinished line. Given a GrowingParagraph (the text still streams), an unfinished
 * paragraph at the start line renders through it (a long one only in part; see growingParagraph.ts);
 * given a line, the text is whole.
 */
export function renderMarkdownBlocks(text: string, markdown: MarkdownOptions, from: number | StreamStart = 0): { blocks: MarkdownBlock[]; lines: number } {
  const lines = markdownLines(text);
  const options: RenderOptions = { ...markdown, streaming: typeof from !== 'number' };
  const blocks: MarkdownBlock[] = [];
  let start = typeof from === 'number' ? from : from.line;
  // a stream resumes after its last finished block, often at the blank line before the paragraph (blank lines make no block)
  if (typeof from !== 'number') while (start < lines.length - 1 && BLANK.test(lines[start]!)) start++;
  if (typeof from !== 'number' && start < lines.length && startsParagraph(lines, start)) {
    // A paragraph that reads the last line may still grow (a blank or block-starting last line may yet change).
    const end = paragraphEnd(lines, start);
    const node = end >= lines.length - 1 ? from.growing.render(start, lines.slice(start, end).join('\n'), (inline, into) => renderInline(inline, into, options)) : undefined;
    if (node) {
      blocks.push({ node, end, read: end });
      start = end;
    }
  }
  renderBlocks(lines, start, document.createDocumentFragment(), options, (block) => blocks.push(block));
  return { blocks, lines: lines.length };
}

function markdownLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

function startsParagraph(lines: string[], at: number): boolean {
  return !BLANK.test(lines[at]!) && !startsBlock(lines[at]!) && !startsTable(lines, at);
}

/** The index of the line after the paragraph that starts at lines[start] (a table's header row ends it too). */
function paragraphEnd(lines: string[], start: number): number {
  let i = start + 1;
  while (i < lines.length && startsParagraph(lines, i)) i++;
  return i;
}

function renderBlocks(lines: string[], from: number, parent: Node, options: RenderOptions, ended?: (block: MarkdownBlock) => void): void {
  let i = from;
  while (i < lines.length) {
    const count = parent.childNodes.length;
    const [end, read] = renderBlock(lines, i, parent, options);
    if (ended && parent.childNodes.length > count) ended({ node: parent.lastChild!, end, read });
    i = end;
  }
}

/**
 * Renders the block at lines[start] (none for a blank line) into `parent`; returns the index of the
 * line after it and of the last line its parse read (a paragraph or quote reads the line that ends it).
 */
function renderBlock(lines: string[], start: number, parent: Node, options: RenderOptions): [end: number, read: number] {
  const line = lines[start]!;
  if (BLANK.test(line)) return [start + 1, start];
  let i = start;
  const fence = FENCE.exec(line);
  if (fence) {
    const marker = fence[1]!;
    const body: string[] = [];
    i++;
    while (i < lines.length && !closesFence(lines[i]!, marker)) body.push(lines[i++]!);
    const closed = i < lines.length;
    const before = lines[start - 1]?.trim() ? lines[start - 1] : undefined;
    const source = { code: body.join('\n'), info: `${fence[2] ?? ''}${fence[3] ?? ''}`.trim(), ...(before !== undefined ? { before } : {}) };
    parent.appendChild(codeBlock(source, fence[2] ?? '', closed, options));
    return [i + 1, i]; // past the closing fence (or past the end while streaming)
  }
  const heading = HEADING.exec(line);
  if (heading) {
    const level = Math.min(heading[1]!.length + 2, 6); // h3..h6: a reply sits inside the panel's own headings
    const h = el(`h${level}` as 'h3', 'md-heading');
    renderInline(heading[2]!, h, options);
    parent.appendChild(h);
    return [i + 1, i];
  }
  if (RULE.test(line)) { parent.appendChild(el('hr')); return [i + 1, i]; }
  if (QUOTE.test(line)) {
    const quoted: string[] = [];
    while (i < lines.length && QUOTE.test(lines[i]!)) quoted.push(QUOTE.exec(lines[i++]!)![1]!);
    const quote = el('blockquote');
    renderBlocks(quoted, 0, quote, options);
    parent.appendChild(quote);
    return [i, i];
  }
  if (LIST_ITEM.test(line)) {
    const end = renderList(lines, i, parent, options);
    return [end, end + 1]; // a list looks one line past its end (does an item follow the blank line?)
  }
  const table = tableAt(lines, i, startsBlock);
  if (table) {
    parent.appendChild(renderTable(table, options));
    return [table.end, table.end]; // it reads the line that ends it
  }
  const end = paragraphEnd(lines, i);
  const p = el('p');
  renderInline(lines.slice(i, end).join('\n'), p, options);
  parent.appendChild(p);
  return [end, end];
}

/** A list from lines[start]; nested items (indented further) and continuation lines belong to the item above. */
function renderList(lines: string[], start: number, parent: Node, options: RenderOptions): number {
  const first = LIST_ITEM.exec(lines[start]!)!;
  const indent = first[1]!.length;
  const ordered = /\d/.test(first[2]!);
  const list = el(ordered ? 'ol' : 'ul');
  if (ordered && parseInt(first[2]!, 10) !== 1) (list as HTMLOListElement).start = parseInt(first[2]!, 10);
  let i = start;
  while (i < lines.length) {
    const item = LIST_ITEM.exec(lines[i]!);
    if (!item || item[1]!.length !== indent || /\d/.test(item[2]!) !== ordered) break;
    const following: string[] = [];
    i++;
    while (i < lines.length) {
      const next = lines[i]!;
      const nested = LIST_ITEM.exec(next);
      if (nested && nested[1]!.length <= indent) break;
      if (BLANK.test(next) && (i + 1 >= lines.length || !/^\s+\S/.test(lines[i + 1]!))) break;
      if (!nested && !BLANK.test(next) && !/^\s/.test(next) && startsBlock(next)) break;
      following.push(next);
      i++;
    }
    const content = [item[4]!, ...following.map(outdenter(item, following))];
    const li = el('li');
    // A tight item (one line of text) is inline; anything more is blocks.
    if (content.length === 1) renderInline(content[0]!, li, options);
    else renderBlocks(content, 0, li, options);
    list.appendChild(li);
    while (i < lines.length && BLANK.test(lines[i]!) && i + 1 < lines.length && LIST_ITEM.exec(lines[i + 1]!)?.[1]?.length === indent) i++;
  }
  parent.appendChild(list);
  return i;
}

/**
 * Takes an item's continuation lines back to where its content starts: past the marker and the
 * spaces after it (3 columns for "1. ", 4 for "10. "), so code in a numbered item keeps its own
 * indentation. Lines indented less than that (a model's 2-space continuation under "1. ") lose only
 * the indentation the first of them has.
 */
function outdenter(item: RegExpExecArray, following: string[]): (line: string) => string {
  const gap = item[3]!.length <= 4 ? item[3]!.length : 1; // 5+ spaces: the content is indented code (CommonMark)
  const offset = item[1]!.length + item[2]!.length + gap;
  const first = following.find((line) => !BLANK.test(line));
  const lead = first ? first.length - first.trimStart().length : 0;
  const strip = new RegExp(`^\\s{0,${lead > 0 ? Math.min(offset, lead) : offset}}`);
  return (line) => line.replace(strip, '');
}

/**
 * A table in a box that scrolls sideways in a narrow side bar (reachable by keyboard). Cells are
 * inline markdown; a `<br>` in one, as models write, is a line break (the only HTML read, as text).
 */
function renderTable(table: TableSource, options: RenderOptions): HTMLElement {
  const box = el('div', 'md-table-box');
  box.tabIndex = 0;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', 'Table');
  const t = el('table', 'md-table');
  const row = (cells: string[], tag: 'th' | 'td') => {
    const tr = el('tr');
    cells.forEach((cell, column) => {
      const td = el(tag, table.align[column] ? `align-${table.align[column]}` : '');
      if (tag === 'th') td.setAttribute('scope', 'col');
      cell.split(/<br\s*\/?>/i).forEach((part, n) => {
        if (n) td.appendChild(el('br'));
        renderInline(part, td, options);
      });
      tr.appendChild(td);
    });
    return tr;
  };
  const head = el('thead');
  head.appendChild(row(table.header, 'th'));
  t.appendChild(head);
  if (table.rows.length) {
    const body = el('tbody');
    for (const cells of table.rows) body.appendChild(row(cells, 'td'));
    t.appendChild(body);
  }
  box.appendChild(t);
  return box;
}

/** A fenced block; its Insert and Apply buttons appear once it is complete: closed, or the reply finished. */
function codeBlock(source: CodeBlockSource, language: string, closed: boolean, options: RenderOptions): HTMLElement {
  const { code } = source;
  const block = el('div', 'code-block');
  const header = el('div', 'code-header');
  header.append(el('span', 'code-lang', language || 'text'));
  const actions = el('span', 'code-actions');
  const growing = !closed && options.streaming === true;
  const onCodeAction = growing ? undefined : options.onCodeAction;
  if (onCodeAction) {
    const insert = smallButton('Insert', 'Insert this code at the cursor in the active editor', () => onCodeAction('insert', source));
    insert.classList.add('insert-code');
    const apply = smallButton('Apply', 'Apply this code to its file: review the change in a diff first', () => onCodeAction('apply', source));
    apply.classList.add('apply-code');
    actions.append(insert, apply);
  }
  // What Copy did is said to screen readers too, not only shown on the button.
  const said = el('span', 'visually-hidden copy-status');
  said.setAttribute('role', 'status');
  const copy = smallButton('Copy', `Copy ${language ? `${language} ` : ''}code`, (button) => {
    void copyText(code).then((ok) => {
      button.textContent = said.textContent = ok ? 'Copied' : 'Copy failed';
      setTimeout(() => { button.textContent = 'Copy'; said.textContent = ''; }, 1500);
    });
  });
  copy.classList.add('copy-code');
  actions.append(copy, said);
  header.append(actions);
  const pre = el('pre');
  const highlighted = highlightCode(code, language, growing);
  const codeEl = el('code', `${language ? `language-${language.replace(/[^\w-]/g, '')}` : ''}${highlighted ? ' hljs' : ''}`.trim(), highlighted ? undefined : code);
  if (highlighted) codeEl.append(highlighted);
  pre.append(codeEl);
  block.append(header, pre);
  return block;
}

// ---- inline ----
function renderInline(text: string, parent: Node, options: MarkdownOptions): void {
  appendInline(parseInline(text), parent, options);
}

function appendInline(tokens: InlineToken[], parent: Node, options: MarkdownOptions): void {
  for (const token of tokens) {
    switch (token.kind) {
      case 'text': parent.appendChild(document.createTextNode(token.text)); break;
      case 'code': parent.appendChild(el('code', '', token.text)); break;
      case 'link': parent.appendChild(link(token.label, token.url, options)); break;
      default: appendInline(token.children, parent.appendChild(el(token.kind)), options);
    }
  }
}

function link(label: string, url: string, options: MarkdownOptions): HTMLElement {
  if (!/^https?:\/\//i.test(url)) return el('span', 'md-link-text', label);
  const a = el('a', 'md-link', label);
  a.href = url;
  a.title = url;
  a.addEventListener('click', (event) => { event.preventDefault(); options.onOpenLink(url); });
  return a;
}
