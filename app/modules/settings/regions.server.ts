// Territories: a region is a set of countries, each optionally narrowed to postcode prefixes.
// Admins edit a region's areas as one line of text (see areas.ts).
import { z } from "zod";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { forbidden, notFound } from "~/lib/http.server";
import { withUniqueChecks } from "~/lib/unique.server";
import { ValidationError, field } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { formatAreas, parseAreas } from "./areas";
import { forgetFilterChoices } from "./choices.server";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

export const regionSchema = z.object({
  code: field.code(),
  name: field.text(100),
  nameZh: field.optionalText(100),
  areas: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const areas = parseAreas(v);
      if (!areas) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.areas" });
        return z.NEVER;
      }
      return areas;
    }),
});
export type RegionInput = z.output<typeof regionSchema>;

export async function listRegions(db: DB) {
  const [regions, areas, partnerCounts] = await Promise.all([
    db.selectFrom("regions").select(["id", "code", "name", "name_zh"]).orderBy("name").execute(),
    db.selectFrom("region_areas").select(["region_id", "country", "postcode_prefix"]).orderBy("country").orderBy("postcode_prefix").execute(),
    db
      .selectFrom("partners")
      .select(({ fn }) => ["region_id", fn.countAll<number>().as("n")])
      .groupBy("region_id")
      .execute(),
  ]);
  return regions.map((r) => ({
    ...r,
    areas: areas.filter((a) => a.region_id === r.id).map((a) => ({ country: a.country, postcodePrefix: a.postcode_prefix })),
    partnerCount: Number(partnerCounts.find((c) => c.region_id === r.id)?.n ?? 0),
  }));
}

export async function saveRegion(db: DB, scope: Scope, actor: Actor, regionId: number | null, input: RegionInput): Promise<number> {
  if (scope.kind !== "admin") forbidden();
  const id = await withUniqueChecks(
    () =>
      db.transaction().execute(async (trx) => {
        const sameCode = await trx.selectFrom("regions").select("id").where("code", "=", input.code).executeTakeFirst();
        if (sameCode && sameCode.id !== regionId) throw new ValidationError({ code: "errors.codeTaken" });
        if (input.areas.length) {
          const clash = await trx
            .selectFrom("region_areas")
            .innerJoin("regions", "regions.id", "region_areas.region_id")
            .select(["regions.name", "region_areas.country", "region_areas.postcode_prefix"])
            .where((eb) =>
              eb.or(input.areas.map((a) => eb.and([eb("region_areas.country", "=", a.country), eb("region_areas.postcode_prefix", "=", a.postcodePrefix)]))),
            )
            .$if(regionId !== null, (q) => q.where("region_areas.region_id", "!=", regionId!))
            .executeTakeFirst();
          if (clash) throw new ValidationError({ areas: `errors.areaTaken` });
        }
        let id = regionId;
        let before: unknown = undefined;
        if (id === null) {
          const result = await trx
            .insertInto("regions")
            .values({ code: input.code, name: input.name, name_zh: input.nameZh || null })
            .executeTakeFirstOrThrow();
          id = Number(result.insertId);
        } else {
          const current = await trx.selectFrom("regions").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
          if (!current) notFound();
          const areas = await trx.selectFrom("region_areas").select(["country", "postcode_prefix"]).where("region_id", "=", id).execute();
          before = {
            code: current.code,
            name: current.name,
            nameZh: current.name_zh,
            areas: formatAreas(areas.map((a) => ({ country: a.country, postcodePrefix: a.postcode_prefix }))),
          };
          await trx
            .updateTable("regions")
            .set({ code: input.code, name: input.name, name_zh: input.nameZh || null, updated_at: now() })
            .where("id", "=", id)
            .execute();
          await trx.deleteFrom("region_areas").where("region_id", "=", id).execute();
        }
        if (input.areas.length) {
          await trx
            .insertInto("region_areas")
            .values(input.areas.map((a) => ({ region_id: id!, country: a.country, postcode_prefix: a.postcodePrefix })))
            .execute();
        }
        await recordAudit(trx, actor, {
          action: regionId === null ? "region.create" : "region.update",
          entityType: "region",
          entityId: id,
          before,
          after: { code: input.code, name: input.name, nameZh: input.nameZh || null, areas: formatAreas(input.areas) },
        });
        return id;
      }),
    { regions_code: { code: "errors.codeTaken" } },
  );
  forgetFilterChoices();
  return id;
}
