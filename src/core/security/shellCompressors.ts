// Single-file compressors (gzip, xz, bzip2, zstd, lz4…) replace each file they are given: `gunzip
// x.json.gz` writes x.json and removes x.json.gz, `gzip package.json` writes package.json.gz and removes
// package.json. Both names are on the command line, so they are judged like any other write; to standard
// output (`-c`, `zcat`) or only testing or listing, nothing is written.
import { readOptions, type Takes } from './shellOptions';
import { ownEntry } from './ownEntry';

interface Compressor {
  /** The suffixes it adds and removes, the first the one it adds. */
  suffixes: string[];
  /** Short options that take a value (`zstd -o out`, `gzip -S .z`). */
  valued: string;
  /** It keeps the file it was given unless told (`--rm`). */
  keeps?: true;
}

const COMPRESSORS: Record<string, Compressor> = {
  gzip: { suffixes: ['.gz', '.z', '-gz', '-z', '_z'], valued: 'S' },
  pigz: { suffixes: ['.gz', '.zz', '.z', '-gz', '-z', '_z'], valued: 'bSpIM' },
  bzip2: { suffixes: ['.bz2', '.bz'], valued: '' },
  xz: { suffixes: ['.xz', '.lzma'], valued: 'FCTM' },
  lzma: { suffixes: ['.lzma'], valued: 'FCTM' },
  zstd: { suffixes: ['.zst'], valued: 'oDTBM', keeps: true },
  lz4: { suffixes: ['.lz4'], valued: 'B', keeps: true },
  brotli: { suffixes: ['.br'], valued: 'oqwSD', keeps: true },
};
/** Names that decompress (`gunzip`) or print (`zcat`) without being told. */
const ALIASES: Record<string, [string, 'decompress' | 'print']> = {
  gunzip: ['gzip', 'decompress'], unpigz: ['pigz', 'decompress'], bunzip2: ['bzip2', 'decompress'], unxz: ['xz', 'decompress'],
  unlzma: ['lzma', 'decompress'], unzstd: ['zstd', 'decompress'], unlz4: ['lz4', 'decompress'],
  zcat: ['gzip', 'print'], gzcat: ['gzip', 'print'], bzcat: ['bzip2', 'print'], xzcat: ['xz', 'print'], lzcat: ['lzma', 'print'], zstdcat: ['zstd', 'print'], lz4cat: ['lz4', 'print'],
};
/** A tarball's short suffixes: `x.tgz` decompresses to `x.tar`. */
const TARBALLS: Record<string, string> = { '.tgz': '.tar', '.taz': '.tar', '.tbz': '.tar', '.tbz2': '.tar', '.txz': '.tar', '.tzst': '.tar' };

/** Files `name args` writes or removes, as named; empty for other commands. */
export function compressorFiles(name: string, args: string[]): string[] {
  const [tool, implied] = ownEntry(ALIASES, name) ?? [name, undefined];
  const compressor = ownEntry(COMPRESSORS, tool);
  if (!compressor || implied === 'print') return [];
  let decompress = implied === 'decompress';
  let quiet = false;
  let keep = compressor.keeps === true;
  let output: string | undefined;
  let suffix: string | undefined;
  const takes = (o: string): Takes => (compressor.valued.includes(o) && o.length === 1 ? 'next' : ['--output', '--suffix', '--format', '--threads'].includes(o) ? 'next' : undefined);
  const operands = readOptions(args, takes, (option, value) => {
    if (option === 'd' || option === '--decompress' || option === '--uncompress') decompress = true;
    // to standard output, testing, listing: no file written
    if (['c', 't', '--stdout', '--to-stdout', '--test', '--list'].includes(option) || (option === 'l' && tool !== 'lz4')) quiet = true; // lz4's -l: the legacy format
    if (option === 'k' || option === '--keep') keep = true;
    if (option === '--rm' || (option === 'j' && tool === 'brotli')) keep = false;
    if ((option === 'o' || option === '--output') && tool !== 'xz' && tool !== 'lzma') output = value;
    if ((option === 'S' || option === '--suffix') && tool !== 'brotli') suffix = value;
  }).filter((f) => f !== '-');
  if (quiet || operands.length === 0) return [];
  // lz4 takes `input [output]`
  if (tool === 'lz4' && operands.length === 2 && output === undefined) output = operands.pop();
  const written = output !== undefined ? [output] : operands.flatMap((file) => (decompress ? stripped(file, suffix ? [suffix] : compressor.suffixes) : [file + (suffix ?? compressor.suffixes[0])]));
  return keep ? written : [...written, ...operands];
}

/** The name a compressed file decompresses to; none when it has no suffix the tool knows (it refuses). */
function stripped(file: string, suffixes: string[]): string[] {
  const tarball = Object.keys(TARBALLS).find((s) => file.toLowerCase().endsWith(s));
  if (tarball) return [file.slice(0, -tarball.length) + TARBALLS[tarball]];
  const known = suffixes.find((s) => file.toLowerCase().endsWith(s) && file.length > s.length);
  return known ? [file.slice(0, -known.length)] : [];
}
