// web_fetch's gate in VS Code: the first fetch from each host is asked in a modal showing the whole
// address (a URL is a message to its host: what the model puts in it goes there). "Always allow" lasts
// until the window closes; Stop settles the question as declined at once, and the modal's late answer
// is ignored (code cannot close a modal), bounded like every approval.
import type { FetchApproval, FetchRequest } from '../../node/web/webFetchTool';
import { chosenInModal } from '../askInModal';

const FETCH_ONCE = 'Fetch once';

export async function approveFetch(request: FetchRequest, signal?: AbortSignal): Promise<FetchApproval> {
  const always = `Always allow ${request.host}`;
  const choice = await chosenInModal(`Fetch a page from ${request.host}?`,
    `SmallCode's model asks to read this web page; the whole address goes to ${request.host}:\n${request.url}\n\n"${always}" lets the model read pages from ${request.host} without asking until the window closes.`,
    [FETCH_ONCE, always], signal);
  return choice === FETCH_ONCE ? 'once' : choice === always ? 'always' : 'deny';
}
