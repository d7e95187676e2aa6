import type { Page } from 'playwright-core';

/** What every signed-in page shares: the heading, the demo banner and sign out. */
export class AppShell {
  constructor(private readonly page: Page) {}

  heading() {
    return this.page.getByTestId('page-heading');
  }

  async headingText(): Promise<string> {
    await this.heading().waitFor();
    return (await this.heading().innerText()).trim();
  }

  demoBanner() {
    return this.page.getByTestId('demo-banner');
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId('sign-out').click();
    await this.page.waitForURL(/\/sign-in/);
  }
}
