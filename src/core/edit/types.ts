// Shapes shared by the edit engine. Plain data only: results cross the agent loop, the tool layer
// and the webview, so nothing here holds functions or class instances.

/** One SEARCH/REPLACE block as the model wrote it (CRLF folded to LF, markers removed). */
export interface EditBlock {
  /** File the block targets, when the reply names one (the line before the fence, or the fence info). */
  path?: string;
  search: string;
  replace: string;
  /** Roo-style `:start_line:` / `:end_line:` header inside the SEARCH section (1-based). */
  startLine?: number;
  endLine?: number;
}

/** Why a reply or an edit text could not be read as blocks. */
export interface BlockProblem {
  kind: 'truncated' | 'malformed' | 'no-blocks';
  /** 1-based index of the block the problem is in (the block being read when it happened). */
  block: number;
  /** 1-based line in the model's text. */
  line: number;
  message: string;
}

export interface ApplyOptions {
  /** Replace every occurrence instead of requiring exactly one (separate search/replace pairs). */
  replaceAll?: boolean;
  /** 1-based line hints: where the model believes the SEARCH text starts / ends. */
  startLine?: number;
  endLine?: number;
}

/** Which matching tier located a block: the further down the list, the more forgiving. */
export type MatchTier =
  | 'exact'
  | 'trailing-whitespace'
  | 'indentation'
  | 'line-numbers'
  | 'elision'
  | 'fuzzy'
  | 'insert';

/** Where one block landed (1-based, inclusive, in the content the block was applied to). */
export interface AppliedBlock {
  block: number;
  tier: MatchTier;
  startLine: number;
  endLine: number;
  occurrences: number;
}

export interface ApplySuccess {
  ok: true;
  content: string;
  /**
   * The file already reads as REPLACE around the one place SEARCH matched (REPLACE keeps SEARCH and
   * adds to it): the edit was made before, and `content` would write the added text a second time.
   */
  alreadyApplied?: true;
  applied: AppliedBlock[];
  /** Diff of original → content (jsdiff structured hunks) for previews and per-hunk review. */
  hunks: EditHunk[];
}

export interface ApplyFailure {
  ok: false;
  /** Written for the model: which block, why, the closest region with line numbers, what to do next. */
  error: string;
  /** 1-based index of the block that failed (0 when the edit text itself could not be read). */
  block: number;
  reason: 'no-match' | 'ambiguous' | 'malformed' | 'truncated' | 'no-blocks' | 'placeholder' | 'invalid';
}

export type ApplyResult = ApplySuccess | ApplyFailure;

/** A jsdiff hunk plus the exact old/new text it covers (with the file's own line endings). */
export interface EditHunk {
  index: number;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Unified-diff body lines (' ', '-', '+' prefixed), for display. */
  lines: string[];
  /** Exact text of the old and new ranges, line endings included, to apply or revert the hunk. */
  oldText: string;
  newText: string;
}
