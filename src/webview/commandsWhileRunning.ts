// Which slash commands run while SmallCode works on a task (the composer asks before sending one).
import { forgetsMemory, type SlashCommandName } from '../shared/chatProtocol';

/**
 * Why `/name args` waits until SmallCode has finished (undefined: it only shows something, and runs at
 * once, even mid-run: /tokens and /trace are most useful then). A command that would change the
 * conversation or the agent under the running task waits.
 */
export function refusedWhileRunning(name: SlashCommandName, args: string): string | undefined {
  switch (name) {
    case 'clear': return '/clear starts a new conversation, which would end the task SmallCode is working on';
    case 'plan': return args ? '/plan <task> starts a task, and SmallCode is still working on one' : undefined;
    case 'memory': return forgetsMemory(args) ? '/memory forget changes what SmallCode remembers while it is working' : undefined;
    case 'model': return '/model picks another model, which would change it under the running task';
    default: return undefined;
  }
}
