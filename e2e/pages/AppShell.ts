import type { Page } from 'playwright-core';

/** What every signed-in page shares: the heading, the demo banner and sign out. */
export class AppShell {
  constructor(private readonly page: Page) {}

  heading() {
    return this.page.getByTestId('page-heading');
  }

  /**
   * Waits until the page's h1 says `expected` (client-side navigation swaps it a moment after the
   * URL changes) and returns the full heading text.
   */
  async waitForHeading(expected: string | RegExp): Promise<string> {
    const heading = this.heading().filter({ hasText: expected });
    await heading.waitFor();
    return (await heading.innerText()).trim();
  }

  demoBanner() {
    return this.page.getByTestId('demo-banner');
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId('sign-out').click();
    await this.page.waitForURL(/\/sign-in/);
  }
}
