// Runs a shell command for the agent: cwd = workspace root, stdin closed (a command waiting for
// input gets EOF instead of hanging), output capped to head + tail. The command runs in a process group
// of its own, and the group is ended whenever the command ends — by a timeout, a Stop, or its own normal
// exit: SIGTERM, then SIGKILL after a grace period, whether or not the shell is still there. So a
// `npm test` that spawned a server, or `cmd &`, does not outlive it (the model could never stop it). A
// process that leaves the group on purpose (`setsid`, a daemon) is beyond reach, as in any shell.
// Windows has no process groups: `taskkill /T /F` ends the tree, and only while the command runs (a
// timeout or a Stop). After it exited its PID is free, and Windows soon gives it to another process,
// whose whole tree taskkill would end; so what a command leaves behind there outlives it.
import { spawn } from 'node:child_process';
import type { CommandResult, RunOptions } from '../core/ports';
import { HeadTailBuffer } from './headTailBuffer';
import { noCwdSearchEnv, taskkillPath } from './exeSearch';

export const DEFAULT_TIMEOUT_MS = 120_000;
/** ~4k tokens: enough for a test failure, small enough for a 8k-context model. */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024;
/** After SIGTERM, a process gets this long to exit before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** After the main process exits, how long to wait for grandchildren still holding its pipes. */
const PIPE_DRAIN_MS = 500;

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(?:\u0007|\u001b\\)/g;

/** How a command's processes are ended: injectable, so the Windows rules run in tests on any system. */
export interface ProcessTreeKiller {
  platform: NodeJS.Platform;
  /** Signals the process tree; false when nothing was left to signal (the group is empty). */
  killTree(pid: number, signal: NodeJS.Signals): boolean;
}

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal); // negative pid: the whole group (the child is a group leader)
    return true;
  } catch {
    return false; // already gone
  }
}

/** Forced at once (`/F`): no second, later call that could find the PID reused. */
function taskkillTree(pid: number): boolean {
  spawn(taskkillPath(), ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
  return true;
}

export const hostKiller = (): ProcessTreeKiller => ({ platform: process.platform, killTree: process.platform === 'win32' ? taskkillTree : killGroup });

export function runShellCommand(command: string, cwd: string, options: RunOptions = {}, killer: ProcessTreeKiller = hostKiller()): Promise<CommandResult> {
  const windows = killer.platform === 'win32';
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const output = new HeadTailBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const child = spawn(command, {
      cwd,
      shell: true,
      detached: !windows,
      stdio: ['ignore', 'pipe', 'pipe'],
      // cmd.exe then looks for the model's `git status` on PATH only, not in the workspace first
      env: { ...process.env, ...noCwdSearchEnv(killer.platform), PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' },
      windowsHide: true,
    });
    child.stdout!.on('data', (b: Buffer) => output.push(b));
    child.stderr!.on('data', (b: Buffer) => output.push(b));

    const timers: NodeJS.Timeout[] = [];
    let groupEnded = false;
    /** Until 'exit', Node holds the process's handle, so on Windows its PID cannot be given to another. */
    let exited = false;
    /**
     * SIGTERM the group now, SIGKILL it after the grace period: that timer is not one of `timers`, so the
     * shell exiting does not cancel it. An empty group (the usual normal exit) gets no timer, so its id,
     * free again, is never signalled later. On Windows: taskkill once, and only before the exit.
     */
    const endGroup = () => {
      const pid = child.pid;
      if (pid === undefined || groupEnded || (windows && exited)) return;
      groupEnded = true;
      if (killer.killTree(pid, 'SIGTERM') && !windows) setTimeout(() => killer.killTree(pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    };
    const onAbort = () => {
      aborted = true;
      endGroup();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(
      setTimeout(() => {
        timedOut = true;
        endGroup();
      }, timeoutMs),
    );

    const finish = (exitCode: number | null, error?: Error) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      options.signal?.removeEventListener('abort', onAbort);
      endGroup(); // what the command left running in the background ends with it
      if (error) output.push(Buffer.from(`\n${error.message}`));
      const { text, droppedBytes } = output.read();
      resolve({
        exitCode: timedOut || aborted ? null : exitCode,
        output: text.replace(ANSI, ''),
        timedOut,
        aborted,
        truncatedBytes: droppedBytes,
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code));
    child.on('exit', (code) => {
      exited = true;
      // A background grandchild can keep the pipes open forever: give it a moment, then end it (its
      // group; on Windows the pipes are only let go).
      timers.push(
        setTimeout(() => {
          if (child.pid !== undefined && !windows) killer.killTree(child.pid, 'SIGKILL');
          child.stdout!.destroy();
          child.stderr!.destroy();
          finish(code);
        }, PIPE_DRAIN_MS).unref(),
      );
    });
  });
}
