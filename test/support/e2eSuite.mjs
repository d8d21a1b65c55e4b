// The frame every end-to-end file shares: one code-server and one browser for the file's steps,
// opened on the workbench with SmallCode loaded; steps that leave a screenshot on failure (and
// after every step with SMALLCODE_SCREENSHOTS=1 or `screenshots: 'always'`); cleanup after.
import { after, before, test } from 'node:test';
import { REPO, openBrowser, removeScratch, scratchWorkspace, startCodeServer, workbenchUrl } from './vscodeHarness.mjs';
import { Workbench } from './workbench.mjs';
import { startReplayServer } from './replayServer.ts';

/**
 * Registers before/after hooks and returns `{ step, ctx }`; `ctx.wb`, `ctx.server` are set once the
 * workbench is up. Options: suite (screenshot folder), workspace, settings, env, WorkbenchClass,
 * screenshots ('failure' | 'always'), beforeStart() (e.g. start a replay server) and afterAll();
 * replay: the replay server's options, to start one the workbench's smallcode.baseUrl points at
 * (`ctx.replay`; closed after the steps).
 */
export function e2eSuite(options) {
  const ctx = { wb: undefined, server: undefined, browser: undefined, replay: undefined };
  let failed = false;
  const always = options.screenshots === 'always' || process.env.SMALLCODE_SCREENSHOTS === '1';

  before(async () => {
    const extra = (await options.beforeStart?.()) ?? {};
    if (options.replay) ctx.replay = await startReplayServer(options.replay);
    ctx.server = await startCodeServer({
      workspace: options.workspace ?? scratchWorkspace(), smokeTestDriver: true,
      settings: { ...options.settings, ...extra.settings, ...(ctx.replay ? { 'smallcode.baseUrl': ctx.replay.baseUrl } : {}) }, env: { ...options.env, ...extra.env },
    });
    ctx.browser = await openBrowser(ctx.server, { onConsole: (t) => process.env.SMALLCODE_E2E_CONSOLE && console.log('[console]', t) });
    ctx.wb = new (options.WorkbenchClass ?? Workbench)(ctx.browser.page, options.suite);
    await ctx.browser.page.goto(workbenchUrl(ctx.server, { extensionDevelopmentPath: REPO }));
    await ctx.wb.ready();
  });

  after(async () => {
    await ctx.browser?.close();
    await options.afterAll?.();
    await ctx.replay?.close();
    ctx.server?.stop();
    if (ctx.server && !failed) removeScratch(ctx.server);
  });

  /** A UI step: a screenshot on failure (and after it, when asked), with the logs named in the error. */
  function step(name, fn) {
    test(name, async () => {
      const slug = name.replace(/\W+/g, '-').slice(0, 60);
      try {
        await fn();
        if (always) await ctx.wb.screenshot(slug);
      } catch (error) {
        failed = true;
        const shot = await ctx.wb?.screenshot(`FAILED-${slug}`).catch(() => 'none');
        throw new Error(`${error.message}\nscreenshot: ${shot}; code-server log: ${ctx.server?.logFile}`, { cause: error });
      }
    });
  }

  return { step, ctx };
}
