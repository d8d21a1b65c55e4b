// One real llama-server for a test file, and a chat client on it: started before the file's tests,
// stopped after them.
import { after, before } from 'node:test';
import { ChatClient } from '../../src/core/llm';
import { startLlamaServer, type LlamaServer } from './llamaServer';

export function useLlamaServer(contextSize = 4096): { server: () => LlamaServer; client: () => ChatClient } {
  let server: LlamaServer | undefined;
  let client: ChatClient | undefined;
  before(async () => {
    server = await startLlamaServer({ contextSize });
    client = new ChatClient({ baseUrl: server.baseUrl, model: server.model, serverKind: 'llamacpp', retries: 0 });
  });
  after(async () => { await server?.stop(); });
  return { server: () => server!, client: () => client! };
}
