import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repoMapTokens } from '../../../src/core/codeIndex/present';

test('the repo map takes a smaller share of a small window: a sixteenth at 8k and under, an eighth from 16k, at most 4,096', () => {
  assert.equal(repoMapTokens(4096), 256, 'a fixed 512-token floor took 12.5 % of a 4k window');
  assert.equal(repoMapTokens(2048), 128);
  assert.equal(repoMapTokens(8192), 512);
  assert.equal(repoMapTokens(16_384), 2048);
  assert.equal(repoMapTokens(131_072), 4096);
  let previous = 0;
  for (let window = 2048; window <= 65_536; window += 1024) {
    const tokens = repoMapTokens(window);
    assert.ok(tokens >= previous, `no step down at ${window}`);
    assert.ok(tokens <= window / 8);
    previous = tokens;
  }
});
