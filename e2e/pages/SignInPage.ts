import type { Page } from 'playwright-core';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<this> {
    await this.page.goto('/sign-in');
    await this.page.getByTestId('page-heading').waitFor();
    return this;
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByTestId('sign-in-email').fill(email);
    await this.page.getByTestId('sign-in-password').fill(password);
    await this.page.getByTestId('sign-in-submit').click();
  }

  errorSummary() {
    return this.page.getByTestId('error-summary');
  }
}
