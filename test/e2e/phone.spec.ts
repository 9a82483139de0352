// The key screens of every capability on a 390 px phone, as each demo role, in English and in
// Chinese: the page never scrolls sideways, the heading and the first row's key field are on
// screen, and the menu opens. Screenshots land in test/e2e/__screenshots__/phone-*.png for a
// person to look at. Only the "phone" project runs this file.
import { SCREENSHOTS, expect, signIn, test } from "./helpers";
import type { Page } from "@playwright/test";

interface Screen {
  name: string;
  path: string;
  /** Also open the first row's link (a lead, a deal, a fund...) and check that page too. */
  openFirstRow?: boolean;
}

const ROLES: { key: string; email: string; screens: Screen[] }[] = [
  {
    key: "admin",
    email: "admin@example.com",
    screens: [
      { name: "home", path: "/" },
      { name: "leads", path: "/leads", openFirstRow: true },
      { name: "deals", path: "/deals", openFirstRow: true },
      { name: "sell-through", path: "/sell-through", openFirstRow: true },
      { name: "sell-through-new", path: "/sell-through/new" },
      { name: "funds", path: "/funds", openFirstRow: true },
      { name: "partners", path: "/partners", openFirstRow: true },
      { name: "applications", path: "/applications", openFirstRow: true },
      { name: "users", path: "/users" },
      { name: "content", path: "/content", openFirstRow: true },
      { name: "content-new", path: "/content/new" },
    ],
  },
  {
    key: "manager",
    email: "manager@example.com",
    screens: [
      { name: "home", path: "/" },
      { name: "leads", path: "/leads", openFirstRow: true },
      { name: "deals", path: "/deals", openFirstRow: true },
      { name: "sell-through", path: "/sell-through", openFirstRow: true },
      { name: "funds", path: "/funds", openFirstRow: true },
      { name: "partners", path: "/partners" },
    ],
  },
  {
    key: "distributor",
    email: "distributor@example.com",
    screens: [
      { name: "home", path: "/" },
      { name: "leads", path: "/leads", openFirstRow: true },
      { name: "deals", path: "/deals", openFirstRow: true },
      { name: "deal-new", path: "/deals/new" },
      { name: "sell-through", path: "/sell-through", openFirstRow: true },
      { name: "sell-through-new", path: "/sell-through/new" },
      { name: "funds", path: "/funds", openFirstRow: true },
      { name: "partners", path: "/partners" },
    ],
  },
  {
    key: "reseller",
    email: "reseller@example.com",
    screens: [
      { name: "home", path: "/" },
      { name: "leads", path: "/leads", openFirstRow: true },
      { name: "deals", path: "/deals" },
      { name: "deal-new", path: "/deals/new" },
      { name: "funds", path: "/funds", openFirstRow: true },
      { name: "content", path: "/content" },
    ],
  },
  {
    key: "rep",
    email: "rep@example.com",
    screens: [
      { name: "home", path: "/" },
      { name: "leads", path: "/leads", openFirstRow: true },
      { name: "deal-new", path: "/deals/new" },
    ],
  },
];

async function expectNoSidewaysScroll(page: Page, what: string) {
  const widths = await page.evaluate(() => {
    const root = document.scrollingElement!;
    // The innermost elements reaching past the right edge, to name in the failure.
    const sticking = [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
      .filter((element) => ![...element.children].some((child) => child.getBoundingClientRect().right > root.clientWidth + 1))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} "${element.textContent!.trim().slice(0, 40)}"`);
    return { scroll: root.scrollWidth, client: root.clientWidth, sticking };
  });
  expect(widths.scroll, `${what} scrolls sideways: ${widths.sticking.join(", ")}`).toBeLessThanOrEqual(widths.client + 1);
}

/** The element lies inside the viewport's width, so a phone user sees it without scrolling sideways. */
async function expectWithinWidth(page: Page, selector: string, what: string) {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${what} is shown`).not.toBeNull();
  expect(box!.x, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends on screen`).toBeLessThanOrEqual(page.viewportSize()!.width + 1);
}

/** No table on the page hides columns past the screen's edge behind a scroll of its own. */
async function expectNoScrollingTable(page: Page, what: string) {
  const scrolling = await page
    .locator("main .table-scroll")
    .evaluateAll((boxes) => boxes.filter((box) => box.scrollWidth > box.clientWidth + 1).map((box) => box.querySelector("th, td")?.textContent?.trim() ?? ""));
  expect(scrolling, `${what}: tables scrolling sideways (by their first cell)`).toEqual([]);
}

async function checkScreen(page: Page, shot: string) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/phone-${shot}.png`, fullPage: true });
  await expectWithinWidth(page, "main h1", `${shot}: the heading`);
  await expectNoSidewaysScroll(page, shot);
  await expectNoScrollingTable(page, shot);
  const firstRow = page.locator("main table.data-table tbody tr").first();
  if ((await firstRow.count()) > 0 && (await firstRow.locator("td.empty").count()) === 0) {
    // The row's first labelled field (a name, a number) is readable, not a blank selection cell.
    const keyCell = firstRow.locator("td:not(.select-cell)").first();
    await expect(keyCell).toBeVisible();
    expect((await keyCell.innerText()).trim(), `${shot}: the first row's key field`).not.toBe("");
    await expectWithinWidth(page, "main table.data-table tbody tr >> nth=0 >> td:not(.select-cell) >> nth=0", `${shot}: the first row's key field`);
  }
}

async function walk(page: Page, role: string, lang: string, screens: Screen[]) {
  for (const screen of screens) {
    await page.goto(screen.path);
    await checkScreen(page, `${role}-${lang}-${screen.name}`);
    if (screen.openFirstRow) {
      const link = page.locator("main table.data-table tbody tr a[href]").first();
      if ((await link.count()) === 0) continue;
      await page.goto((await link.getAttribute("href"))!);
      await checkScreen(page, `${role}-${lang}-${screen.name}-first`);
    }
  }
}

async function switchLanguage(page: Page, button: "English" | "中文") {
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", button === "English" ? "en" : "zh-CN");
}

for (const role of ROLES) {
  test(`${role.key} can use the key screens on a phone in English and Chinese`, async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, role.email);
    // The top bar stays one slim row, and the menu opens from it.
    const topbar = await page.locator(".topbar").boundingBox();
    expect(topbar!.height, "the top bar's height").toBeLessThanOrEqual(56);
    await expect(page.locator(".sidebar")).toBeHidden();
    await page.locator(".mobile-nav summary").click();
    await expect(page.locator(".mobile-nav nav").getByRole("link", { name: "Leads" })).toBeVisible();
    await expectNoSidewaysScroll(page, "the open menu");

    try {
      await walk(page, role.key, "en", role.screens);
      await switchLanguage(page, "中文");
      await walk(page, role.key, "zh", role.screens);
    } finally {
      // The language is saved on the account: leave it as the other stories expect.
      await page.goto("/account");
      await switchLanguage(page, "English");
    }
  });
}

test("the public application page fits a phone in English and Chinese", async ({ page }) => {
  for (const [lang, button] of [
    ["en", "English"],
    ["zh", "中文"],
  ] as const) {
    await page.goto("/apply");
    await switchLanguage(page, button);
    await page.locator("form:not(.language-switch) button[type=submit]").click();
    await expect(page.locator(".field-error").first()).toBeVisible();
    await checkScreen(page, `public-${lang}-apply`);
  }
});
