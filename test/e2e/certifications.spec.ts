// Certifications in the browser: Brightpath's partner admin sends the Storage certificate
// (a wrong file type is refused next to the field, what was chosen kept), Brightpath's channel
// manager opens it from the queue and approves it, and the partner then sees Storage among its
// certified product lines.
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";

function pdfFile() {
  return { name: "storage-associate.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n") };
}

test("a partner sends a certificate, the manager approves it, and the product line is certified", async ({ page }) => {
  // Three sign-ins and an upload on a shared machine.
  test.setTimeout(150_000);
  const today = new Date().toISOString().slice(0, 10);
  await signIn(page, "reseller@example.com");
  await page.goto("/certifications");
  const lines = page.getByTestId("certified-lines");
  await expect(lines).not.toContainText("Storage");

  await page.getByLabel("Person").selectOption({ label: "Rita Reseller (reseller@example.com)" });
  await page.getByLabel("Certification", { exact: true }).selectOption({ label: "STO-A · Storage Associate" });
  await page.getByLabel("Earned on").fill(today);
  await page.getByLabel("Certificate file").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a certificate") });
  await page.getByRole("button", { name: "Send for checking" }).click();
  await expect(page.getByText("Only PDF, PNG and JPEG files are accepted.")).toBeVisible();
  await expect(page.getByLabel("Earned on")).toHaveValue(today);

  await page.getByLabel("Certificate file").setInputFiles(pdfFile());
  await page.getByRole("button", { name: "Send for checking" }).click();
  await expect(page.getByText("Certificate sent. Your channel manager will check it.")).toBeVisible();
  await expect(page.getByText("Waiting for check").first()).toBeVisible();
  const awardUrl = new URL(page.url()).pathname;
  await page.screenshot({ path: `${SCREENSHOTS}/certification-sent.png`, fullPage: true });
  await signOut(page);

  await signIn(page, "manager@example.com");
  await page.goto("/certifications");
  const queue = page.getByTestId("pending-awards");
  await queue.getByRole("link", { name: /Rita Reseller · STO-A/ }).click();
  await expect(page).toHaveURL(new RegExp(`${awardUrl}$`));
  const file = await page.request.get(`${awardUrl}/file`);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  await page.screenshot({ path: `${SCREENSHOTS}/certification-review.png`, fullPage: true });
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Certification approved.")).toBeVisible();
  await expect(page.getByText("Valid", { exact: true })).toBeVisible();
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto("/certifications");
  await expect(page.getByTestId("certified-lines")).toContainText("Storage");
  await page.screenshot({ path: `${SCREENSHOTS}/certifications-partner.png`, fullPage: true });
});
