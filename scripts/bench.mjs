// `npm run bench`: runs every benchmark in bench/ (TypeScript through tsx, .mjs as is) and prints
// their figures. `npm run bench -- edits` runs only the benchmarks whose file name contains "edits".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const benches = readdirSync(join(root, 'bench')).filter((f) => /\.bench\.(ts|mjs)$/.test(f) && f.includes(filter)).sort();
let failures = 0;
for (const file of benches) {
  console.log(`\n=== ${file.replace(/\.bench\.\w+$/, '')} ===`);
  const args = file.endsWith('.ts') ? ['--import', 'tsx', join('bench', file)] : [join('bench', file)];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) { failures++; console.log(`(${file} failed with exit ${result.status})`); }
}
process.exit(failures ? 1 : 0);
