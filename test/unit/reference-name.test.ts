// Regions and product lines are named in the reader's language: the Chinese name on a Chinese
// screen when the admin entered one, the English name otherwise.
import { describe, expect, it } from "vitest";
import { referenceName } from "~/lib/reference-name";

describe("referenceName", () => {
  const networking = { name: "Networking", name_zh: "网络" };

  it("gives the Chinese name to a Chinese reader and the English name to an English one", () => {
    expect(referenceName("zh-CN", networking)).toBe("网络");
    expect(referenceName("en", networking)).toBe("Networking");
  });

  it("falls back to the English name when no Chinese name was entered", () => {
    expect(referenceName("zh-CN", { name: "Storage", name_zh: null })).toBe("Storage");
    expect(referenceName("zh-CN", { name: "Storage", name_zh: "  " })).toBe("Storage");
    expect(referenceName("zh-CN", { name: "Storage" })).toBe("Storage");
  });

  it("keeps a missing name missing (a partner without a region)", () => {
    expect(referenceName("zh-CN", { name: null, name_zh: null })).toBeNull();
    expect(referenceName("en", { name: null })).toBeNull();
  });
});
