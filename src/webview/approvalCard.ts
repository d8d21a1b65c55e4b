// A shell command the model wants to run, asked in the conversation: the command as it will run,
// why it deserves a second look, and Run / Skip / Always allow — reachable by keyboard (a new card
// itself takes focus when the panel has it and the user is not typing, so Tab reaches Run; a key
// press never answers it by accident). Once answered, the card says what was decided.
import type { ApprovalCardView, ApprovalChoice } from '../shared/chatProtocol';
import { el } from './dom';
import { clip } from './format';

const DECIDED: Record<Exclude<ApprovalCardView['state'], 'pending'>, string> = {
  approved: 'Ran once, as you allowed.',
  always: 'Allowed from now on in this workspace ("SmallCode: Forget commands allowed in this workspace" undoes it).',
  declined: 'Skipped: SmallCode told the model you declined.',
  cancelled: 'Not run: the run was stopped.',
};

export function renderApprovalCard(card: ApprovalCardView, decide: (choice: ApprovalChoice) => void): HTMLElement {
  const box = el('div', 'approval-card');
  box.dataset.state = card.state;
  box.setAttribute('role', 'group');
  // The command box scrolls after a few lines: say how many there are, so none goes unread.
  const lines = card.command.trimEnd().split(/\r\n|\n|\r/).length;
  const length = lines > 1 ? ` (${lines} lines)` : '';
  // Read out when the card takes focus: what would run, and where the answers are.
  const spoken = clip(card.command, 200);
  box.setAttribute('aria-label', card.state === 'pending' ? `SmallCode asks to run a command${length}: ${spoken}. Tab to Run, Skip or Always allow.` : 'Command approval');
  box.tabIndex = -1; // focusable by the transcript (a new card; the card answered), not a Tab stop of its own
  box.append(el('div', 'approval-title', card.state === 'pending' ? `Run this command${length}?` : `Command${length}`));
  if (lines > 1) box.append(el('div', 'approval-lines', `${lines} lines: scroll the box below to read every one before you answer.`));
  const command = el('pre', 'approval-command', card.command);
  box.append(command);
  if (card.warnings.length) {
    const warnings = el('ul', 'approval-warnings');
    for (const warning of card.warnings) warnings.append(el('li', '', `⚠ ${warning}`));
    box.append(warnings);
  }
  if (card.state !== 'pending') {
    box.append(el('div', 'approval-outcome', DECIDED[card.state]));
    return box;
  }
  const actions = el('div', 'approval-actions');
  const button = (label: string, choice: ApprovalChoice, title: string, primary = false) => {
    const b = el('button', primary ? 'approval-button primary' : 'approval-button', label);
    b.type = 'button';
    b.title = title;
    b.dataset.choice = choice;
    b.addEventListener('click', () => {
      if (box.contains(document.activeElement)) box.focus(); // a disabled button would drop the keyboard
      for (const other of actions.querySelectorAll('button')) other.disabled = true;
      decide(choice);
    });
    return b;
  };
  const short = clip(card.command, 24);
  actions.append(
    button('Run', 'run', 'Run this command once', true),
    button('Skip', 'skip', 'Do not run it; the model is told you declined'),
    button(`Always allow “${short}”`, 'always', `Run "${card.command}" without asking from now on in this workspace`),
  );
  box.append(actions);
  return box;
}
