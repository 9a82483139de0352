import { test as base, expect, type Page } from "@playwright/test";

/** Playwright's test, failing any test whose page threw in the browser (a crash after hydration, say). */
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await use(page);
    expect(pageErrors, "errors thrown in the browser").toEqual([]);
  },
});
export { expect };

export const DEMO_PASSWORD = "partner-portal-demo";
export const SCREENSHOTS = "test/e2e/__screenshots__";

/**
 * Signs in by posting the sign-in form from the page's own context, so the session cookie lands
 * in the browser, then opens the home page. Stories start where they are about; the sign-in
 * page itself is driven by signInWithForm in the specs about signing in.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  const origin = new URL(test.info().project.use.baseURL ?? "").origin;
  const answer = await page.request.post("/login", { form: { email, password, redirectTo: "/" }, headers: { Origin: origin }, maxRedirects: 0 });
  expect(answer.status(), `signing in as ${email}`).toBe(302);
  await page.goto("/");
  await expect(page).not.toHaveURL(/\/login/);
}

/** Signs in through the sign-in page, as a user does. */
export async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/**
 * Commits the checked lines of `period` by clicking `button`. Whether the month is far outside
 * the distributor's usual range, and so asks "Is this right?" first, depends on the months
 * other stories committed before; when it asks, `onQuestion` sees it and the answer is yes.
 */
export async function commitMonth(page: Page, period: string, button: string | RegExp, onQuestion?: () => Promise<void>): Promise<void> {
  await page.getByRole("button", { name: button }).click();
  const question = page.getByTestId("unusual-question");
  const committed = page.getByText(`Committed: these lines are now the sell-through for ${period}.`);
  await expect(question.or(committed)).toBeVisible();
  if (await question.isVisible()) {
    await expect(question).toContainText("Is this right?");
    await onQuestion?.();
    await question.getByLabel("Yes, these figures are right").check();
    await question.getByRole("button", { name: /^Commit \d+ accepted lines$/ }).click();
  }
  await expect(committed).toBeVisible();
}
