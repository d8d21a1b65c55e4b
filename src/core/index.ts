// The programmatic API of SmallCode's pure core, built as dist/core.js (CommonJS, plain Node, no `vscode`).
export { buildFixSelectionTask } from './fixSelectionTask';
export type { FixSelectionInput, SelectionDiagnostic } from './fixSelectionTask';
