// Tier 4: SEARCH copied from a numbered view (`12 | code`, or `| code`). The prefixes are stripped
// and tiers 1–3 run again; REPLACE is stripped too when every line of it is numbered, kept when none
// is, and the edit is refused when only some are (the model's intent is unclear).
import type { MatchInput, Tier, TierOutcome } from '../candidate';
import { numbering, stripPrefixes } from '../lineNumbers';
import { exactTier } from './exact';
import { indentationTier } from './indentation';
import { trailingWhitespaceTier } from './trailingWhitespace';

export const lineNumbersTier: Tier = {
  name: 'line-numbers',
  find(input: MatchInput): TierOutcome {
    const searchKind = numbering(input.searchLines);
    if (searchKind !== 'numbered' && searchKind !== 'piped') return { candidates: [] };
    const replaceKind = numbering(input.replaceLines);
    if (replaceKind === 'mixed')
      return {
        refuse: {
          reason: 'invalid',
          message: 'Some REPLACE lines start with a line number (`12 | `) and others do not. Write REPLACE without line numbers.',
        },
      };
    const searchLines = stripPrefixes(input.searchLines, searchKind);
    const replaceLines = replaceKind === 'numbered' || (replaceKind === 'piped' && searchKind === 'piped') ? stripPrefixes(input.replaceLines, replaceKind) : input.replaceLines;
    const variant: MatchInput = {
      ...input,
      searchLines,
      replaceLines,
      search: searchLines.join('\n') + (input.searchEndsWithNewline ? '\n' : ''),
      replace: replaceLines.join('\n') + (input.replaceEndsWithNewline ? '\n' : ''),
    };
    for (const tier of [exactTier, trailingWhitespaceTier, indentationTier]) {
      const outcome = tier.find(variant);
      if ('refuse' in outcome || outcome.candidates.length > 0) return outcome;
    }
    return { candidates: [] };
  },
};
