import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "~/locales/en";
import { zhCN } from "~/locales/zh-CN";
import { negotiateLocale, translate } from "~/lib/i18n";

describe("catalogs", () => {
  it("have the same keys and the same placeholders in both languages", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
      expect(zhCN[key].trim(), key).not.toBe("");
    }
  });

  it("fills placeholders", () => {
    expect(translate("en", "common.rowsTotal", { from: 1, to: 25, total: 400 })).toBe("1–25 of 400");
    expect(translate("zh-CN", "common.rowsTotal", { from: 1, to: 25, total: 400 })).toContain("400");
  });

  it("says one and many as English does, and leaves the word alone in Chinese", () => {
    expect(translate("en", "dashboard.dealsCount", { count: 1 })).toBe("1 deal");
    expect(translate("en", "dashboard.dealsCount", { count: 0 })).toBe("0 deals");
    expect(translate("en", "dashboard.dealsCount", { count: 12 })).toBe("12 deals");
    expect(translate("en", "leads.importSummary", { good: 1, bad: 2, duplicates: 1 })).toBe("1 row ready, 2 with errors, 1 possible duplicate.");
    expect(translate("zh-CN", "dashboard.dealsCount", { count: 1 })).toBe(translate("zh-CN", "dashboard.dealsCount", { count: 2 }).replace("2", "1"));
    // No catalog text is left with "(s)": each count says its own form.
    expect(Object.entries(en).filter(([, text]) => text.includes("(s)"))).toEqual([]);
  });

  it("names every audit action the code records with a literal, so activity lists never show a raw key", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const sources = ["app", "db"].flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => path.join(root, dir, f)),
    );
    const recorded = new Set<string>();
    for (const file of sources) {
      for (const value of readFileSync(file, "utf8").matchAll(/\baction: ([^,}\n]+)/g)) {
        for (const literal of value[1].matchAll(/"([a-z_]+\.[a-z_.]+)"/g)) recorded.add(literal[1]);
      }
    }
    expect(recorded.size).toBeGreaterThan(20);
    expect([...recorded].filter((action) => !(`audit.action.${action}` in en)).sort()).toEqual([]);
  });

  it("picks the language from the cookie, then the browser", () => {
    expect(negotiateLocale("zh-CN", "en-US")).toBe("zh-CN");
    expect(negotiateLocale(undefined, "zh-TW,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(negotiateLocale(undefined, "de-DE,en;q=0.5")).toBe("en");
    expect(negotiateLocale("fr", null)).toBe("en");
  });
});
