// The core (model client, parser, edit engine, budget…) and its file-system ports are ~1 MB of JavaScript. The extension loads
// it from dist/core.js on first use, not at activation, so opening VS Code costs nothing.
import * as path from 'node:path';
import type * as Core from '../node/api';

let core: typeof Core | undefined;

export function loadCore(): typeof Core {
  // A computed path keeps esbuild from inlining the bundle into extension.js.
  core ??= require(path.join(__dirname, 'core.js')) as typeof Core;
  return core;
}
