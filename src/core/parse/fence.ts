/**
 * The inside of a body wrapped whole in a ``` fence (with or without a language tag), trimmed; any other
 * text as it is. Models fence call JSON inside markup and after DeepSeek's tool name alike.
 */
export function stripFence(s: string): string {
  const t = s.trim();
  // string checks, not one regex: a lazy body before a closing fence rescans long whitespace runs
  if (t.length < 6 || !t.startsWith('```') || !t.endsWith('```')) return s;
  const tag = /^```[\w-]*/.exec(t)![0].length;
  return t.slice(tag, -3).trim();
}
