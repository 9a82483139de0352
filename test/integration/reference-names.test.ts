// Regions and product lines have an English and a Chinese name: the admin enters both on the
// settings pages (every error at once, next to its field, what was typed kept), and the screens
// that name them show the Chinese name to a Chinese reader.
import { describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { db, uniqueCode } from "../support/db";

/** A group's cell in the report table: the name, then its code in muted text (React may split the text nodes). */
function groupCell(name: string, code: string): RegExp {
  return new RegExp(`${name}(<!-- -->)?\\s*<span class="muted">\\s*\\((<!-- -->)?${code}`);
}

describe("product line names in both languages", () => {
  it("reports every field error at once, keeps what was typed, then saves both names", async () => {
    const admin = await signedIn("admin@example.com");
    const tooLong = "长".repeat(101);
    const bad = await admin.post("/settings/products", { intent: "line", code: "not a code!", name: "", nameZh: tooLong });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="f-code-error"');
    expect(html).toContain('id="f-name-error"');
    expect(html).toContain('id="f-nameZh-error"');
    expect(html).toContain(tooLong);
    expect(html).toContain('value="not a code!"');

    const code = uniqueCode("PL");
    const saved = await admin.post("/settings/products", { intent: "line", code, name: `Optics ${code}`, nameZh: `光学 ${code}` });
    expect(saved.status).toBe(302);
    const line = await db().selectFrom("product_lines").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
    expect(line).toMatchObject({ name: `Optics ${code}`, name_zh: `光学 ${code}` });

    const renamed = await admin.post("/settings/products", { intent: "line", productLineId: String(line.id), code, name: `Optics ${code}`, nameZh: "" });
    expect(renamed.status).toBe(302);
    expect((await db().selectFrom("product_lines").select("name_zh").where("id", "=", line.id).executeTakeFirstOrThrow()).name_zh).toBeNull();
  });

  it("refuses a code another product line has, on the code field", async () => {
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/settings/products", { intent: "line", code: "NET", name: "Another networking", nameZh: "另一个" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('id="f-code-error"');
  });
});

describe("region names in both languages", () => {
  it("saves the Chinese name of a region and reports a too-long one next to its field", async () => {
    const admin = await signedIn("admin@example.com");
    const code = uniqueCode("RG");
    const bad = await admin.post("/settings/territories", { code, name: "", nameZh: "区".repeat(101), areas: "" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="f-name-error"');
    expect(html).toContain('id="f-nameZh-error"');
    expect(await db().selectFrom("regions").select("id").where("code", "=", code).executeTakeFirst()).toBeUndefined();

    expect((await admin.post("/settings/territories", { code, name: `Region ${code}`, nameZh: `区域 ${code}`, areas: "" })).status).toBe(302);
    expect(await db().selectFrom("regions").select(["name", "name_zh"]).where("code", "=", code).executeTakeFirstOrThrow()).toEqual({
      name: `Region ${code}`,
      name_zh: `区域 ${code}`,
    });
  });
});

describe("screens name product lines and regions in the reader's language", () => {
  it("the sell-through report by product line, and its region coverage, in Chinese and in English", async () => {
    const admin = await signedIn("admin@example.com");
    admin.useLanguage("zh-CN");
    const byLine = await (await admin.get("/sell-through/reports?groupBy=product_line")).text();
    expect(byLine).toMatch(groupCell("网络", "NET"));
    expect(byLine).not.toMatch(groupCell("Networking", "NET"));
    const coverage = await (await admin.get("/sell-through/reports?tab=coverage")).text();
    expect(coverage).toMatch(groupCell("亚太", "APAC"));

    admin.useLanguage("en");
    expect(await (await admin.get("/sell-through/reports?groupBy=product_line")).text()).toMatch(groupCell("Networking", "NET"));
    expect(await (await admin.get("/sell-through/reports?tab=coverage")).text()).toMatch(groupCell("Asia Pacific", "APAC"));
  });

  it("a partner's page names its region and product lines in Chinese", async () => {
    const manager = await signedIn("manager2@example.com");
    manager.useLanguage("zh-CN");
    const hzd = await db().selectFrom("partners").select("id").where("code", "=", "HZD").executeTakeFirstOrThrow();
    const html = await (await manager.get(`/partners/${hzd.id}`)).text();
    expect(html).toContain("<dd>亚太</dd>");
    expect(html).toMatch(/<dd>[^<]*(网络|存储|安全|云软件)/);
  });
});
