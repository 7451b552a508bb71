/** axe-core over the rendered card: serious and critical violations, described for the failure message. */
import axe from 'axe-core';

export async function seriousViolations(root: Element): Promise<string[]> {
  const results = await axe.run(root, {
    resultTypes: ['violations'],
    // jsdom lays nothing out, so contrast cannot be measured here; the browser suite checks it.
    rules: { 'color-contrast': { enabled: false } },
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
