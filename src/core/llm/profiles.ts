// What SmallCode knows about each model family, as data: how it writes tool calls, how it thinks aloud,
// where it should stop, whether native `tools` work, which edit format it manages, the sampling its
// authors recommend, and the quirks that bite. Matched from the model id the server reports.
// Order matters: the first row whose pattern matches wins, so specific families come before general ones.
import { describeWindowInForce, type WindowInForce } from './contextWindow';
import type { Sampling } from './types';

/** How a model writes a tool call when it writes one as text. The parser (src/core/parse) reads them all. */
export type ToolDialect =
  | 'hermes' // <tool_call>{"name":…,"arguments":…}</tool_call> (Qwen2.5, Qwen3, SmolLM3, Hermes)
  | 'qwen3-coder-xml' // <tool_call><function=name><parameter=k>v</parameter></function></tool_call>
  | 'llama3-json' // {"name":…,"parameters":…} alone, sometimes after <|python_tag|>
  | 'mistral' // [TOOL_CALLS][{"name":…,"arguments":…}] (or [TOOL_CALLS]name[ARGS]{…} in newer templates)
  | 'gemma-json' // a JSON object in a ```tool_code / ```json fence; no tool role in the template
  | 'phi' // <|tool_call|>[…]<|/tool_call|> (Phi-4-mini)
  | 'deepseek' // <｜tool▁call▁begin｜>function<｜tool▁sep｜>name ```json …``` (DeepSeek V2/V3)
  | 'granite' // <|tool_call|>[{"name":…,"arguments":…}]
  | 'harmony' // gpt-oss channels: <|start|>assistant<|channel|>commentary to=functions.name …<|call|>
  | 'glm' // <tool_call>name\n<arg_key>k</arg_key><arg_value>v</arg_value></tool_call> (GLM-4.5) or JSON
  | 'json'; // a bare JSON object: the fallback for everything else

export type EditFormat = 'search-replace' | 'whole-file';

export interface ModelProfile {
  id: string; // stable key, e.g. 'qwen2.5-coder'
  family: string; // for people: 'Qwen2.5-Coder'
  match: RegExp; // against the normalised model id
  toolDialect: ToolDialect;
  thinkTags: { open: string; close: string } | null;
  stop: string[];
  /** Native `tools` through the server's chat template work reliably for this family. */
  nativeTools: boolean;
  editFormat: EditFormat;
  sampling: Sampling;
  /** Its tokenizer is Qwen's (so SmallCode can count its tokens exactly). */
  qwenTokenizer: boolean;
  /** Tokens its tokenizer makes of code per token the estimate counts, where that is well above 1 (measured
   * with the real tokenizers on Python, TypeScript and JSON): the counter starts there (see CalibrationPrior). */
  codeTokenRatio?: number;
  quirks: string[];
}

const THINK = { open: '<think>', close: '</think>' };

const MISTRAL: ModelProfile = {
  id: 'mistral', family: 'Mistral / Ministral / Mistral Small / Codestral', match: /mistral|ministral|codestral|mixtral|magistral/,
  toolDialect: 'mistral', thinkTags: null, stop: ['</s>'], nativeTools: true, editFormat: 'search-replace',
  sampling: { temperature: 0.15 }, qwenTokenizer: false,
  quirks: ["Strict role alternation in the template: merge consecutive user messages and keep a single system message first.",
    'Tool call ids must be 9 alphanumeric characters.',
    'Mistral 7B v0.1/v0.2 have no tool support at all; Magistral thinks in [THINK] blocks.'],
};

export const MODEL_PROFILES: readonly ModelProfile[] = [
  {
    id: 'deepseek-r1-distill', family: 'DeepSeek-R1 distill (Qwen/Llama base)', match: /deepseek-r1|r1-distill|r1-0528/,
    toolDialect: 'hermes', thinkTags: THINK, stop: [], nativeTools: false, editFormat: 'search-replace',
    sampling: { temperature: 0.6, top_p: 0.95 }, qwenTokenizer: false,
    quirks: ['Thinks at length before answering: reserve reply tokens for the <think> block.',
      'Its authors advise no system prompt: put instructions in the user turn.',
      'The template may open <think> itself, so a reply can start mid-thought without the opening tag.',
      'Weak at tool calling; expect calls as loose JSON in prose.'],
  },
  {
    id: 'qwen3-coder', family: 'Qwen3-Coder', match: /qwen3-coder/,
    toolDialect: 'qwen3-coder-xml', thinkTags: null, stop: ['<|im_end|>', '<|endoftext|>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 0.7, top_p: 0.8, top_k: 20, repeat_penalty: 1.05 }, qwenTokenizer: true,
    quirks: ['Writes calls as XML (<function=…><parameter=…>), not JSON; servers without its template pass them through as text.',
      'No thinking mode.'],
  },
  {
    id: 'qwen3', family: 'Qwen3', match: /qwen3/,
    toolDialect: 'hermes', thinkTags: THINK, stop: ['<|im_end|>', '<|endoftext|>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 0.6, top_p: 0.95, top_k: 20, min_p: 0 }, qwenTokenizer: true,
    quirks: ['Thinks by default; "/no_think" in the user turn switches it off (then temperature 0.7, top_p 0.8 suit it).',
      'Greedy decoding (temperature 0) makes it repeat itself endlessly.',
      'The 2507 Instruct releases do not think; the Thinking releases always do.'],
  },
  {
    id: 'qwen2.5-coder', family: 'Qwen2.5-Coder', match: /qwen2\.5-coder|qwen2-5-coder|qwen25-coder/,
    toolDialect: 'hermes', thinkTags: null, stop: ['<|im_end|>', '<|endoftext|>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 0.7, top_p: 0.8, top_k: 20, repeat_penalty: 1.05 }, qwenTokenizer: true,
    quirks: ['Often puts the tool call in a ```json fence or in prose instead of <tool_call> tags.',
      'The 0.5B–3B sizes follow edit formats poorly; prefer small, single search/replace blocks.',
      'The base (non-Instruct) models do not follow chat instructions at all.'],
  },
  {
    id: 'qwen2.5', family: 'Qwen2.5', match: /qwen2\.5|qwen2-5|qwen25|qwq/,
    toolDialect: 'hermes', thinkTags: null, stop: ['<|im_end|>', '<|endoftext|>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 0.7, top_p: 0.8, top_k: 20, repeat_penalty: 1.05 }, qwenTokenizer: true,
    quirks: ['QwQ matches here too but thinks with <think> before answering.'],
  },
  {
    id: 'devstral', family: 'Devstral', match: /devstral/,
    toolDialect: 'mistral', thinkTags: null, stop: ['</s>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 0.15 }, qwenTokenizer: false,
    quirks: ['Trained for agentic coding (OpenHands); wants low temperature.',
      "Mistral's template requires strictly alternating user/assistant turns and one leading system message.",
      "Mistral's template requires tool_call ids of exactly 9 alphanumeric characters."],
  },
  {
    ...MISTRAL,
    // Mistral 7B (Ollama's `mistral`), Mixtral, Codestral 22B, Mathstral: the 32k v0.x vocabulary, not Tekken
    id: 'mistral-v0', family: 'Mistral 7B / Mixtral / Codestral 22B (v0.x tokenizer)', match: /^mistral(?::|-7b|-instruct-v0)|mistral-7b|mixtral|codestral[-:]22b|mathstral/,
    codeTokenRatio: 1.35,
  },
  MISTRAL,
  {
    id: 'gpt-oss', family: 'gpt-oss', match: /gpt-oss/,
    toolDialect: 'harmony', thinkTags: null, stop: ['<|return|>', '<|call|>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 1.0, top_p: 1.0 }, qwenTokenizer: false,
    quirks: ['Speaks the Harmony format: reasoning in the analysis channel, calls in commentary; the server must parse it (llama.cpp --jinja, Ollama, LM Studio, vLLM do).',
      'Reasoning effort is set in the system prompt ("Reasoning: low|medium|high").',
      'If raw <|channel|> tokens appear in the text, the server did not parse Harmony.'],
  },
  {
    id: 'llama3', family: 'Llama 3.x', match: /llama-?3(\.\d)?([^0-9]|$)/,
    toolDialect: 'llama3-json', thinkTags: null, stop: ['<|eot_id|>', '<|eom_id|>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 0.6, top_p: 0.9 }, qwenTokenizer: false,
    quirks: ['Llama 3.2 1B/3B call tools even for small talk when tools are offered; offer tools only when the task needs them.',
      'Writes "parameters" rather than "arguments" in its JSON calls.',
      'Llama 3.0 (8B) has no tool support in its template.'],
  },
  {
    id: 'gemma', family: 'Gemma', match: /gemma/,
    toolDialect: 'gemma-json', thinkTags: null, stop: ['<end_of_turn>'], nativeTools: false, editFormat: 'search-replace',
    sampling: { temperature: 1.0, top_p: 0.95, top_k: 64 }, qwenTokenizer: false, codeTokenRatio: 1.2,
    quirks: ['No system role: the template folds the system prompt into the first user turn (Gemma 2 rejects it).',
      'No tool role or native tools: describe tools in the prompt; it answers with JSON in a ```tool_code or ```json fence.',
      'Strict user/model alternation.'],
  },
  {
    id: 'phi', family: 'Phi', match: /(^|[^a-z])phi(-?[1-4]|$|[^a-z])/,
    toolDialect: 'phi', thinkTags: null, stop: ['<|end|>', '<|endoftext|>'], nativeTools: false, editFormat: 'search-replace',
    sampling: { temperature: 0.2, top_p: 0.95 }, qwenTokenizer: false,
    quirks: ['Only Phi-4-mini was trained for function calling (<|tool_call|> … <|/tool_call|>); the others need tools in the prompt.',
      'Phi-4-reasoning thinks in <think> blocks first.',
      'Phi-3 models were trained on 4k windows unless named -128k.'],
  },
  {
    id: 'deepseek-coder', family: 'DeepSeek-Coder', match: /deepseek-coder|deepseek-v2|deepseek-v3/,
    toolDialect: 'deepseek', thinkTags: null, stop: ['<|EOT|>', '<｜end▁of▁sentence｜>'], nativeTools: false, editFormat: 'search-replace',
    sampling: { temperature: 0.3, top_p: 0.95 }, qwenTokenizer: false,
    quirks: ['DeepSeek-Coder (1.3B/6.7B) has no tool support: describe tools in the prompt.',
      'Its instruct template has a built-in system prompt that refuses non-coding questions.'],
  },
  {
    id: 'granite', family: 'Granite', match: /granite/,
    toolDialect: 'granite', thinkTags: { open: '<think>', close: '</think>' }, stop: ['<|end_of_text|>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 0.0 }, qwenTokenizer: false,
    quirks: ['Granite 3.x thinks only when "thinking" is enabled in the chat template; IBM examples decode greedily.',
      'Calls come as a JSON list after <|tool_call|>.'],
  },
  {
    id: 'glm', family: 'GLM', match: /(^|[^a-z])glm/,
    toolDialect: 'glm', thinkTags: THINK, stop: ['<|user|>', '<|endoftext|>'], nativeTools: true, editFormat: 'search-replace',
    sampling: { temperature: 0.6, top_p: 0.95 }, qwenTokenizer: false,
    quirks: ['GLM-4.5/4.6 write calls as <arg_key>/<arg_value> pairs; GLM-4-0414 as JSON.',
      'GLM-Z1 and GLM-4.5 think in <think> blocks; "/nothink" turns it off on 4.5.'],
  },
  {
    id: 'smollm', family: 'SmolLM', match: /smollm/,
    toolDialect: 'hermes', thinkTags: THINK, stop: ['<|im_end|>'], nativeTools: false, editFormat: 'search-replace',
    sampling: { temperature: 0.6, top_p: 0.95 }, qwenTokenizer: false,
    quirks: ['SmolLM3 (3B) calls tools as <tool_call> JSON and thinks unless "/no_think"; SmolLM2 barely follows tool formats.',
      'Small windows in practice: keep prompts lean.'],
  },
];

/** The profile for models SmallCode does not recognise: text protocol, cautious defaults. */
export const DEFAULT_PROFILE: ModelProfile = {
  id: 'generic', family: 'Unknown model', match: /$^/,
  toolDialect: 'json', thinkTags: THINK, stop: [], nativeTools: false, editFormat: 'search-replace',
  sampling: { temperature: 0.3 }, qwenTokenizer: false,
  quirks: ['Not recognised: tools are described in the prompt and any dialect is accepted.'],
};

export interface MatchedProfile extends ModelProfile {
  modelId: string;
  /** Parameter count in billions when the id says (e.g. "7b", "30b-a3b" → 30), for size-based choices. */
  sizeB?: number;
}

/** Lowercases and strips the decorations servers add: org/path prefixes, file extensions, quant tags. */
export function normaliseModelId(modelId: string): string {
  return modelId.toLowerCase()
    .replace(/\\/g, '/')
    .replace(/^.*\//, '') // hf.co/bartowski/Qwen2.5-Coder-7B-Instruct-GGUF → last segment
    .replace(/\.gguf$/, '')
    .replace(/_/g, '-');
}

export function matchProfile(modelId: string): MatchedProfile {
  const full = modelId.toLowerCase();
  const name = normaliseModelId(modelId);
  // Also try the full id: "lmstudio-community/…" keeps the family in the last segment, Ollama's "qwen2.5-coder:7b" in the first.
  const profile = MODEL_PROFILES.find((p) => p.match.test(name) || p.match.test(full)) ?? DEFAULT_PROFILE;
  const size = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z])/.exec(name.replace(/:/g, '-'));
  return { ...profile, modelId, sizeB: size ? Number(size[1]) : undefined };
}

/** Whether to send native `tools` for this model on this server, or describe tools in the prompt. */
export function toolMode(profile: ModelProfile, opts: { serverRejectedTools?: boolean } = {}): 'native' | 'text' {
  return profile.nativeTools && !opts.serverRejectedTools ? 'native' : 'text';
}

/** Lines for `/profile`: what was detected and what follows from it. */
export function describeProfile(p: MatchedProfile, window?: WindowInForce): string[] {
  const s = p.sampling;
  const sampling = Object.entries(s).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `Model: ${p.modelId}${p.sizeB ? ` (${p.sizeB}B)` : ''}`,
    `Profile: ${p.family} [${p.id}]`,
    ...(window ? [`Context window: ${describeWindowInForce(window)}`] : []),
    `Tool calls: ${p.nativeTools ? 'native tools' : 'described in the prompt'}; dialect ${p.toolDialect}`,
    `Thinking: ${p.thinkTags ? `${p.thinkTags.open}…${p.thinkTags.close}` : 'none'}`,
    `Edit format: ${p.editFormat}`,
    `Sampling: ${sampling || 'server defaults'}`,
    ...(p.stop.length ? [`Stop: ${p.stop.join(' ')}`] : []),
    // Both are scaled by the server's own counts (the chat template adds tokens): /budget shows the factor.
    `Token counting: ${p.qwenTokenizer ? "Qwen's tokenizer, calibrated from the server's counts" : 'estimated, calibrated from the server\'s counts'}`,
    ...p.quirks.map((q) => `Quirk: ${q}`),
  ];
}
