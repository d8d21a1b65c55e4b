// The SyntaxTagger port on web-tree-sitter: one parser, each language's grammar and compiled tag
// query loaded on first use. A grammar or query that fails to load makes that language unavailable
// (GrammarUnavailableError, reported once by the index); a parse that runs past its time limit fails
// that file only.
import { Language, Parser, Query, type QueryCapture } from 'web-tree-sitter';
import { GRAMMAR, GrammarUnavailableError, symbolsFromMatches, TAG_QUERIES, textToParse, type CaptureNode, type FileSymbols, type LanguageId, type SyntaxTagger, type TagMatch } from '../../core/codeIndex';
import { wasmModule } from './wasmModules';
import { grammarWasm, RUNTIME_WASM } from './wasmFiles';
import { wasm, type WasmInstance, type WasmModule } from './wasmApi';
import { errorMessage } from '../../core/errorMessage';

/** Parsing one file stops after this long (a pathological file must not hold the index up). */
const PARSE_TIME_LIMIT_MS = 5_000;
/**
 * Captures that are an identifier (the index reads their text and line); every other capture is a
 * definition's or a block's node, of which only the range is read — its text is never copied out.
 */
const IDENTIFIER_CAPTURES = new Set(['name', 'scope', 'scope.name', 'reference', 'reference.value', 'reference.import', 'import', 'supertype', 'supertype.of']);

let runtime: Promise<void> | undefined;

/** The runtime from the thread's shared module (see wasmModules), instantiated with emscripten's imports. */
function initRuntime(): Promise<void> {
  runtime ??= wasmModule(RUNTIME_WASM).then((module) => Parser.init({
    instantiateWasm: (imports: object, done: (instance: WasmInstance, module: WasmModule) => void) => {
      done(new wasm.Instance(module, imports), module);
      return {};
    },
  } as object)).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

interface Loaded { language: Language; query: Query }

/** An identifier is one line: its end comes from its text. A definition's node: its range, no text. */
function capture(c: QueryCapture, source: string): CaptureNode {
  const node = c.node;
  const startIndex = node.startIndex;
  const startRow = node.startPosition.row;
  if (IDENTIFIER_CAPTURES.has(c.name)) {
    const endIndex = node.endIndex;
    return { name: c.name, text: source.slice(startIndex, endIndex), startRow, endRow: startRow, startIndex, endIndex };
  }
  return { name: c.name, text: '', startRow, endRow: node.endPosition.row, startIndex, endIndex: node.endIndex };
}

export interface TreeSitterTaggerOptions {
  /** Where grammar files are found (default: wasmPath). Tests point it at a broken file. */
  grammarPath?: (grammar: string) => string;
}

export class TreeSitterTagger implements SyntaxTagger {
  private parser?: Parser;
  /** Set by dispose: a load still under way (a background warm-up) then makes no new parser. */
  private disposed = false;
  private readonly loaded = new Map<LanguageId, Promise<Loaded>>();

  constructor(private readonly options: TreeSitterTaggerOptions = {}) {}

  private load(language: LanguageId): Promise<Loaded> {
    let entry = this.loaded.get(language);
    if (!entry) {
      entry = (async () => {
        try {
          await initRuntime();
          const lang = this.options.grammarPath
            ? await Language.load(this.options.grammarPath(GRAMMAR[language]))
            : Language.loadSync(await wasmModule(grammarWasm(language)));
          return { language: lang, query: new Query(lang, TAG_QUERIES[language]) };
        } catch (error) {
          throw new GrammarUnavailableError(language, errorMessage(error));
        }
      })();
      this.loaded.set(language, entry);
    }
    return entry;
  }

  async extract(language: LanguageId, source: string): Promise<FileSymbols> {
    return symbolsFromMatches(await this.tag(language, source), source, language);
  }

  /**
   * The raw query matches (what `extract` turns into symbols). One query, definitions and references
   * together: running it costs one walk of the tree, about as much as either half alone (measured:
   * two queries were 40 % of the time spent tagging Go). Each capture crosses from WASM only with what
   * the index keeps — every node getter beyond the start is another call into WASM.
   */
  async tag(language: LanguageId, source: string): Promise<TagMatch[]> {
    const { language: lang, query } = await this.load(language);
    if (this.disposed) throw new Error('The tagger was disposed.');
    const parser = (this.parser ??= new Parser());
    parser.setLanguage(lang);
    const deadline = Date.now() + PARSE_TIME_LIMIT_MS;
    const tree = parser.parse(textToParse(language, source), null, { progressCallback: (() => Date.now() > deadline) as () => void });
    if (!tree) {
      parser.reset();
      throw new Error(`parsing took longer than ${PARSE_TIME_LIMIT_MS / 1000} s`);
    }
    try {
      return query.matches(tree.rootNode).map((m) => m.captures.map((c) => capture(c, source)));
    } finally {
      tree.delete();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.parser?.delete();
    this.parser = undefined;
    for (const entry of this.loaded.values()) void entry.then((l) => l.query.delete(), () => undefined);
    this.loaded.clear();
  }
}
