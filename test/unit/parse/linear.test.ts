// Every dialect parses in linear time, also on replies built against it (open values, repeated
// openers): measured as a size ratio (4× the input may cost at most ~10× the time), not a wall clock.
import { test } from 'node:test';
import { parseToolCalls } from '../../../src/core/parse';
import { HOSTILE_REPLIES } from '../../support/hostileReplies';
import { assertScalesLinearly } from '../../support/linear';

const tools = ['read_file', 'f', 'a', 'x'];

test('each dialect scales linearly on hostile replies', () => {
  for (const [label, make] of Object.entries(HOSTILE_REPLIES)) {
    assertScalesLinearly(label, make, (text) => parseToolCalls(text, { tools }), 3000);
  }
});
