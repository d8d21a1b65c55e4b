// How the model's indentation maps onto the file's. Small models drop or add a level, or write
// spaces where the file has tabs; the SEARCH text still identifies the region, and the REPLACE text
// must land at the file's indentation with its own relative structure kept.
import { leadingWhitespace } from './text';

export type IndentMapping =
  | { kind: 'add'; extra: string } // file = extra + model
  | { kind: 'remove'; extra: string } // model = extra + file
  // each `from` unit in the model is one `to` in the file, plus `shift` levels (a level dropped or added)
  | { kind: 'units'; from: string; to: string; shift: number };

/**
 * The mapping that turns the model's indentation `model` into the file's `file`, or undefined.
 * `spaceStep`: the width of one level in the model's space indentation, when its lines show one.
 */
export function deriveMapping(model: string, file: string, spaceStep?: number): IndentMapping | undefined {
  if (file.startsWith(model)) return { kind: 'add', extra: file.slice(model.length) };
  if (model.startsWith(file)) return { kind: 'remove', extra: model.slice(file.length) };
  if (isUniform(model) && isUniform(file) && model[0] !== file[0]) {
    // Spaces for the file's tabs: one tab per step of the model's, and its base may be levels off
    // (`    ` one level, dropped, for `\t\t`: a line nested one step deeper is `\t\t\t`, not `\t\t\t\t`).
    if (model[0] === ' ' && file[0] === '\t' && spaceStep !== undefined && model.length % spaceStep === 0) {
      return { kind: 'units', from: ' '.repeat(spaceStep), to: '\t', shift: file.length - model.length / spaceStep };
    }
    // Otherwise the model's whole base indent is one level.
    return { kind: 'units', from: model, to: file, shift: 0 };
  }
  return undefined;
}

/**
 * The width of one level in the model's space indentation: the greatest common divisor of the widths
 * its lines (SEARCH and REPLACE) are indented by, when there are any and it is at least 2 (a step of 1
 * is alignment, not levels).
 */
export function spaceStep(lines: readonly string[]): number | undefined {
  let step = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = leadingWhitespace(line);
    if (indent !== '' && /^ +$/.test(indent)) step = gcd(step, indent.length);
  }
  return step >= 2 ? step : undefined;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The one mapping under which every non-blank search line's indentation becomes that of file line
 * start+i, or undefined when the lines disagree (no single shift explains them). `modelLines` (SEARCH
 * and REPLACE) tell the width of the model's levels.
 */
export function consistentMapping(fileLines: readonly string[], start: number, searchLines: readonly string[], modelLines: readonly string[] = searchLines): IndentMapping | undefined {
  let mapping: IndentMapping | undefined;
  for (let i = 0; i < searchLines.length; i++) {
    const s = searchLines[i]!;
    if (s.trim() === '') continue;
    const sIndent = leadingWhitespace(s);
    const fIndent = leadingWhitespace(fileLines[start + i]!);
    if (!mapping) {
      mapping = deriveMapping(sIndent, fIndent, spaceStep(modelLines));
      if (!mapping) return undefined;
    } else if (mapIndent(mapping, sIndent) !== fIndent) return undefined;
  }
  return mapping;
}

/** Map one indentation string exactly; undefined when this line cannot be mapped consistently. */
export function mapIndent(mapping: IndentMapping, indent: string): string | undefined {
  switch (mapping.kind) {
    case 'add':
      return mapping.extra + indent;
    case 'remove':
      return indent.startsWith(mapping.extra) ? indent.slice(mapping.extra.length) : undefined;
    case 'units': {
      const { units, rest } = countUnits(indent, mapping.from);
      const levels = units + mapping.shift;
      return rest === '' && levels >= 0 ? mapping.to.repeat(levels) : undefined;
    }
  }
}

/** Re-indent a replacement line; lines the mapping cannot express lose what they can of the extra. */
export function reindentLine(mapping: IndentMapping, line: string): string {
  if (line.trim() === '') return line;
  const indent = leadingWhitespace(line);
  const body = line.slice(indent.length);
  const mapped = mapIndent(mapping, indent);
  if (mapped !== undefined) return mapped + body;
  if (mapping.kind === 'remove') return body; // less indented than the removed extra: flush left
  if (mapping.kind === 'units') {
    const { units, rest } = countUnits(indent, mapping.from);
    return mapping.to.repeat(Math.max(0, units + mapping.shift)) + rest + body;
  }
  return line;
}

/** How many whole `unit`s `indent` starts with, and what is left after them. */
function countUnits(indent: string, unit: string): { units: number; rest: string } {
  let units = 0;
  let rest = indent;
  while (rest.startsWith(unit)) {
    rest = rest.slice(unit.length);
    units++;
  }
  return { units, rest };
}

function isUniform(indent: string): boolean {
  return indent.length > 0 && indent.split('').every((c) => c === indent[0]);
}
