import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** A serious or critical accessibility violation, in a line a person can act on. */
export interface SeriousViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
  /** The offending elements' markup, so a failure says what to fix. */
  html: string[];
}

/** Runs axe on the page (or one part of it) and returns the serious and critical violations. */
export async function seriousViolations(page: Page, include?: string): Promise<SeriousViolation[]> {
  // Fluent's focus manager (tabster) adds hidden <i> sentinels that only pass focus on; they are not content.
  let builder = new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .exclude('[data-tabster-dummy]');
  if (include) builder = builder.include(include);
  // Colours are judged when they have settled: a dialog still fading in has a contrast it will not keep.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
      html: violation.nodes.slice(0, 5).map((node) => node.html),
    }));
}
