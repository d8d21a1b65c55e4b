// Models tuned on aider-style editing often answer with SEARCH/REPLACE blocks (a file name, a fence,
// `<<<<<<< SEARCH` … `=======` … `>>>>>>> REPLACE`) instead of calling a tool. Such a reply meant to
// edit those files: each block becomes a `patch` call, so it goes through the same engine, review
// and verification as any other edit.
import { parseEditReply } from '../edit';
import type { Repair, ToolCall } from '../parse';

export interface EditBlockCalls {
  calls: ToolCall[];
  repair?: Repair;
  /** Blocks were there but cannot be applied as written (cut off, malformed, or without a file name). */
  unreadable: boolean;
}

const NONE: EditBlockCalls = { calls: [], unreadable: false };

export function editBlocksAsCalls(text: string): EditBlockCalls {
  // Every marker style has the word; most replies do not, and they cost nothing more.
  if (!text.includes('SEARCH')) return NONE;
  const reply = parseEditReply(text);
  if (reply.problem) return { calls: [], unreadable: true };
  if (reply.blocks.length === 0) return NONE;
  if (reply.blocks.some((b) => !b.path)) return { calls: [], unreadable: true };
  // A block's `:start_line:` is the model's own hint for where it goes: it rides along (readReply
  // drops it from a block after an earlier one of the same file: see staleLineHints).
  return {
    calls: reply.blocks.map((b) => ({ name: 'patch', arguments: { path: b.path!, search: b.search, replace: b.replace, ...(b.startLine ? { start_line: b.startLine } : {}) } })),
    repair: { kind: 'edit-blocks', detail: `read ${reply.blocks.length} SEARCH/REPLACE block${reply.blocks.length === 1 ? '' : 's'} in the reply as patch calls` },
    unreadable: false,
  };
}
