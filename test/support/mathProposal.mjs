// The two-hunk edit the review tests propose to the fixture's src/math.js: the loop bound (hunk 1)
// and one more export (hunk 2).
export const HUNK1 = ['  for (let i = 0; i <= values.length; i++) {', '  for (let i = 0; i < values.length; i++) {'];
export const HUNK2 = ['module.exports = { average, clamp };', 'module.exports = { average, clamp, mean: average };'];

/** The proposal for `original` (the file's text), and the file with only its first hunk applied. */
export function mathProposal(original) {
  const onlyHunk1 = original.replace(HUNK1[0], HUNK1[1]);
  return { proposed: onlyHunk1.replace(HUNK2[0], HUNK2[1]), onlyHunk1 };
}
