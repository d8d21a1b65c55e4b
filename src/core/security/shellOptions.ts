// Reading a command's options the way getopt (and Go's flag packages, for docker) read them: the one reader
// behind every shell check that must tell an option's value from an operand.
/**
 * How an option takes its value: the rest of its word or else the next word, or only the rest of its word
 * (`sed -i.bak`), or the rest of its word or else the next word unless that is an option itself (`word`: an
 * option guessed to take a value, where a wrong guess must not swallow the option after it).
 */
export type Takes = 'next' | 'glued' | 'word' | undefined;

/**
 * Reads a command's arguments as getopt does (bundled `-abc`, `--name[=value]`, `--` ending options),
 * telling `seen` each option (a letter, or `--name`) with its value; returns the operands. `stopAtOperand`:
 * options end at the first operand (perl).
 */
export function readOptions(args: string[], takes: (option: string) => Takes, seen: (option: string, value: string | undefined) => void, stopAtOperand = false): string[] {
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--' || (stopAtOperand && !/^-./.test(arg))) {
      operands.push(...args.slice(arg === '--' ? i + 1 : i));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const option = arg.slice(0, eq === -1 ? undefined : eq);
      const how = eq === -1 ? takes(option) : undefined;
      seen(option, eq !== -1 ? arg.slice(eq + 1) : how === 'next' || (how === 'word' && isWord(args[i + 1])) ? args[++i] : undefined);
    } else if (/^-./.test(arg)) {
      for (let k = 1; k < arg.length; k++) {
        const how = takes(arg[k]!);
        if (!how) {
          seen(arg[k]!, undefined);
          continue;
        }
        seen(arg[k]!, k + 1 < arg.length ? arg.slice(k + 1) : how === 'next' ? args[++i] : how === 'word' ? (isWord(args[i + 1]) ? args[++i] : undefined) : '');
        break;
      }
    } else operands.push(arg);
  }
  return operands;
}

/**
 * `--name` given as itself or as an unambiguous start of it, at least `least` letters long: getopt takes
 * any such start (`--out=x`, `--target=dir`).
 */
export const isLongOption = (option: string, name: string, least: number): boolean => option.length >= 2 + least && name.startsWith(option);

/** A word that is no option (`word` values take only such a word). */
const isWord = (arg: string | undefined): arg is string => arg !== undefined && !arg.startsWith('-');
