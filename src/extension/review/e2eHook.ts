// TEST HOOK, for test/e2e/review.test.mjs only (activate() calls it only outside production mode). The end-to-end test drives the real workbench from
// outside the extension host, so it cannot call the API: it writes a proposal ({ path, proposed })
// to a JSON file and starts code-server with SMALLCODE_E2E_PROPOSAL_FILE naming it. SmallCode then
// proposes that edit once, as the agent would, and writes the decision to <file>.decision.json.
// Without the variable (every real use) this does nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EditReview } from '../../core/ports';
import { loadCore } from '../lazyCore';

export function proposeFromE2eFile(review: EditReview): void {
  const file = process.env.SMALLCODE_E2E_PROPOSAL_FILE;
  if (!file || !fs.existsSync(file)) return;
  const { path: rel, proposed } = JSON.parse(fs.readFileSync(file, 'utf8')) as { path: string; proposed: string };
  fs.rmSync(file); // once
  const root = path.dirname(path.dirname(file)); // <workspace>/.smallcode/test-proposal.json
  const abs = path.join(root, rel);
  const original = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : null;
  void review.propose({ path: rel, original, proposed, hunks: loadCore().computeHunks(original ?? '', proposed) }).then((decision) => {
    // Written beside and renamed, so the test polling for the file never reads half of it.
    fs.writeFileSync(`${file}.decision.partial`, JSON.stringify(decision));
    fs.renameSync(`${file}.decision.partial`, `${file}.decision.json`);
  });
}
