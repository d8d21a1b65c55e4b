import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName, nameWords } from '../../../src/core/security/secretNames';

test('names split into words at underscores, dots, dashes and case changes', () => {
  assert.deepEqual(nameWords('STRIPE_SECRET_KEY'), ['stripe', 'secret', 'key']);
  assert.deepEqual(nameWords('APIKey'), ['api', 'key']);
  assert.deepEqual(nameWords('--auth-token'), ['auth', 'token']);
  assert.deepEqual(nameWords('db.password2'), ['db', 'password', '2']);
});

test('secret names, wherever the keyword sits', () => {
  for (const n of ['SECRET_KEY', 'secretKey', 'DB_PASS', 'ENCRYPTION_KEY', 'OPENAI_KEY', 'passwordHash', '_authToken', 'client_secret', 'X-Api-Key', 'NPM_AUTH', 'OAuthToken', 'ADMIN_PIN', 'simPin', 'DOOR_PASSCODE', 'pw', 'admin pw', 'DB_PW', 'userPw']) {
    assert.ok(isSecretName(n), n);
  }
});

test('names that only contain the letters are not secrets', () => {
  for (const n of ['tokenizer', 'maxTokens', 'promptTokens', 'bypass', 'compass', 'author', 'primaryKey', 'cacheKey', 'sortKey', 'keyboard', 'passenger', 'pinned', 'spinner', 'PINNED_VERSION']) {
    assert.ok(!isSecretName(n), n);
  }
});
