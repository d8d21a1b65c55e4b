// Inline markdown in a reply: what each span renders as, and a parse whose time grows with the
// text's length only, however many `*`, `_`, `~~`, backticks or `[` never close (C or Python prose,
// `int *p`, `*args`, a looping model's one huge paragraph).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInline, type InlineToken } from '../../../src/webview/inlineMarkdown';
import { assertScalesLinearly } from '../../support/linear';

/** The tokens as HTML-like text, to compare at a glance. */
function shown(tokens: InlineToken[]): string {
  return tokens.map((t) => {
    switch (t.kind) {
      case 'text': return t.text;
      case 'code': return `<code>${t.text}</code>`;
      case 'link': return `<a href="${t.url}">${t.label}</a>`;
      default: return `<${t.kind}>${shown(t.children)}</${t.kind}>`;
    }
  }).join('');
}

test('spans render as they always did: code, escapes, links, bare URLs, bold, italic, strike-through', () => {
  const cases: [string, string][] = [
    ['Text with *em* and a [link](https://example.com).', 'Text with <em>em</em> and a <a href="https://example.com">link</a>.'],
    ['I re-read `src/cli.ts`; the flag is now parsed and **the tests pass**.', 'I re-read <code>src/cli.ts</code>; the flag is now parsed and <strong>the tests pass</strong>.'],
    ['<iframe src="https://evil.example"></iframe> **bold <b>not html</b>** and my_snake_case a__b__c names',
      '<iframe src="<a href="https://evil.example">https://evil.example</a>"></iframe> <strong>bold <b>not html</b></strong> and my_snake_case a__b__c names'],
    // The first `*p` pairs with the next `*` that follows ink, as a lazy match does.
    ['int *p, *q; use `` a`b `` and ~~old~~ __init__ _it_ \\*not em\\*', 'int <em>p, *q; use <code>a`b</code> and <del>old</del> <strong>init</strong> <em>it</em> \\</em>not em*'],
    ['see <https://a.b/c>, then http://x.y/z. [a](http://u "title") [b](javascript:x)',
      'see <a href="https://a.b/c">https://a.b/c</a>, then <a href="http://x.y/z">http://x.y/z</a>. <a href="http://u">a</a> <a href="javascript:x">b</a>'],
    ['**a *b* c** and *unclosed and `tick and _under', '<strong>a <em>b</em> c</strong> and *unclosed and `tick and _under'],
    ['first *line\nsecond* line', 'first <em>line\nsecond</em> line'],
    // A run of backticks closes with a run as long; failing that, a shorter opening run is tried.
    ['```a``` and ``b`` and ` c ` and ``d`', '<code>a</code> and <code>b</code> and <code>c</code> and <code>`d</code>'],
    // A label runs from the first `[` to the first `]`; a bare URL ends before a closing bracket.
    ['[[a](http://x) [b]c] [d]\n(http://yz)', '<a href="http://x">[a</a> [b]c] [d]\n(<a href="http://yz">http://yz</a>)'],
  ];
  for (const [text, expected] of cases) assert.equal(shown(parseInline(text)), expected, text);
});

test('a bare URL keeps its balanced parentheses, not one that closes the prose; ***x*** is bold and italic', () => {
  const cases: [string, string][] = [
    ['see https://en.wikipedia.org/wiki/Foo_(bar) for more', 'see <a href="https://en.wikipedia.org/wiki/Foo_(bar)">https://en.wikipedia.org/wiki/Foo_(bar)</a> for more'],
    ['(docs: https://x.y/a_(b)_c), and https://x.y/z).', '(docs: <a href="https://x.y/a_(b)_c">https://x.y/a_(b)_c</a>), and <a href="https://x.y/z">https://x.y/z</a>).'],
    ['***both*** and **a *b*** and **bold***', '<strong><em>both</em></strong> and <strong>a <em>b</em></strong> and <strong>bold</strong>*'],
  ];
  for (const [text, expected] of cases) assert.equal(shown(parseInline(text)), expected, text);
});

test('openers that never close cost time linear in the paragraph, not its length times their number', () => {
  const repeated: [string, string][] = [
    ['a C pointer', 'int *p, '],
    ['an underscore', 'x _y '],
    ['bold', 'a **b '],
    ['underscored bold', 'a __b '],
    ['strike-through', 'a ~~b '],
    ['a bracket', 'a[i '],
  ];
  const texts: [string, (n: number) => string][] = [
    ...repeated.map(([label, piece]): [string, (n: number) => string] => [`${label} (${JSON.stringify(piece)} repeated)`, (n) => piece.repeat(n)]),
    // Each run of backticks is longer than the last, so none finds a closer (nor does a shorter run of it).
    ['runs of backticks, each longer', (n) => { let text = ''; for (let run = 1; text.length < n * 4; run++) text += `x ${'`'.repeat(run)} `; return text; }],
    ['brackets before one ]', (n) => `${'['.repeat(n * 4)}] no link`],
  ];
  for (const [label, make] of texts) assertScalesLinearly(label, make, (text) => assert.ok(parseInline(text).length > 0), 500);
});
