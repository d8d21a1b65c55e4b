// The user's own earlier requests, carried word for word in the summary of dropped tasks: a standing
// instruction ("never touch src/legacy", "use tabs") must not depend on the model repeating it in its
// summary, which a small model often does not. They lead the summary text (so a cut of the summary takes
// the model's part first) as a list that reads back exactly, so the next compaction carries them on.
import { fitSummary, truncateToTokens, type TokenCounter } from '../budget';

export const REQUESTS_HEADING = "The user's earlier requests, word for word (newest first):\n";
/** The requests' share of the window (the summary's whole share is 0.1): 20 short tasks fit at 8k. */
const REQUESTS_SHARE = 0.04;
/** Each request at most this many tokens, and at most a quarter of the share: one long paste does not crowd out the rest. */
const REQUEST_TOKENS = 200;
const ITEM = '- ';
const MORE = '  '; // a request's later lines, indented so that they read back as part of it

/** The summary split into the requests it carries (newest first) and the model's summary of the rest. */
export function splitSummary(summary: string): { requests: string[]; rest: string } {
  if (!summary.startsWith(REQUESTS_HEADING)) return { requests: [], rest: summary };
  const lines = summary.slice(REQUESTS_HEADING.length).split('\n');
  const requests: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(ITEM)) requests.push(line.slice(ITEM.length));
    else if (line.startsWith(MORE) && requests.length) requests[requests.length - 1] += `\n${line.slice(MORE.length)}`;
    else break;
  }
  return { requests, rest: lines.slice(i).join('\n').trim() };
}

/** How many of the user's first requests stay when the share is full: standing rules are usually said first. */
const KEEP_FIRST = 2;

/**
 * `requests` (newest first), each capped, as many as the share holds, then `rest`; the whole fitted as any
 * summary. When the share is full the middle goes: the first requests stay (at the end, so they stay the
 * first at the next compaction) with the newest that fit. A repeat ("continue") takes one place.
 */
export function summaryWithRequests(requests: readonly string[], rest: string, window: number, counter: TokenCounter): string {
  const share = Math.floor(window * REQUESTS_SHARE);
  const cap = Math.min(REQUEST_TOKENS, Math.floor(share / 4));
  const asItem = (request: string) => {
    const text = truncateToTokens(request.trim(), cap, counter, () => '…').text;
    const item = `${ITEM}${text.split('\n').join(`\n${MORE}`)}`;
    return { item, tokens: counter.count(item) + 1 };
  };
  // the first requests keep their first place (a rule said again stays the rule said first), the others their newest
  const first = distinct([...requests].reverse()).slice(0, KEEP_FIRST).reverse();
  const firstKeys = new Set(first.map(sameRequest));
  const newer = distinct(requests).filter((r) => !firstKeys.has(sameRequest(r)));
  let used = counter.count(REQUESTS_HEADING);
  const fits = (f: { tokens: number }) => (used + f.tokens <= share ? ((used += f.tokens), true) : false);
  const keptFirst = first.map(asItem).filter(fits);
  const keptNewer: string[] = [];
  for (const f of newer.map(asItem)) {
    if (!fits(f)) break;
    keptNewer.push(f.item);
  }
  const items = [...keptNewer, ...keptFirst.map((f) => f.item)];
  const block = items.length ? `${REQUESTS_HEADING}${items.join('\n')}` : '';
  return fitSummary([block, rest.trim()].filter(Boolean).join('\n\n'), window, counter);
}

/** Requests that say the same, whatever their case and spacing. */
const sameRequest = (request: string) => request.trim().replace(/\s+/g, ' ').toLowerCase();

/** `list` with each request's repeats after its first occurrence left out. */
function distinct(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(sameRequest(r)) && (seen.add(sameRequest(r)), true));
}
