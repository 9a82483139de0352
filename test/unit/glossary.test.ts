import { describe, expect, it } from "vitest";
import { en } from "~/locales/en";
import { glossary } from "~/locales/glossary";
import { zhCN } from "~/locales/zh-CN";

// What the English of a message names: its words, without the placeholders ({tier} is a tier's
// name, not the word "tier"); plural forms ({count|deal|deals}) keep their words.
const englishWords = (text: string) => text.replace(/\{\w+\}/g, " ");

const messages = (Object.keys(en) as (keyof typeof en)[]).map((key) => ({ key, en: englishWords(en[key]), zh: zhCN[key] }));

describe("the Chinese glossary", () => {
  it("has one row per concept and one concept per Chinese term", () => {
    expect(new Set(glossary.map((entry) => entry.concept)).size).toBe(glossary.length);
    expect(new Set(glossary.map((entry) => entry.zh)).size).toBe(glossary.length);
    for (const entry of glossary) expect(entry.avoid, entry.concept).not.toContain(entry.zh);
  });

  it("no Chinese message uses a word the glossary rules out for a concept", () => {
    const found: string[] = [];
    for (const message of messages) {
      for (const entry of glossary) {
        // The chosen term itself is fine even when a variant overlaps it (终端销售报告 holds 销售报告).
        const rest = message.zh.split(entry.zh).join("□");
        for (const variant of entry.avoid) {
          if (!rest.includes(variant)) continue;
          // 经销商 is the reseller's term: it may stand where the English names a reseller.
          const ownTerm = glossary.some((other) => other !== entry && other.zh.includes(variant) && other.en.test(message.en));
          if (!ownTerm) found.push(`${message.key}: ${variant} (${entry.concept} is ${entry.zh}) in "${message.zh}"`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it("a Chinese message uses the glossary's term where its English names the concept", () => {
    const found: string[] = [];
    for (const message of messages) {
      for (const entry of glossary) {
        if (entry.required && entry.en.test(message.en) && !message.zh.includes(entry.zh)) {
          found.push(`${message.key}: ${entry.concept} → ${entry.zh} missing in "${message.zh}"`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
