// web_fetch: the opt-in tool (smallcode.web.enabled, off by default) that reads a public page as text.
// Only its definition lives in the core; the fetch itself (SSRF guard, limits) is the host's.
import { z } from 'zod';
import type { ToolDefinition } from './definitions';

export const webFetch = {
  name: 'web_fetch',
  description: 'Fetch a public web page (http/https) as text.',
  category: 'web',
  categoryLabel: 'fetch a web page',
  schema: z.object({ url: z.string().min(1).describe('http(s) URL') }),
} satisfies ToolDefinition;
