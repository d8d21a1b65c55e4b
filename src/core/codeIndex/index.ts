// The code index (issue 11): tree-sitter definitions and references in SQLite, symbol lookup,
// explain_symbol, the repo map. Host implementations of the ports are in src/node.
export { CodeIndexCore, type CodeIndexPorts, type CodeIndexOptions, type IndexState } from './codeIndex';
export { GrammarUnavailableError, type CaptureNode, type TagMatch, type SyntaxTagger, type IndexFileSource, type SourceFileInfo, type SqlDatabase, type SqlEngine, type SqlStatement, type SqlValue, type IndexStorage, type StoredIndexBytes } from './ports';
export { languageOf, GRAMMAR, LANGUAGES, LANGUAGE_NAMES, type LanguageId } from './languages';
export { TAG_QUERIES } from './queries';
export { textToParse } from './parseText';
export { symbolsFromMatches, type FileSymbols, type SymbolDefinition, type SymbolKind, type SymbolReference } from './symbols';
export { DEFAULT_INDEX_LIMITS, type IndexLimits, type IndexProgress, type UpdateOptions, type UpdateSummary } from './indexer';
export type { SymbolHit, ReferenceHit, FindOptions } from './lookup';
export { focusFromTask, type RepoMapFocus, type RepoMapOptions } from './repoMap';
export type { ExplainOptions } from './explain';
export { INDEX_SCHEMA } from './schema';
export { formatIndexState, repoMapTokens } from './present';
export type { CodeIntel } from './codeIntel';
export { taskRepoMap, MAP_TIMEOUT_MS } from './taskMap';
export { waitForIndex } from './indexWait';
export { isUnreadableIndexWarning } from './warnings';
