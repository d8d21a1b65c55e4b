// Measures the chat panel where it is drawn (run inside the webview's document, by page.evaluate or
// locator.evaluate): the boxes of its parts, the elements drawn outside it, and whether the newest
// output is in view. Shared by the layout tests of the standalone panel and of the real workbench.
export function panelBoxes() {
  const box = (selector) => {
    const node = document.querySelector(selector);
    if (!node || node.closest('[hidden]')) return null;
    const r = node.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
  };
  // Scrolled content and overlays may extend past the panel; everything else must stay inside it.
  const outside = [...document.querySelectorAll('#app *')].filter((node) => {
    const r = node.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || node.closest('.transcript, .panel-body, .completion, details:not([open]) > :not(summary)')) return false;
    return r.left < -1 || r.right > innerWidth + 1 || r.top < -1 || r.bottom > innerHeight + 1;
  }).map((node) => `${node.tagName.toLowerCase()}.${node.className}`);
  const t = document.querySelector('#transcript');
  return {
    width: innerWidth, height: innerHeight,
    scrollWidth: document.documentElement.scrollWidth,
    pageScrolls: document.documentElement.scrollHeight > innerHeight + 1,
    transcript: box('#transcript'), send: box('#send'), advice: box('.advice'), pending: box('#pending-edits'),
    atEnd: t.scrollHeight - t.scrollTop - t.clientHeight < 2,
    outside,
  };
}
