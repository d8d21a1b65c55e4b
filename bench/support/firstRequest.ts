// The first request the agent sends for a task, as the model server would get it (system message, tool
// schemas): what the prompt-weight benchmarks count.
import { Agent, type AgentOptions, type ChatLike } from '../../src/core/agent';
import type { ChatRequest, ChatResult } from '../../src/core/llm';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { CallbackApproval } from '../../src/node/approval';
import { CallbackEditReview } from '../../src/node/editReview';

export async function firstRequest(root: string, toolMode: 'native' | 'text', options: Partial<AgentOptions> = {}): Promise<ChatRequest> {
  let sent: ChatRequest | undefined;
  const client: ChatLike = {
    model: 'qwen2.5-coder-7b-instruct',
    async stream(req: ChatRequest): Promise<ChatResult> {
      sent ??= req;
      return { text: 'Done.', reasoning: '', toolCalls: [], finishReason: 'stop', usage: { promptTokens: 0, completionTokens: 0 }, attempts: 1 };
    },
  };
  const agent = new Agent({ client, workspace: new NodeWorkspace(root), editReview: new CallbackEditReview(), approval: new CallbackApproval(), window: 16_384, toolMode, ...options });
  await agent.run('Say hi.');
  return sent!;
}
