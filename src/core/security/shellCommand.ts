// Shell-command helpers for the approval prompt: what about a command deserves a warning, and
// quoting for building commands safely. Warnings inform the user; they never replace approval.

interface Risk {
  pattern: RegExp;
  warning: string;
}

const RISKS: Risk[] = [
  { pattern: /\brm\s+(?:-[a-zA-Z]*[rRf][a-zA-Z]*\s+|--(?:recursive|force)\s+)/, warning: 'deletes files recursively or forcibly (rm -r/-f)' },
  { pattern: /\bgit\s+reset\s+--hard\b/, warning: 'discards uncommitted changes (git reset --hard)' },
  { pattern: /\bgit\s+clean\s+-[a-zA-Z]*f/, warning: 'deletes untracked files (git clean -f)' },
  { pattern: /\bgit\s+checkout\s+(?:--\s+)?\.(?:\s|$)|\bgit\s+restore\s+(?:--\S+\s+)*\.(?:\s|$)/, warning: 'discards uncommitted changes (git checkout/restore .)' },
  { pattern: /\bgit\s+push\b[^|;&]*(?:\s--force\b|\s-f\b|\s--force-with-lease\b)/, warning: 'rewrites remote history (git push --force)' },
  { pattern: /\bgit\s+push\b/, warning: 'publishes to a remote (git push)' },
  { pattern: /\bgit\s+branch\s+-D\b/, warning: 'deletes a branch (git branch -D)' },
  { pattern: /(?:^|[;&|]\s*|\s)sudo\s/, warning: 'runs as administrator (sudo)' },
  { pattern: /\b(?:mkfs(?:\.\w+)?|fdisk|parted|shred|wipefs)\b|\bdd\s+[^|;&]*\bof=/, warning: 'can overwrite a disk or partition' },
  { pattern: />\s*\/dev\/(?:sd|nvme|hd|disk)/, warning: 'writes to a raw disk device' },
  { pattern: /\b(?:chmod|chown)\s+(?:-[a-zA-Z]*R|--recursive)/, warning: 'changes permissions recursively' },
  { pattern: /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/, warning: 'runs a script downloaded from the internet' },
  { pattern: /:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}/, warning: 'is a fork bomb' },
  { pattern: /\b(?:shutdown|reboot|halt|poweroff)\b/, warning: 'shuts down or restarts the machine' },
  { pattern: /\bkill(?:all)?\s+(?:-\S+\s+)*-1\b|\bkillall\b|\bpkill\b/, warning: 'kills processes by name or all processes' },
  { pattern: /\b(?:npm|pnpm|yarn)\s+publish\b|\bcargo\s+publish\b|\btwine\s+upload\b/, warning: 'publishes a package' },
  { pattern: /\bdrop\s+(?:table|database|schema)\b/i, warning: 'drops database objects' },
  { pattern: /(?:^|[^>&\d])>{1,2}\s*(?:~|\/(?!dev\/null\b|tmp\/))/, warning: 'writes to a file outside the workspace' },
  { pattern: /\bcd\s+(?:\/|~|\.\.(?:\/|\s|$))/, warning: 'changes to a directory outside the workspace' },
];

/** Human-readable reasons a command deserves a second look; empty when nothing stands out. */
export function assessCommand(command: string): string[] {
  const warnings: string[] = [];
  for (const risk of RISKS) {
    if (risk.pattern.test(command) && !warnings.includes(risk.warning)) warnings.push(risk.warning);
  }
  // "git push --force" also matches plain "git push"; keep the sharper warning only.
  const force = warnings.indexOf('rewrites remote history (git push --force)');
  if (force !== -1) return warnings.filter((w) => w !== 'publishes to a remote (git push)');
  return warnings;
}

/** POSIX single-quoting: the argument reaches the program as one word, whatever it contains. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
