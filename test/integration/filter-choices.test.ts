// The product lines and regions list filters offer are kept for half a minute per process;
// a region saved through this process shows at once.
import { describe, expect, it } from "vitest";
import { filterChoices } from "~/modules/settings/choices.server";
import { saveRegion } from "~/modules/settings/regions.server";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";

describe("filter choices", () => {
  it("show a region saved a moment ago, and its new name after a rename", async () => {
    await filterChoices(db());
    const admin = await userByEmail("admin@example.com");
    const scope = await scopeOf("admin@example.com");
    const actor = { userId: admin.id, email: admin.email, ip: null };
    const code = uniqueCode("F");
    const id = await saveRegion(db(), scope, actor, null, { code, name: `Filter region ${code}`, nameZh: "", areas: [] });
    expect((await filterChoices(db())).regions).toContainEqual({ id, name: `Filter region ${code}`, name_zh: null });
    await saveRegion(db(), scope, actor, id, { code, name: `Renamed ${code}`, nameZh: `改名 ${code}`, areas: [] });
    expect((await filterChoices(db())).regions).toContainEqual({ id, name: `Renamed ${code}`, name_zh: `改名 ${code}` });
  });
});
