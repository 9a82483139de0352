// The content library in the browser: the admin creates a co-brandable PDF asset for gold
// partners in Networking, uploads its file and publishes it; the reseller (Brightpath, gold,
// Networking) finds it in its library under Networking and downloads a copy stamped with its
// own name and logo: a PDF with one more image on its first page.
import { readFile } from "node:fs/promises";
import { PDFDict, PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";

async function brochure(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText("Branch router launch", { x: 50, y: 760, size: 24, font });
  return Buffer.from(await pdf.save());
}

test("the admin publishes a co-brandable PDF and the reseller downloads it with its logo", async ({ page, baseURL }) => {
  // Two people, a file stamped on the server and screenshots at two widths: longer than one page's story.
  test.setTimeout(180_000);
  const title = `Branch router flyer ${Date.now()}`;
  await signIn(page, "admin@example.com");
  await page.getByRole("link", { name: "Content", exact: true }).first().click();
  await expect(page).toHaveURL(/\/content$/);
  await page.getByRole("link", { name: "New asset" }).click();
  await page.getByLabel("Kind").selectOption("pdf");
  await page.getByLabel("Title (English)").fill(title);
  await page.getByLabel("Title (Chinese)").fill("分支路由器宣传单");
  await page.getByLabel("Co-brandable").check();
  await page.getByRole("group", { name: "Tiers" }).getByLabel("Gold").check();
  await page.getByRole("group", { name: "Product lines" }).getByLabel("Networking").check();
  await page.getByLabel("Valid until").fill("2024-01-01");
  await page.getByLabel("Valid from").fill("2024-02-01");
  await page.getByRole("button", { name: "Create asset" }).click();
  // The form points out the dates and keeps what was typed.
  await expect(page.getByText("The end of the validity cannot be before its start.")).toBeVisible();
  await expect(page.getByLabel("Title (English)")).toHaveValue(title);
  await expect(page.getByRole("group", { name: "Tiers" }).getByLabel("Gold")).toBeChecked();
  await page.getByLabel("Valid from").fill("");
  await page.getByLabel("Valid until").fill("");
  await page.getByRole("button", { name: "Create asset" }).click();
  await expect(page.getByText("Asset created as a draft.")).toBeVisible();

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Upload a version before publishing.")).toBeVisible();
  await page.getByLabel("File").setInputFiles({ name: "branch-router.pdf", mimeType: "application/pdf", buffer: await brochure() });
  await page.getByLabel("What changed").fill("Launch edition");
  await page.getByRole("button", { name: "Upload as the current version" }).click();
  await expect(page.getByText("New version uploaded")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published: partners of its audience can see it now.")).toBeVisible();
  await expect(page.getByText("v1", { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/content-asset-vendor.png`, fullPage: true });
  await page.goto("/content");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/content-vendor.png`, fullPage: true });
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto("/content");
  const networking = page.locator("section", { has: page.getByRole("heading", { name: "Networking" }) });
  await expect(networking.getByRole("link", { name: title })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/content-partner.png`, fullPage: true });
  await networking.getByRole("link", { name: title }).click();
  // The list has a download button per asset too: wait for the asset's own page.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download with my logo" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("branch-router-cobranded.pdf");
  const stamped = await PDFDocument.load(await readFile((await download.path())!));
  const images = stamped.getPage(0).node.Resources()?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  expect(images?.keys().length).toBe(1);

  // The same library on a phone and in Chinese.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.context().addCookies([{ name: "portal_lang", value: "zh-CN", url: baseURL! }]);
  await page.goto("/content");
  await expect(page.getByRole("heading", { name: "宣传资料库" })).toBeVisible();
  await expect(page.getByRole("link", { name: "分支路由器宣传单" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/content-partner-phone-zh.png`, fullPage: true });
});
