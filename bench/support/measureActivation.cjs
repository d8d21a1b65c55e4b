// Loaded by VS Code as extensionTestsPath: activates SmallCode in the real extension host and writes
// how long it took (module load + activate(), and activate()'s own figure) for bench/extension.bench.mjs.
const fs = require('node:fs');
const vscode = require('vscode');

exports.run = async function run() {
  const extension = vscode.extensions.getExtension('smallcode.smallcode');
  if (!extension) throw new Error('smallcode.smallcode is not installed');
  const wasActive = extension.isActive;
  const started = performance.now();
  const api = await extension.activate();
  const totalMs = performance.now() - started;
  fs.writeFileSync(process.env.SMALLCODE_BENCH_OUT, JSON.stringify({ wasActive, totalMs, activateMs: api.activationMs }));
};
