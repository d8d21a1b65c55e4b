// The warning for a database that could not be read: one owner for its words, so that the VS Code host
// can tell it from the others and show it to the user (it may mean lost project memory), not only log it.
// A module of its own: the host imports it at activation, without the index.

const OPENING = 'The code index at ';
const UNREADABLE = ' could not be read (';

export function unreadableIndexWarning(location: string, reason: string, memory: string): string {
  return `${OPENING}${location}${UNREADABLE}${reason}); rebuilding it.${memory}`;
}

export function isUnreadableIndexWarning(message: string): boolean {
  return message.startsWith(OPENING) && message.includes(UNREADABLE);
}
