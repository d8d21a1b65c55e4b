// A model reported as the file it was loaded from is named by the file; other ids stay as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelLabel } from '../../../src/extension/modelLabel';

test('a path to a model file is shown by its name', () => {
  assert.equal(modelLabel('/home/me/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf'), 'qwen2.5-coder-7b-instruct-q4_k_m');
  assert.equal(modelLabel('C:\\Users\\me\\models\\Phi-3-mini-4k-instruct-q4.gguf'), 'Phi-3-mini-4k-instruct-q4');
  assert.equal(modelLabel('~/models/tiny.gguf'), 'tiny');
  assert.equal(modelLabel('models/mistral-7b.Q4_K_M.gguf'), 'mistral-7b.Q4_K_M');
  assert.equal(modelLabel('/srv/models/Qwen2.5-Coder-7B-Instruct'), 'Qwen2.5-Coder-7B-Instruct');
});

test('model names and repository ids are kept as they are', () => {
  for (const id of ['qwen2.5-coder:7b', 'Qwen/Qwen2.5-Coder-7B-Instruct', 'lmstudio-community/Qwen2.5-Coder-7B-Instruct-GGUF', 'gpt-oss-20b', 'model.gguf', '']) assert.equal(modelLabel(id), id, id);
});
