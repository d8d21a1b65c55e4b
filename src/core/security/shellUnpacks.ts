// Commands that write files named in their input, not on their command line: a patch (`git apply`,
// `git am`, `patch`) and an archive (`tar x`, `bsdtar`, `unzip`, `7z x`, `cpio -i`, `unrar x`, `jar x`,
// `pax -r`). What the input holds
// is not known before the command runs: it may replace package.json or .vscode/tasks.json, and a patch
// the model wrote is an edit that skipped the edit review. What the command line does show is where
// they write (`tar -C`, `unzip -d`, `git apply --directory`, `patch -d`), or the one file (`patch -o`).
// Listing, checking or printing (`tar t`, `unzip -l`, `git apply --check`, `patch --dry-run`) writes nothing.
import { fromEach, isScratch, writeWarning } from './shellWrites';
import { isLongOption, readOptions, type Takes } from './shellOptions';

export interface Unpacked {
  what: 'patch' | 'archive';
  /** Folders its files land in, as the command names them ('.': where it runs); undefined: anywhere (absolute names, `../`). */
  into?: string[];
  /** The one file it writes instead (`patch -o out`, `patch app.c fix.diff`). */
  file?: string;
}

/** How each program's command line says whether, and where, it writes from its input. */
const READERS = new Map<string, (args: string[]) => Unpacked | undefined>([
  ['tar', tar], ['gtar', tar], ['bsdtar', tar], ['unzip', unzip], ['7z', sevenZip], ['7za', sevenZip], ['7zr', sevenZip], ['7zz', sevenZip], ['cpio', cpio], ['patch', patch],
  ['unrar', unrar], ['rar', unrar], ['jar', jar], ['pax', pax],
]);

/** The files `name args` writes from its input; undefined when it writes none (or is no such command). */
export function unpacked(name: string, args: string[]): Unpacked | undefined {
  return READERS.get(name)?.(args);
}

/** `git apply` and `git am` (`sub`) with the words after the subcommand; `dir`: git's own `-C`. */
export function gitPatch(sub: string | undefined, args: string[], dir = '.'): Unpacked | undefined {
  if (sub !== 'apply' && sub !== 'am') return undefined;
  const seen = new Set<string>();
  let directory: string | undefined;
  const takes = (o: string): Takes => (['p', 'C', '--directory', '--exclude', '--include', '--whitespace', '--patch-format', '--resolvemsg'].includes(o) ? 'next' : undefined);
  readOptions(args, takes, (option, value) => {
    seen.add(option);
    if (option === '--directory') directory = value;
  });
  const only = (...options: string[]) => options.some((o) => seen.has(o));
  // apply: reports without `--apply`; am: the session's bookkeeping
  if (sub === 'apply' && only('--check', '--stat', '--numstat', '--summary') && !seen.has('--apply')) return undefined;
  if (sub === 'am' && only('--abort', '--quit', '--show-current-patch')) return undefined;
  return { what: 'patch', into: [directory === undefined ? dir : `${dir}/${directory}`] };
}

const TAR_VALUED = new Set(['f', 'C', 'b', 'T', 'X', 'g', 'K', 'L', 'N', 'V', 'H', 'I', 'F', '--file', '--directory', '--files-from', '--exclude-from', '--use-compress-program', '--blocking-factor', '--format', '--newer', '--label', '--owner', '--group', '--mode', '--exclude']);

function tar(args: string[]): Unpacked | undefined {
  // the traditional form bundles the first word without a dash: `tar xzf a.tgz` is `tar -xzf a.tgz`
  const words = args[0] !== undefined && /^[A-Za-z]+$/.test(args[0]) ? [`-${args[0]}`, ...args.slice(1)] : args;
  let extract = false;
  let toStdout = false;
  let absolute = false;
  const into: string[] = [];
  readOptions(words, (o) => (TAR_VALUED.has(o) ? 'next' : undefined), (option, value) => {
    if (option === 'x' || option === '--extract' || option === '--get') extract = true;
    if (option === 'O' || option === '--to-stdout') toStdout = true;
    if (option === 'P' || isLongOption(option, '--absolute-names', 3)) absolute = true;
    // getopt takes any unambiguous start of a long name (`--dir=`)
    if ((option === 'C' || isLongOption(option, '--directory', 3)) && value !== undefined) into.push(value);
  });
  if (!extract || toStdout) return undefined;
  // -P keeps the archive's absolute names (and `..`): its files may land anywhere, whatever -C says
  if (absolute) return { what: 'archive', into: undefined };
  return { what: 'archive', into: into.length ? into : ['.'] };
}

function unzip(args: string[]): Unpacked | undefined {
  let lists = false;
  let climbs = false;
  let into = '.';
  readOptions(args, (o) => ('dxPOI'.includes(o) ? 'next' : undefined), (option, value) => {
    // -l, -v, -Z list; -t tests; -p, -c print; -z shows the comment
    if ('lvZtpcz'.includes(option) && option.length === 1) lists = true;
    if (option === 'd' && value !== undefined) into = value;
    if (option === ':') climbs = true; // keeps `../` in names: files may land above -d's folder
  });
  return lists ? undefined : { what: 'archive', into: climbs ? undefined : [into] };
}

/** 7-Zip's commands are words (`x`, `e`) and its switches glue their values (`-o{dir}`, `-so`). */
function sevenZip(args: string[]): Unpacked | undefined {
  const command = args.find((a) => !a.startsWith('-'));
  if ((command !== 'x' && command !== 'e') || args.includes('-so')) return undefined;
  const output = args.findLast((a) => a.startsWith('-o'));
  return { what: 'archive', into: [output ? output.slice(2) || '.' : '.'] };
}

function cpio(args: string[]): Unpacked | undefined {
  let mode: string | undefined;
  let lists = false;
  let relative = false;
  let directory = '.';
  const operands = readOptions(args, (o) => ('CDEFHIMOR'.includes(o) && o.length === 1 ? 'next' : ['--directory', '--file', '--format', '--owner'].includes(o) ? 'next' : undefined), (option, value) => {
    if (option === 'i' || option === '--extract') mode = 'in';
    if (option === 'p' || option === '--pass-through') mode = 'pass';
    if (option === 't' || option === '--list') lists = true;
    if (option === '--no-absolute-filenames') relative = true;
    if ((option === 'D' || option === '--directory') && value !== undefined) directory = value;
  });
  if (mode === 'pass') return { what: 'archive', into: [operands[0] ?? '.'] };
  if (mode !== 'in' || lists) return undefined;
  // cpio keeps an archive's absolute names unless told not to: its files may land anywhere
  return { what: 'archive', into: relative ? [directory] : undefined };
}

/** RAR's commands are words (`x`, `e`); the folder to extract into is the operand ending in a separator. */
function unrar(args: string[]): Unpacked | undefined {
  const operands = args.filter((a) => !a.startsWith('-'));
  if (operands[0] !== 'x' && operands[0] !== 'e') return undefined;
  const into = operands.slice(2).findLast((a) => /[/\\]$/.test(a));
  const output = args.findLast((a) => a.startsWith('-op') && a.length > 3); // unrar 7's `-op<folder>`
  return { what: 'archive', into: [output?.slice(3) ?? into ?? '.'] };
}

/** `jar xf a.jar`, `jar -xf a.jar`, `jar --extract --file a.jar [--dir d]`: like tar's traditional form. */
function jar(args: string[]): Unpacked | undefined {
  const words = args[0] !== undefined && /^[A-Za-z]+$/.test(args[0]) ? [`-${args[0]}`, ...args.slice(1)] : args;
  let extract = false;
  let into = '.';
  readOptions(words, (o) => (['f', 'C', 'e', 'm', '--file', '--dir', '--main-class', '--manifest', '--release'].includes(o) ? 'next' : undefined), (option, value) => {
    if (option === 'x' || option === '--extract') extract = true;
    if ((option === 'C' || option === '--dir') && value !== undefined) into = value;
  });
  return extract ? { what: 'archive', into: [into] } : undefined;
}

/** `pax -r` reads an archive (absolute names land where they say); `pax -rw files… dir` copies into dir. */
function pax(args: string[]): Unpacked | undefined {
  let read = false;
  let write = false;
  const operands = readOptions(args, (o) => ('bfopsx'.includes(o) && o.length === 1 ? 'next' : undefined), (option) => {
    if (option === 'r') read = true;
    if (option === 'w') write = true;
  });
  if (!read) return undefined;
  if (write) return { what: 'archive', into: [operands.pop() ?? '.'] };
  return { what: 'archive', into: undefined };
}

const PATCH_VALUED = new Set(['p', 'i', 'o', 'd', 'D', 'F', 'r', 'B', 'Y', 'z', 'V', 'g', '--strip', '--input', '--output', '--directory', '--ifdef', '--fuzz', '--reject-file', '--prefix', '--basename-prefix', '--suffix', '--version-control', '--get', '--quoting-style']);

function patch(args: string[]): Unpacked | undefined {
  let dryRun = false;
  let output: string | undefined;
  let directory = '.';
  const operands = readOptions(args, (o) => (PATCH_VALUED.has(o) ? 'next' : undefined), (option, value) => {
    if (option === '--dry-run' || option === '--check' || option === 'C') dryRun = true; // BSD's -C is --check
    if ((option === 'o' || option === '--output') && value !== undefined) output = value;
    if ((option === 'd' || option === '--directory') && value !== undefined) directory = value;
  });
  if (dryRun || output === '-') return undefined; // `-o -`: the result goes to standard output
  // `patch app.c fix.diff` changes app.c only; `-o` writes its result there instead
  const file = output ?? operands[0];
  if (file !== undefined && file !== '-') return { what: 'patch', file: file.startsWith('/') ? file : `${directory}/${file}` };
  return { what: 'patch', into: [directory] };
}

const PATCH = 'applies a patch whose changes are not checked before it runs (it could change package.json, .vscode or other files that run commands)';
const ARCHIVE = 'extracts an archive whose files are not checked before it runs (they could replace package.json, .vscode or other files that run commands)';

/**
 * Why what `u` writes, run from each of `folders` (see fromEach), deserves a warning: a protected or
 * outside folder by its own reason, any other folder of the workspace because its files are unknown.
 * Only a scratch place (/tmp) stays quiet. The first reason found, from the latest folder.
 */
export function unpackedWarning(u: Unpacked, folders: Iterable<string>): string | undefined {
  const unknown = u.what === 'patch' ? PATCH : ARCHIVE;
  if (u.file !== undefined) return fromEach(folders, u.file).map(writeWarning).find((w) => w !== undefined);
  if (u.into === undefined) return unknown;
  const into = u.into.flatMap((folder) => fromEach(folders, folder));
  return into.map(writeWarning).find((w) => w !== undefined) ?? (into.every(isScratch) ? undefined : unknown);
}
