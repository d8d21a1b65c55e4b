// Redacting only the head of a long text (core/security/redactedHead): bounded work, and a secret
// across the cut is never shown half.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactedHead, REDACTION_MARGIN } from '../../../src/core/security/redactedHead';
import { redactSecrets } from '../../../src/core/security/redactSecrets';
import { pluginResult } from '../../../src/core/tools/plugins';

const pem = (bodyChars: number) => `-----BEGIN RSA PRIVATE KEY-----\n${'Q'.repeat(bodyChars)}\n-----END RSA PRIVATE KEY-----\n`;

test('only a bounded head of a huge text is redacted', () => {
  const seen: number[] = [];
  const huge = 'x '.repeat(5_000_000);
  const head = redactedHead(huge, 1000, (t) => (seen.push(t.length), redactSecrets(t)));
  assert.equal(head.whole, false);
  assert.ok(head.text.length >= 1000);
  assert.ok(Math.max(...seen) <= 1000 + 2 * REDACTION_MARGIN, `redacted ${JSON.stringify(seen)} characters`);
});

test('a secret straddling the cut is not shown half, even when an earlier redaction shrank the text', () => {
  // the private key collapses to a short mark, so the password after it moves into the shown part;
  // its quoted value runs past the first cut, where on its own it is not recognised
  const before = pem(8000);
  const filler = 'y'.repeat(100 + REDACTION_MARGIN - before.length - 20);
  const text = `${before}${filler} password="${'S'.repeat(3000)}" done`;
  assert.ok(redactSecrets(text.slice(0, 100 + REDACTION_MARGIN)).slice(0, 400).includes('SSSS'), 'a single cut would leak');
  const result = pluginResult(true, text, 400);
  assert.ok(!result.content.includes('SSSS'), result.content);
  assert.ok(!result.content.includes('QQQQ'));
  assert.match(result.content, /^\[REDACTED PRIVATE KEY\]\ny+ password="\n\[… cut: \d+ more characters not shown\.\]$/);
});

test('a short text is redacted whole and kept as it is', () => {
  const key = `sk-${'A1b2'.repeat(8)}`;
  assert.deepEqual(pluginResult(true, `key ${key}`), { ok: true, content: 'key [REDACTED]' });
  assert.deepEqual(redactedHead(`key ${key}`, 10), { text: 'key [REDACTED]', whole: true });
});
