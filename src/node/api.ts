// The programmatic API built as dist/core.js: the pure core plus what it needs to run on the plain
// file system (the Node implementations of its ports), loadable with plain `node`, no VS Code.
export * from '../core/index';
export * from './index';
export { SmallCode, type SmallCodeOptions, type SmallCodeResult } from './smallCode'; // the headless agent (issue 6)
