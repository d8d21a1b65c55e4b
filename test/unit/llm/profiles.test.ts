import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchProfile, describeProfile, toolMode, MODEL_PROFILES } from '../../../src/core/llm/profiles';

test('model ids as servers report them map to the right family', () => {
  const cases: [string, string][] = [
    ['qwen2.5-coder:7b', 'qwen2.5-coder'],
    ['lmstudio-community/Qwen2.5-Coder-14B-Instruct-GGUF', 'qwen2.5-coder'],
    ['qwen2.5-7b-instruct', 'qwen2.5'],
    ['Qwen/Qwen3-8B', 'qwen3'],
    ['qwen3:4b', 'qwen3'],
    ['qwen3-coder-30b-a3b-instruct', 'qwen3-coder'],
    ['hf.co/unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF:Q4_K_M', 'qwen3-coder'],
    ['llama3.2:3b', 'llama3'],
    ['Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf', 'llama3'],
    ['codellama-34b-instruct', 'generic'],
    ['devstral-small-2505', 'devstral'],
    ['mistral-small-3.1-24b-instruct', 'mistral'],
    ['mistral-nemo:12b', 'mistral'],
    ['gemma3:12b', 'gemma'],
    ['google/gemma-2-9b-it', 'gemma'],
    ['phi4-mini', 'phi'],
    ['microsoft/Phi-3.5-mini-instruct', 'phi'],
    ['dolphin-phi', 'phi'],
    ['deepseek-r1:8b', 'deepseek-r1-distill'],
    ['DeepSeek-R1-Distill-Qwen-7B', 'deepseek-r1-distill'],
    ['deepseek-coder:6.7b', 'deepseek-coder'],
    ['deepseek-coder-v2:16b', 'deepseek-coder'],
    ['granite3.3:8b', 'granite'],
    ['ibm-granite/granite-4.0-h-tiny', 'granite'],
    ['gpt-oss:20b', 'gpt-oss'],
    ['openai/gpt-oss-20b', 'gpt-oss'],
    ['THUDM/GLM-4-9B-0414', 'glm'],
    ['glm4:9b', 'glm'],
    ['HuggingFaceTB/SmolLM3-3B', 'smollm'],
    ['smollm2:1.7b', 'smollm'],
    ['some-unknown-model', 'generic'],
  ];
  for (const [id, want] of cases) assert.equal(matchProfile(id).id, want, id);
});

test('the parameter size is read from the id', () => {
  assert.equal(matchProfile('qwen2.5-coder:7b').sizeB, 7);
  assert.equal(matchProfile('Qwen2.5-Coder-1.5B-Instruct').sizeB, 1.5);
  assert.equal(matchProfile('qwen3-coder-30b-a3b-instruct').sizeB, 30);
  assert.equal(matchProfile('gemma3').sizeB, undefined);
});

test('every profile is complete data, and ids are unique', () => {
  const ids = new Set<string>();
  for (const p of MODEL_PROFILES) {
    assert.ok(!ids.has(p.id), p.id); ids.add(p.id);
    assert.ok(p.family && p.toolDialect && p.editFormat && p.quirks.length > 0, p.id);
    assert.ok(p.sampling.temperature !== undefined, p.id);
  }
});

test('tool mode follows the profile and falls back to text when the server refused tools', () => {
  assert.equal(toolMode(matchProfile('qwen2.5-coder:7b')), 'native');
  assert.equal(toolMode(matchProfile('qwen2.5-coder:7b'), { serverRejectedTools: true }), 'text');
  assert.equal(toolMode(matchProfile('gemma3:4b')), 'text');
});

test('/profile text says what was detected', () => {
  const lines = describeProfile(matchProfile('qwen3:8b'), { tokens: 8192, source: 'Ollama /api/ps (loaded context_length)' });
  const text = lines.join('\n');
  assert.match(text, /Profile: Qwen3 \[qwen3\]/);
  assert.match(text, /8,192 tokens \(Ollama/);
  assert.match(text, /<think>/);
  assert.match(text, /Qwen's tokenizer, calibrated from the server's counts/);
});
