// How the model's indentation maps onto the file's. Small models drop or add a level, or write
// spaces where the file has tabs; the SEARCH text still identifies the region, and the REPLACE text
// must land at the file's indentation with its own relative structure kept.
import { leadingWhitespace } from './text';

export type IndentMapping =
  | { kind: 'add'; extra: string } // file = extra + model
  | { kind: 'remove'; extra: string } // model = extra + file
  | { kind: 'units'; from: string; to: string }; // each `from` unit in the model is one `to` in the file

/** The mapping that turns the model's indentation `model` into the file's `file`, or undefined. */
export function deriveMapping(model: string, file: string): IndentMapping | undefined {
  if (file.startsWith(model)) return { kind: 'add', extra: file.slice(model.length) };
  if (model.startsWith(file)) return { kind: 'remove', extra: model.slice(file.length) };
  if (isUniform(model) && isUniform(file) && model[0] !== file[0]) {
    // Tabs against spaces: the model's whole base indent is one level.
    return { kind: 'units', from: model, to: file };
  }
  return undefined;
}

/**
 * The one mapping under which every non-blank search line's indentation becomes that of file line
 * start+i, or undefined when the lines disagree (no single shift explains them).
 */
export function consistentMapping(fileLines: readonly string[], start: number, searchLines: readonly string[]): IndentMapping | undefined {
  let mapping: IndentMapping | undefined;
  for (let i = 0; i < searchLines.length; i++) {
    const s = searchLines[i]!;
    if (s.trim() === '') continue;
    const sIndent = leadingWhitespace(s);
    const fIndent = leadingWhitespace(fileLines[start + i]!);
    if (!mapping) {
      mapping = deriveMapping(sIndent, fIndent);
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
      let units = 0;
      let rest = indent;
      while (rest.startsWith(mapping.from)) {
        rest = rest.slice(mapping.from.length);
        units++;
      }
      return rest === '' ? mapping.to.repeat(units) : undefined;
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
    let rest = indent;
    let out = '';
    while (rest.startsWith(mapping.from)) {
      rest = rest.slice(mapping.from.length);
      out += mapping.to;
    }
    return out + rest + body;
  }
  return line;
}

function isUniform(indent: string): boolean {
  return indent.length > 0 && indent.split('').every((c) => c === indent[0]);
}
