// Replies built to make a parser slow: for each dialect, its markup with values or tags left open and
// repeated, so a scan that restarts from each opener turns quadratic. `make(n)` grows linearly with n.
// Shared by the parser's size-ratio test and the toolcalls benchmark.
export const HOSTILE_REPLIES: Record<string, (n: number) => string> = {
  'hermes, one unclosed string': (n) => `<tool_call>{"name": "f", "arguments": {"x": "${'y'.repeat(n * 20)}`,
  'hermes, open objects': (n) => '<tool_call>{"name": "a", "arguments": {'.repeat(n),
  'glm, unclosed values': (n) => `<tool_call>f${'<arg_key>k</arg_key><arg_value>v'.repeat(n)}`,
  'glm, unclosed keys': (n) => `<tool_call>f${'<arg_key>k'.repeat(n)}`,
  'qwen3 xml, open parameters': (n) => `<function=f>${'<parameter=a>v'.repeat(n)}`,
  'minimax invoke, open parameters': (n) => `<invoke name="f">${'<parameter name="a">v'.repeat(n)}`,
  'minicpm xml, open params': (n) => `<function name="f">${'<param name="a">v'.repeat(n)}`,
  'seed-oss, open parameters': (n) => `<seed:tool_call><function=f>${'<parameter=a>'.repeat(n)}`,
  'kimi, open arrays': (n) => `<|tool_call_begin|>functions.f:0<|tool_call_argument_begin|>{${'"a": ['.repeat(n)}`,
  'deepseek, unclosed object': (n) => `<｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n\`\`\`json\n{${'"a":1,'.repeat(n)}`,
  'mistral, open lists': (n) => `[TOOL_CALLS]${'[{"name": "f", "arguments": {'.repeat(n)}`,
  'harmony, repeated headers': (n) => '<|start|>assistant<|channel|>commentary to=functions.f <|message|>{"a": '.repeat(n),
  'gemma, open strings': (n) => `<|tool_call>call:f{${'a:<|"|>x'.repeat(n)}`,
  'pythonic, long list': (n) => `[${'f(a=1), '.repeat(n)}`,
  'plain json among prose': (n) => 'Sure: {"name": "f", "arguments": {"a": '.repeat(n),
  'reasoning openers': (n) => '<think>a '.repeat(n),
  'open fences': (n) => '```json\n{"name": "f"\n'.repeat(n),
  'examples in sentences': (n) => 'For example, <tool_call>{"name": "a"} and ok. '.repeat(n),
};
