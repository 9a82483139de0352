// Recruitment in the browser, with JavaScript off as a cautious applicant might have it: a
// Chinese agent applies in Chinese (a first try with nothing filled in is refused field by
// field), the vendor admin finds the application in the queue and approves it, and the
// invitation of the partner's first admin waits in the outbox.
import { SCREENSHOTS, expect, signIn, test } from "./helpers";

test.use({ javaScriptEnabled: false });

test("a company applies in Chinese without JavaScript, an admin approves it and its first admin is invited", async ({ page, context }) => {
  const stamp = Date.now().toString(36);
  const company = `深圳星河网络代理有限公司 ${stamp}`;
  const email = `li.na.${stamp}@xinghe.example`;

  await page.goto("/apply");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("成为合作伙伴");
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.locator(".field-error", { hasText: "请至少选择一个区域。" })).toBeVisible();
  await expect(page.locator(".field-error", { hasText: "请至少选择一条产品线。" })).toBeVisible();

  await page.getByLabel("公司名称").fill(company);
  await page.getByLabel("申请类型").selectOption("agent");
  await page.getByLabel("国家").fill("CN");
  await page.getByLabel("员工人数").selectOption("11-50");
  await page.getByLabel("网站").fill("www.xinghe.example");
  await page.getByRole("checkbox", { name: "亚太" }).check();
  await page.getByRole("checkbox", { name: "网络" }).check();
  await page.getByLabel("参考信息").fill("华南地区的系统集成商，服务医院与学校。");
  await page.getByLabel("您的姓名").fill("李娜");
  await page.getByLabel("您的电子邮件").fill(email);
  await page.screenshot({ path: `${SCREENSHOTS}/apply-zh.png`, fullPage: true });
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByRole("status")).toContainText("我们已收到您的申请");

  await context.clearCookies();
  await signIn(page, "admin@example.com");
  await page.goto("/applications");
  await page.getByRole("link", { name: company }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(company);
  await page.screenshot({ path: `${SCREENSHOTS}/application.png`, fullPage: true });
  await page.getByLabel("Partner code").fill(`XH${stamp}`.toUpperCase().slice(0, 20));
  await page.getByLabel("Tier").selectOption("registered");
  await page.locator("#f-channelManagerId").selectOption({ label: "Maria Manager" });
  await page.getByRole("button", { name: "Approve and create the partner" }).click();
  await expect(page.getByText("The partner is created and its first admin invited.")).toBeVisible();
  await expect(page.getByTestId("application-history")).toContainText("Approved, partner created");

  await page.goto("/outbox");
  const invitation = page.locator(".outbox tbody tr", { hasText: email }).filter({ hasText: "You are invited to the Partner Portal" });
  await expect(invitation).toHaveCount(1);
  await expect(invitation.locator(".outbox-body")).toContainText("/set-password/");
});
