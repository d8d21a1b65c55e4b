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

/** `requests` (newest first), each capped, as many as the share holds, then `rest`; the whole fitted as any summary. */
export function summaryWithRequests(requests: readonly string[], rest: string, window: number, counter: TokenCounter): string {
  const share = Math.floor(window * REQUESTS_SHARE);
  const cap = Math.min(REQUEST_TOKENS, Math.floor(share / 4));
  const items: string[] = [];
  let used = counter.count(REQUESTS_HEADING);
  for (const request of requests) {
    const text = truncateToTokens(request.trim(), cap, counter, () => '…').text;
    const item = `${ITEM}${text.split('\n').join(`\n${MORE}`)}`;
    const tokens = counter.count(item) + 1;
    if (used + tokens > share) break;
    items.push(item);
    used += tokens;
  }
  const block = items.length ? `${REQUESTS_HEADING}${items.join('\n')}` : '';
  return fitSummary([block, rest.trim()].filter(Boolean).join('\n\n'), window, counter);
}
