// The patch-first edit engine: parse SEARCH/REPLACE blocks, place them with tiered matching,
// refuse with feedback the model can act on, and diff hunks for review.
export { parseEditBlocks, parseEditReply } from './parseEditBlocks';
export type { EditBlockList, ParsedReply } from './parseEditBlocks';
export { applySearchReplace } from './applySearchReplace';
export { applyEdits } from './applyEdits';
export { computeHunks, applyHunks, onlyHunksApplied, formatHunks } from './hunks';
export type { ApplyHunksResult } from './hunks';
export { HunkReview, type HunkState } from './hunkReview';
export { locateHunk, projectHunks, placeForApply, hunkLabel, type HunkLocation, type PlacedHunk, type Projection, type Placement, type Replacement } from './hunkLocation';
export type { HunkLines, Addition } from './hunkLines';
export { isPlaceholderLine, isRedactionMark, newPlaceholderLine } from './placeholders';
export { withLineEndingsOf } from './text';
export type * from './types';
