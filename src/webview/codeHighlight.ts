// Syntax highlighting of code blocks in replies, with highlight.js's core and only the languages
// small models are asked about (the full bundle with its ~190 grammars is ~10× larger). Colours come from VS Code's theme
// (webview.css maps highlight.js's classes to --vscode-* variables), so light, dark and high-contrast
// themes are right without a theme of our own. No language guessing: an unnamed or unknown language
// stays plain text (guessing costs every language's grammar and is often wrong on short snippets).
// highlight.js escapes the code and returns markup of <span class="hljs-…"> only; that markup is read
// in an inert document and rebuilt node by node, keeping nothing but those spans and text, so what a
// model writes still never becomes markup of its own.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// The code index's languages, plus shell, data and diff. CSS and SQL (13 and 7 kB minified) are left
// out, C is read by the C++ grammar: together that keeps the panel's script ~25 kB smaller.
const LANGUAGES = { bash, cpp, csharp, diff, go, java, javascript, json, php, python, ruby, rust, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
// Names models put on fences that the grammars above do not declare as aliases.
hljs.registerAliases(['tsx', 'mts', 'cts'], { languageName: 'typescript' });
hljs.registerAliases(['jsx', 'mjs', 'cjs', 'node'], { languageName: 'javascript' });
hljs.registerAliases(['shell', 'console', 'sh', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['vue', 'svelte'], { languageName: 'xml' });
hljs.registerAliases(['c', 'h'], { languageName: 'cpp' });

/** Blocks longer than this stay plain: highlighting them would hold up the panel. */
const MAX_HIGHLIGHT_CHARS = 100_000;
/**
 * A block still streaming changes at every render (every 50 ms), so it cannot come from the cache;
 * highlighting costs ~80 µs per line (a 288-line TypeScript file: 23 ms, measured in Node). Up to
 * this size (~50 lines, ~4 ms) it is highlighted as it grows; a longer one stays plain until its
 * fence closes, then is highlighted once.
 */
const MAX_GROWING_CHARS = 3_000;
/**
 * Highlighted blocks by language and code. A streaming reply is re-rendered every 50 ms; the blocks
 * it has finished come from here, so only the block still growing is highlighted again.
 */
const cache = new Map<string, DocumentFragment>();
const CACHE_ENTRIES = 64;

const SAFE_CLASS = /^hljs-[\w-]+$|^[\w-]+_$/;
const parser = new DOMParser();

/**
 * The code as highlighted nodes, or undefined when it stays plain (a language we do not highlight,
 * too long, or still `growing` — streaming — and past MAX_GROWING_CHARS).
 */
export function highlightCode(code: string, language: string, growing = false): DocumentFragment | undefined {
  const name = language.toLowerCase();
  if (!name || !hljs.getLanguage(name) || code.length > (growing ? MAX_GROWING_CHARS : MAX_HIGHLIGHT_CHARS)) return undefined;
  const key = `${name}\u0000${code}`;
  let fragment = cache.get(key);
  if (!fragment) {
    fragment = toNodes(hljs.highlight(code, { language: name, ignoreIllegals: true }).value);
    if (growing) return fragment; // it will not be asked for again as it is
    cache.set(key, fragment);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  } else {
    // Most recently used last, so the oldest entry is the one dropped.
    cache.delete(key);
    cache.set(key, fragment);
  }
  return fragment.cloneNode(true) as DocumentFragment;
}

function toNodes(markup: string): DocumentFragment {
  const out = document.createDocumentFragment();
  copy(parser.parseFromString(`<pre>${markup}</pre>`, 'text/html').body.firstChild!, out);
  return out;
}

/** Copies text and highlight.js's spans (their safe classes only); anything else contributes its text. */
function copy(from: Node, to: Node): void {
  for (const child of from.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(child.textContent ?? ''));
    } else if (child instanceof Element && child.tagName === 'SPAN') {
      const span = document.createElement('span');
      const classes = [...child.classList].filter((name) => SAFE_CLASS.test(name));
      if (classes.length) span.className = classes.join(' ');
      copy(child, span);
      to.appendChild(span);
    } else {
      to.appendChild(document.createTextNode(child.textContent ?? ''));
    }
  }
}
