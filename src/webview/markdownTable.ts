// GFM tables in a reply: a header row, a delimiter row (`|---|:--:|`) with as many cells, then rows
// up to a blank line or another block. Qwen and Llama coder models answer "compare" or "what changed"
// with them. Only the lines are read here (no DOM): markdown.ts draws the cells as inline markdown.

export type CellAlign = 'left' | 'center' | 'right' | undefined;

export interface TableSource {
  header: string[];
  align: CellAlign[];
  rows: string[][];
  /** The index of the line after the table. */
  end: number;
}

const DELIMITER_CELL = /^:?-+:?$/;

/** The cells of a table row: split at each `|` not escaped, without the outer pipes; `\|` is a pipe in a cell. */
export function tableCells(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '|') { cell += '|'; i++; } else if (c === '|') { cells.push(cell.trim()); cell = ''; } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

function delimiterRow(line: string): CellAlign[] | undefined {
  if (!line.includes('|') && !line.includes('-')) return undefined;
  const cells = tableCells(line);
  if (!cells.every((cell) => DELIMITER_CELL.test(cell))) return undefined;
  return cells.map((cell) => (cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : cell.startsWith(':') ? 'left' : undefined));
}

/** Whether a table starts at lines[start]: a row with a pipe, then a delimiter row with as many cells. */
export function startsTable(lines: readonly string[], start: number): boolean {
  return tableHead(lines, start) !== undefined;
}

function tableHead(lines: readonly string[], start: number): { header: string[]; align: CellAlign[] } | undefined {
  const line = lines[start];
  const next = lines[start + 1];
  if (line === undefined || next === undefined || !line.includes('|') || !next.includes('|') || /^ {4}/.test(line)) return undefined;
  const align = delimiterRow(next);
  const header = tableCells(line);
  return align && align.length === header.length ? { header, align } : undefined;
}

/**
 * The table at lines[start], if one starts there. Its rows end at a blank line or at a line for which
 * `endsTable` holds (another block starts); each row has the header's number of cells (padded or cut).
 */
export function tableAt(lines: readonly string[], start: number, endsTable: (line: string) => boolean): TableSource | undefined {
  const head = tableHead(lines, start);
  if (!head) return undefined;
  const rows: string[][] = [];
  let i = start + 2;
  while (i < lines.length && lines[i]!.trim() !== '' && !endsTable(lines[i]!)) {
    const cells = tableCells(lines[i]!);
    rows.push(head.header.map((_, column) => cells[column] ?? ''));
    i++;
  }
  return { ...head, rows, end: i };
}
