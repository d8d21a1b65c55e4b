// The SyntaxTagger port on web-tree-sitter: one parser, each language's grammar and compiled tag
// query loaded on first use. A grammar or query that fails to load makes that language unavailable
// (GrammarUnavailableError, reported once by the index); a parse that runs past its time limit fails
// that file only.
import { Language, Parser, Query, type QueryCapture } from 'web-tree-sitter';
import { GRAMMAR, GrammarUnavailableError, symbolsFromMatches, TAG_QUERIES, type CaptureNode, type FileSymbols, type LanguageId, type SyntaxTagger, type TagMatch } from '../../core/codeIndex';
import { wasmPath } from './wasmFiles';
import { errorMessage } from '../../core/errorMessage';

/** Parsing one file stops after this long (a pathological file must not hold the index up). */
const PARSE_TIME_LIMIT_MS = 5_000;
/** Captures whose text the index reads; a whole definition's text is never copied out. */
const TEXT_CAPTURES = new Set(['name', 'scope', 'scope.name', 'reference']);

let runtime: Promise<void> | undefined;

function initRuntime(): Promise<void> {
  runtime ??= Parser.init({ locateFile: () => wasmPath('web-tree-sitter.wasm') }).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

interface Loaded { language: Language; definitions: Query; references: Query }

/**
 * A query's top-level patterns split in two: definitions (run as matches, whose captures belong
 * together) and single-capture references (run as captures, about half the cost of matches).
 */
export function splitQuery(query: string): { definitions: string; references: string } {
  const definitions: string[] = [];
  const references: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === ';' && depth === 0) { while (i < query.length && query[i] !== '\n') i++; continue; }
    if (ch === '"') { for (i++; i < query.length && query[i] !== '"'; i++) if (query[i] === '\\') i++; continue; }
    if (ch === '(' || ch === '[') { if (depth++ === 0) start = i; }
    else if (ch === ')' || ch === ']') {
      if (--depth === 0) {
        // Quantifiers and captures written after the pattern belong to it.
        let end = i + 1;
        for (;;) {
          const after = /^[ \t]*(?:[*+?]|@[\w.]+)/.exec(query.slice(end, end + 80));
          if (!after) break;
          end += after[0].length;
        }
        const pattern = query.slice(start, end);
        (/@reference\b/.test(pattern) ? references : definitions).push(pattern);
        i = end - 1;
      }
    }
  }
  return { definitions: definitions.join('\n'), references: references.join('\n') };
}

export interface TreeSitterTaggerOptions {
  /** Where grammar files are found (default: wasmPath). Tests point it at a broken file. */
  grammarPath?: (grammar: string) => string;
}

export class TreeSitterTagger implements SyntaxTagger {
  private parser?: Parser;
  private readonly loaded = new Map<LanguageId, Promise<Loaded>>();

  constructor(private readonly options: TreeSitterTaggerOptions = {}) {}

  private load(language: LanguageId): Promise<Loaded> {
    let entry = this.loaded.get(language);
    if (!entry) {
      entry = (async () => {
        try {
          await initRuntime();
          const path = (this.options.grammarPath ?? ((g) => wasmPath(`tree-sitter-${g}.wasm`)))(GRAMMAR[language]);
          const lang = await Language.load(path);
          const parts = splitQuery(TAG_QUERIES[language]);
          return { language: lang, definitions: new Query(lang, parts.definitions), references: new Query(lang, parts.references) };
        } catch (error) {
          throw new GrammarUnavailableError(language, errorMessage(error));
        }
      })();
      this.loaded.set(language, entry);
    }
    return entry;
  }

  async extract(language: LanguageId, source: string): Promise<FileSymbols> {
    return symbolsFromMatches(await this.tag(language, source), source);
  }

  /** The raw query matches (what `extract` turns into symbols). */
  async tag(language: LanguageId, source: string): Promise<TagMatch[]> {
    const { language: lang, definitions, references } = await this.load(language);
    const parser = (this.parser ??= new Parser());
    parser.setLanguage(lang);
    const deadline = Date.now() + PARSE_TIME_LIMIT_MS;
    const tree = parser.parse(source, null, { progressCallback: (() => Date.now() > deadline) as () => void });
    if (!tree) {
      parser.reset();
      throw new Error(`parsing took longer than ${PARSE_TIME_LIMIT_MS / 1000} s`);
    }
    const capture = (c: QueryCapture): CaptureNode => ({
      name: c.name,
      text: TEXT_CAPTURES.has(c.name) ? c.node.text : '',
      startRow: c.node.startPosition.row,
      endRow: c.node.endPosition.row,
      startIndex: c.node.startIndex,
      endIndex: c.node.endIndex,
    });
    try {
      const matches = definitions.matches(tree.rootNode).map((m) => m.captures.map(capture));
      for (const c of references.captures(tree.rootNode)) matches.push([capture(c)]);
      return matches;
    } finally {
      tree.delete();
    }
  }

  dispose(): void {
    this.parser?.delete();
    this.parser = undefined;
    for (const entry of this.loaded.values()) void entry.then((l) => { l.definitions.delete(); l.references.delete(); }, () => undefined);
    this.loaded.clear();
  }
}
