// Special tokens that servers leave in the text (end-of-turn markers, role headers, empty wrappers).
// They are never prose, so they are removed from the content the user sees.
const LEAKED = [
  /<\|?end_of_turn\|?>/g,
  /<\|?start_of_turn\|?>(?:model|user)?/g,
  /<\|(?:eot_id|eom_id|im_end|im_start|end|return|call|endoftext|end_of_text|start_header_id|end_header_id|python_tag|constrain)\|>/g,
  /<\|start\|>(?:assistant)?/g,
  /<\|channel\|>(?:final|commentary|analysis)?/g,
  /<\|message\|>/g,
  /<\/s>/g,
  /<\|(?:START|END)_(?:TEXT|RESPONSE|ACTION)\|>/g,
  /<\/?response>/g,
  /<\|tool_calls_section_(?:begin|end)\|>/g,
  /<｜tool▁calls▁(?:begin|end)｜>/g,
  /<｜end▁of▁sentence｜>/g,
  /<\|message_sep\|>/g,
];

export function stripLeakedTokens(text: string): { text: string; stripped: boolean } {
  let out = text;
  for (const re of LEAKED) out = out.replace(re, '');
  return { text: out, stripped: out !== text };
}
