// write_file and patch: the proposed content is computed with the edit engine, shown through
// EditReview (unless edits are on auto), and only what the user accepted is written, in one
// atomic write. A rejection, a refusal of the edit engine or a cancel writes nothing — except what the
// user accepted before the cancel (VS Code's review writes each hunk as it is accepted): that is
// reported as written, so the checkpoint and the model know of it.
import { applySearchReplace, computeHunks, isPlaceholderLine, newPlaceholderLine, onlyHunksApplied, withLineEndingsOf } from '../edit';
import type { EditHunk } from '../edit';
import { readTextOrNull, type FileContent, type ReviewHunk, type WriteTarget } from '../ports';
import { normalizeWorkspacePath, REDACTED } from '../security';
import { editDecision, sentenceEnd } from './decisions';
import { checkProposal } from './proposalPolicy';
import { describeRewrite, dropsMuchOfFile, rewriteSize, type RewriteSize } from './rewriteSize';
import type { AcceptedEdit, ExecutorContext, ToolOutcome } from './executorTypes';
import { errorMessage } from '../errorMessage';

const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

const toReview = (hunks: readonly EditHunk[]): ReviewHunk[] =>
  hunks.map(({ oldStart, oldLines, newStart, newLines, lines }) => ({ oldStart, oldLines, newStart, newLines, lines }));

/**
 * A file the host could only read lossily (not UTF-8) is refused before anything is proposed: the
 * user would review an edit that writing must refuse, or that VS Code would save with every
 * character it could not read destroyed. The host's reason says so, and not to try again.
 */
const notEditable = (file: FileContent): ToolOutcome | undefined => (file.readOnly ? { ok: false, refused: 'policy', content: file.readOnly } : undefined);

export async function executeWrite(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const path = String(args.path);
  const info = await ctx.workspace.stat(path);
  if (info?.kind === 'directory') return { ok: false, content: `${info.path} is a folder; give a file path.` };
  if (!info) return propose(ctx, path, null, String(args.content));
  const current = await ctx.workspace.readFile(path, { signal: ctx.signal });
  const refused = notEditable(current);
  if (refused) return refused;
  // Models write LF: a CRLF file keeps its line endings (else every line shows as changed, and is).
  const content = withLineEndingsOf(current.content, String(args.content));
  const lines = lineCount(current.content);
  if (lines > ctx.limits.rewriteMaxLines) {
    return { ok: false, content: `${current.path} already exists (${lines} lines). Use patch to change part of it; write_file replaces only files up to ${ctx.limits.rewriteMaxLines} lines.` };
  }
  // "// ... rest unchanged" in a whole-file rewrite would be written into the file as is.
  const placeholder = newPlaceholderLine(content, current.content, isPlaceholderLine);
  if (placeholder !== undefined) {
    return { ok: false, content: `Your content has the placeholder line ${JSON.stringify(placeholder)} instead of real code. write_file writes the whole file exactly: give all of it, or use patch to change only a part.` };
  }
  if (current.content === content) return { ok: true, content: `${current.path} already has exactly this content; nothing to do.` };
  const hunks = computeHunks(current.content, content);
  const size = rewriteSize(hunks, lines);
  // Asked once: a task may mean those deletions (a deprecated helper removed), and the same write sent
  // again says so; it then goes to review (or is applied) with its size in the result.
  const asked = `${current.path}\n${content}`;
  if (dropsMuchOfFile(size) && !ctx.refusedRewrites.has(asked)) {
    ctx.refusedRewrites.add(asked);
    return { ok: false, content: `Not written: your content would delete ${size.dropped} of the ${size.of} lines of ${current.path} with nothing in their place. write_file replaces the whole file with exactly what you give: to change part of it, use patch; to rewrite it, give all of it. If deleting those lines is what the task asks, send the same write_file again.` };
  }
  return propose(ctx, current.path, current.content, content, hunks, size);
}

export async function executePatch(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const file = await ctx.workspace.readFile(String(args.path), { signal: ctx.signal });
  const refused = notEditable(file);
  if (refused) return refused;
  // start_line is the one hint that may pick among duplicates (the engine refuses them otherwise).
  const startLine = typeof args.start_line === 'number' ? { startLine: args.start_line } : {};
  const result = applySearchReplace(file.content, String(args.search), String(args.replace), startLine);
  // The engine's refusal says what did not match and where the closest text is: the model's next try needs exactly that.
  if (!result.ok) return { ok: false, content: `Patch not applied to ${file.path}. ${result.error}` };
  // A repeat of an edit already made (a double-emit, a retry): applying it would write its added lines twice.
  if (result.alreadyApplied) return { ok: true, content: `${file.path} already has this change (the text at SEARCH already reads as your REPLACE): nothing changed. Do not send this patch again; go on with the next step.` };
  if (result.content === file.content) return { ok: true, content: `${file.path} already contains the replacement; nothing changed.` };
  return propose(ctx, file.path, file.content, result.content, result.hunks);
}

/**
 * Where the write lands: the host's normalised path (the one path the review, the checkpoint and the
 * write all use: `./a.ts` and `a.ts` are one file) and the real path behind any symlink.
 */
async function writeTarget(ctx: ExecutorContext, path: string): Promise<WriteTarget> {
  if (ctx.workspace.writeTarget) return ctx.workspace.writeTarget(path);
  const check = normalizeWorkspacePath(path);
  return check.ok ? { ok: true, path: check.path, realPath: check.path } : { ok: false, reason: check.reason };
}

async function propose(ctx: ExecutorContext, asWritten: string, original: string | null, proposed: string, hunks?: EditHunk[], rewrite?: RewriteSize): Promise<ToolOutcome> {
  // Checked before the user is asked: an edit that may not be written is not shown for review either.
  const target = await writeTarget(ctx, asWritten);
  if (!target.ok) return { ok: false, refused: 'policy', content: target.reason };
  const { path } = target;
  const check = checkProposal(target, original, proposed);
  if (!check.ok && check.kind === 'not-writable') return { ok: false, refused: 'policy', content: check.reason };
  if (!check.ok) {
    return { ok: false, refused: 'policy', content: `Not written: the line ${JSON.stringify(check.line)} has a redaction mark (${REDACTED}), which stands for a secret hidden from you, not its value; writing it would replace the user's real secret. Leave the lines that hold secrets out of your edit (patch only what you change), or tell the user the change and let them make it.` };
  }
  const diff = hunks ?? computeHunks(original ?? '', proposed);
  const { runsCommands } = check;
  ctx.hooks?.editProposed?.({ path, original, proposed, hunks: toReview(diff) });
  let content = proposed;
  let partial = false;
  let partialReason: string | undefined;
  let allAccepted = false;
  let changedOutsideRun = false;
  // A file that decides what a command runs is asked about even when edits are applied automatically.
  // Only an exact 'auto' skips the review: a value from a host that is no known setting fails safe.
  const reviewed = ctx.editApproval !== 'auto' || runsCommands !== undefined;
  if (reviewed) {
    const proposal = { path, original, proposed, hunks: diff, ...(runsCommands ? { runsCommands } : {}) };
    // A review that fails is a review that did not accept: nothing is written.
    const decision = editDecision(await ctx.review.propose(proposal, ctx.signal).catch((error: unknown) => ({ refused: true, reason: `the review failed (${errorMessage(error)})` })));
    // Every hunk accepted, and saving the file (format on save…) put it back: the user said yes, nothing changed.
    if (decision.kind === 'partial' && decision.allAccepted && decision.content === original && !ctx.signal?.aborted) {
      return { ok: true, content: `The user accepted your edit to ${path}, and saving the file (format on save or similar, as the user's settings ask) turned it back: ${path} is unchanged. Do not make the same edit again: saving would undo it again.` };
    }
    if (decision.kind === 'rejected' || (decision.kind === 'partial' && decision.content === original)) {
      if (ctx.signal?.aborted) return { ok: false, content: 'Cancelled.', cancelled: true };
      const reason = decision.kind === 'rejected' && decision.reason ? sentenceEnd(decision.reason) : undefined;
      // the review could not show or apply it: a refusal like the policy's, not the user's no (the governor tells them apart)
      if (decision.kind === 'rejected' && decision.refused) {
        return { ok: false, refused: 'policy', content: `Not written: ${(reason ?? 'the review could not show this edit').replace(/^refused:\s*/, '')}. Nothing was changed; if the edit is still needed, tell the user what stands in the way.` };
      }
      ctx.hooks?.editRejected?.({ path, ...(reason ? { reason } : {}) });
      return { ok: false, refused: 'user', content: `The user rejected this edit to ${path}${reason ? `: ${reason}` : ''}. Nothing was changed. Do not make the same edit again; change your approach or ask the user.` };
    }
    if (decision.kind === 'partial') {
      content = decision.content;
      partial = content !== proposed;
      partialReason = decision.reason;
      allAccepted = decision.allAccepted === true;
      // The review applied hunks to the file as it was then: anything more in it is not this run's to undo.
      changedOutsideRun = original !== null && !onlyHunksApplied(original, diff, content);
    }
  } else if (ctx.signal?.aborted) {
    return { ok: false, content: 'Cancelled.', cancelled: true };
  }
  // The write carries the text the edit was computed from: a change made while it waited is never overwritten.
  let written;
  try {
    written = await ctx.workspace.writeFile(path, content, original === null ? { createOnly: true } : { expected: original });
  } catch (error) {
    if (reviewed) return writeFailedAfterReview(ctx, { path, created: original === null, partial, ...(changedOutsideRun ? { changedOutsideRun } : {}) }, content, error);
    throw error;
  }
  // Re-read, not `content`: a save may change it further (format on save), and that is still the run's write.
  const after = ctx.hooks?.editAccepted ? await readTextOrNull(ctx.workspace, written.path).catch(() => undefined) : undefined;
  ctx.hooks?.editAccepted?.({ path: written.path, created: written.created, partial, ...(changedOutsideRun ? { changedOutsideRun } : {}), ...(after !== undefined ? { after } : {}) });
  const wrote = { path: written.path, created: written.created };
  if (ctx.signal?.aborted) {
    return { ok: false, cancelled: true, wrote, content: `Cancelled. Before the run was stopped the user accepted ${partial ? 'part of ' : ''}your edit to ${written.path}: it is in the file now.` };
  }
  // a whole-file rewrite says how much it changed: a rewrite that lost code shows it to the model
  const what = written.created ? `Created ${written.path} (${lineCount(content)} lines).`
    : rewrite && !partial ? `Rewrote ${written.path}: ${describeRewrite(rewrite)}.`
    : `Edited ${written.path}.`;
  const note = !partial ? ''
    : allAccepted ? ` The user accepted all of it, and the file still differs from your edit (${partialReason ?? 'saving the file changed it further'}): read the file again before changing it further.`
    : ` The user accepted only part of your edit${partialReason ? ` (${partialReason})` : ''}: read the file again before changing it further.`;
  return { ok: true, content: what + note, wrote };
}

/**
 * The write after an accepted review failed. A review may write what the user accepts itself (VS
 * Code's does, hunk by hunk): when the file already holds what the review reported, it is in the
 * run's checkpoint and the model is told it changed, not that nothing was written. Otherwise (a
 * review that leaves the write to the executor, a file changed meanwhile) the error stands.
 */
async function writeFailedAfterReview(ctx: ExecutorContext, edit: AcceptedEdit, accepted: string, error: unknown): Promise<ToolOutcome> {
  const now = await readTextOrNull(ctx.workspace, edit.path).catch(() => undefined);
  if (now !== accepted) throw error;
  ctx.hooks?.editAccepted?.({ ...edit, after: now });
  const { path, created } = edit;
  return {
    ok: false, wrote: { path, created },
    content: `The user accepted your edit to ${path} and the review applied it to the file, but then ${errorMessage(error).replace(/\.\s*$/, '')}. The file has changed: read it again before changing it further.`,
  };
}
