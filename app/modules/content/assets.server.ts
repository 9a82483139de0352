// The content library (宣传资料统一管理): the vendor's admin creates an asset, gives it an
// audience and validity, uploads versions (a file, a video link or a text in both languages),
// and publishes or archives it; channel managers may look. A new version becomes the current
// one for everyone at once; the older ones stay as history. Partners see an asset through
// contentAssetFilter (scope.server.ts): published, valid today, for their tier, type, region
// and one of their product lines, or carried by a published kit they were invited to.
import { sql } from "kysely";
import { z } from "zod";
import { contentAssetFilter, partnerFilter, type Scope } from "~/lib/scope.server";
import { field, ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { changedFields, recordAudit, type Actor } from "~/lib/audit.server";
import { now } from "~/lib/clock.server";
import { attachStoredFile, deleteStoredFile, readStart, storedFileSource, type StoredFile } from "~/lib/storage.server";
import { likePattern, readChoice, readId, readPaging, readText } from "~/lib/list-query";
import { CONTENT_KINDS, CONTENT_STATUSES, PARTNER_TYPES, TIERS, type ContentKind } from "../../../db/types";
import { COBRANDABLE_KINDS, isFileKind, MAX_COBRAND_BYTES } from "./constants";
import type { DB } from "~/lib/db.server";

export const ASSET_LIST_FIELDS = ["tiers", "partnerTypes", "regionIds", "productLineIds"] as const;

const day = z
  .string()
  .trim()
  .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), "content.errors.date")
  .transform((v) => (v === "" ? null : v));

const ids = z.array(field.id()).default([]);

const assetFields = {
  title: field.text(200),
  titleZh: field.optionalText(200),
  description: field.optionalText(2000),
  descriptionZh: field.optionalText(2000),
  coBrandable: z
    .string()
    .optional()
    .transform((v) => v === "1" || v === "on"),
  tiers: z.array(field.enumOf(TIERS)).default([]),
  partnerTypes: z.array(field.enumOf(PARTNER_TYPES)).default([]),
  regionIds: ids,
  productLineIds: ids,
  validFrom: day.optional().default(""),
  validUntil: day.optional().default(""),
};

export const newAssetSchema = z.object({ kind: field.enumOf(CONTENT_KINDS), ...assetFields });
export const editAssetSchema = z.object(assetFields);

export type NewAssetInput = z.output<typeof newAssetSchema>;
export type AssetInput = z.output<typeof editAssetSchema>;

/** Changing the library is the vendor admin's; channel managers and partners only read it. */
function requireEditor(scope: Scope): void {
  if (scope.kind !== "admin") forbidden();
}

function today(): string {
  return now().toISOString().slice(0, 10);
}

async function checkAudience(db: DB, kind: ContentKind, input: AssetInput): Promise<void> {
  const errors: Record<string, string> = {};
  if (input.coBrandable && !COBRANDABLE_KINDS.includes(kind)) errors.coBrandable = "content.errors.notCobrandable";
  if (input.validFrom && input.validUntil && input.validUntil < input.validFrom) errors.validUntil = "content.errors.untilBeforeFrom";
  const [regions, lines] = await Promise.all([
    input.regionIds.length ? db.selectFrom("regions").select("id").where("id", "in", input.regionIds).execute() : [],
    input.productLineIds.length ? db.selectFrom("product_lines").select("id").where("id", "in", input.productLineIds).execute() : [],
  ]);
  if (regions.length !== new Set(input.regionIds).size) errors.regionIds = "errors.invalid";
  if (lines.length !== new Set(input.productLineIds).size) errors.productLineIds = "errors.invalid";
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function assetColumns(input: AssetInput) {
  return {
    title: input.title,
    title_zh: input.titleZh,
    description: input.description,
    description_zh: input.descriptionZh,
    co_brandable: input.coBrandable ? 1 : 0,
    tiers: input.tiers.join(","),
    partner_types: input.partnerTypes.join(","),
    valid_from: input.validFrom,
    valid_until: input.validUntil,
  };
}

async function replaceAudience(db: DB, assetId: number, input: AssetInput): Promise<void> {
  await db.deleteFrom("content_asset_regions").where("asset_id", "=", assetId).execute();
  await db.deleteFrom("content_asset_product_lines").where("asset_id", "=", assetId).execute();
  const regionIds = [...new Set(input.regionIds)];
  const lineIds = [...new Set(input.productLineIds)];
  if (regionIds.length)
    await db
      .insertInto("content_asset_regions")
      .values(regionIds.map((region_id) => ({ asset_id: assetId, region_id })))
      .execute();
  if (lineIds.length)
    await db
      .insertInto("content_asset_product_lines")
      .values(lineIds.map((product_line_id) => ({ asset_id: assetId, product_line_id })))
      .execute();
}

function audienceOf(input: AssetInput) {
  return {
    ...assetColumns(input),
    region_ids: [...new Set(input.regionIds)].sort((a, b) => a - b),
    product_line_ids: [...new Set(input.productLineIds)].sort((a, b) => a - b),
  };
}

/** A new asset, a draft without a version: it reaches no partner until a version is uploaded and it is published. */
export async function createAsset(db: DB, scope: Scope, actor: Actor, input: NewAssetInput): Promise<number> {
  requireEditor(scope);
  await checkAudience(db, input.kind, input);
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto("content_assets")
      .values({ kind: input.kind, ...assetColumns(input), status: "draft", created_by: actor.userId! })
      .executeTakeFirstOrThrow();
    const id = Number(result.insertId);
    await replaceAudience(trx, id, input);
    await recordAudit(trx, actor, {
      action: "content.asset_created",
      entityType: "content_asset",
      entityId: id,
      after: { kind: input.kind, ...audienceOf(input) },
    });
    return id;
  });
}

async function lockAsset(db: DB, id: number) {
  const asset = await db.selectFrom("content_assets").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!asset) notFound();
  return asset;
}

async function audienceIds(db: DB, id: number) {
  const [regions, lines] = await Promise.all([
    db.selectFrom("content_asset_regions").select("region_id").where("asset_id", "=", id).orderBy("region_id").execute(),
    db.selectFrom("content_asset_product_lines").select("product_line_id").where("asset_id", "=", id).orderBy("product_line_id").execute(),
  ]);
  return { region_ids: regions.map((r) => r.region_id), product_line_ids: lines.map((l) => l.product_line_id) };
}

/** New title, description, audience or validity; the change reaches partners at once. */
export async function updateAsset(db: DB, scope: Scope, actor: Actor, id: number, input: AssetInput): Promise<void> {
  requireEditor(scope);
  await db.transaction().execute(async (trx) => {
    const asset = await lockAsset(trx, id);
    await checkAudience(trx, asset.kind, input);
    const before = { ...asset, ...(await audienceIds(trx, id)) };
    await trx
      .updateTable("content_assets")
      .set({ ...assetColumns(input), updated_at: now() })
      .where("id", "=", id)
      .execute();
    await replaceAudience(trx, id, input);
    const change = changedFields(before, audienceOf(input));
    await recordAudit(trx, actor, { action: "content.asset_updated", entityType: "content_asset", entityId: id, ...change });
  });
}

/** What a file version's content is, read from its first bytes, and the names it may carry. */
const FILE_TYPES: Record<"pdf" | "image" | "slides", { type: string; magic: Buffer; extensions: string[] }[]> = {
  pdf: [{ type: "application/pdf", magic: Buffer.from("%PDF-"), extensions: ["pdf"] }],
  image: [
    { type: "image/png", magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), extensions: ["png"] },
    { type: "image/jpeg", magic: Buffer.from([0xff, 0xd8, 0xff]), extensions: ["jpg", "jpeg"] },
  ],
  slides: [
    // PPTX (and Keynote exports saved as PPTX) are ZIP containers.
    {
      type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      magic: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      extensions: ["pptx"],
    },
    { type: "application/pdf", magic: Buffer.from("%PDF-"), extensions: ["pdf"] },
  ],
};

export interface AssetFileUpload {
  fileName: string;
  stored: StoredFile;
}

const urlField = z
  .string()
  .trim()
  .max(1000, "errors.tooLong")
  .refine((v) => {
    try {
      return ["http:", "https:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "content.errors.url");

export const versionSchema = z.object({
  note: field.optionalText(500),
  url: z.string().optional().default(""),
  body: z.string().max(60_000, "errors.tooLong").optional().default(""),
  bodyZh: z.string().max(60_000, "errors.tooLong").optional().default(""),
});

export type VersionInput = z.output<typeof versionSchema>;

async function checkedFile(kind: "pdf" | "image" | "slides", upload: AssetFileUpload | undefined): Promise<{ contentType: string }> {
  if (!upload) throw new ValidationError({ file: "content.errors.fileRequired" });
  if (upload.stored.size === 0) throw new ValidationError({ file: "content.errors.emptyFile" });
  const head = await readStart(storedFileSource(upload.stored.path), 8);
  const found = FILE_TYPES[kind].find((t) => head.subarray(0, t.magic.length).equals(t.magic));
  if (!found) throw new ValidationError({ file: `content.errors.fileType.${kind}` });
  const extension = upload.fileName.toLowerCase().split(".").pop() ?? "";
  if (!found.extensions.includes(extension)) throw new ValidationError({ file: "content.errors.fileNotWhatItSays" });
  return { contentType: found.type };
}

/**
 * A new version, which becomes the current one for everyone: a file for PDFs, images and
 * slides (checked by its content), a link for a video, a text in both languages for a snippet.
 * A refused or failed upload is removed again.
 */
export async function addVersion(db: DB, scope: Scope, actor: Actor, id: number, input: VersionInput, upload?: AssetFileUpload): Promise<number> {
  try {
    requireEditor(scope);
    const asset = await db.selectFrom("content_assets").select(["id", "kind"]).where("id", "=", id).executeTakeFirst();
    if (!asset) notFound();
    const content = await versionContent(asset.kind, input, upload);
    const versionId = await db.transaction().execute(async (trx) => {
      await lockAsset(trx, id);
      const last = await trx
        .selectFrom("content_asset_versions")
        .select(sql<number>`COALESCE(MAX(version), 0)`.as("n"))
        .where("asset_id", "=", id)
        .executeTakeFirst();
      const version = Number(last?.n ?? 0) + 1;
      const result = await trx
        .insertInto("content_asset_versions")
        .values({ asset_id: id, version, note: input.note, created_by: actor.userId!, ...content })
        .executeTakeFirstOrThrow();
      const versionId = Number(result.insertId);
      await trx.updateTable("content_assets").set({ current_version_id: versionId, updated_at: now() }).where("id", "=", id).execute();
      await recordAudit(trx, actor, {
        action: "content.version_added",
        entityType: "content_asset",
        entityId: id,
        after: { version, file_name: content.file_name, url: content.url, note: input.note },
      });
      return versionId;
    });
    upload = undefined;
    return versionId;
  } finally {
    if (upload) await deleteStoredFile(upload.stored.path);
  }
}

async function versionContent(kind: ContentKind, input: VersionInput, upload: AssetFileUpload | undefined) {
  const empty = { file_key: null, file_name: null, content_type: null, size: null, sha256: null, url: null, body: null, body_zh: null };
  if (kind === "pdf" || kind === "image" || kind === "slides") {
    const { contentType } = await checkedFile(kind, upload);
    const stored = attachStoredFile(upload!.stored);
    return { ...empty, file_key: stored.path, file_name: upload!.fileName.slice(0, 255), content_type: contentType, size: stored.size, sha256: stored.sha256 };
  }
  if (kind === "video_link") {
    const url = urlField.safeParse(input.url);
    if (!url.success) throw new ValidationError({ url: input.url.trim() ? url.error.issues[0].message : "errors.required" });
    return { ...empty, url: url.data };
  }
  const errors: Record<string, string> = {};
  if (!input.body.trim()) errors.body = "errors.required";
  if (!input.bodyZh.trim()) errors.bodyZh = "errors.required";
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { ...empty, body: input.body.trim(), body_zh: input.bodyZh.trim() };
}

/** Published: partners of its audience see it. Needs a version to show them. */
export async function publishAsset(db: DB, scope: Scope, actor: Actor, id: number): Promise<void> {
  requireEditor(scope);
  await db.transaction().execute(async (trx) => {
    const asset = await lockAsset(trx, id);
    if (asset.current_version_id == null) throw new ValidationError({ form: "content.errors.noVersion" });
    if (asset.status === "published") return;
    await trx.updateTable("content_assets").set({ status: "published", updated_at: now() }).where("id", "=", id).execute();
    await recordAudit(trx, actor, {
      action: "content.asset_published",
      entityType: "content_asset",
      entityId: id,
      before: { status: asset.status },
      after: { status: "published" },
    });
  });
}

/** Archived: no partner sees it any more, kits included; the history and the counts stay. */
export async function archiveAsset(db: DB, scope: Scope, actor: Actor, id: number): Promise<void> {
  requireEditor(scope);
  await db.transaction().execute(async (trx) => {
    const asset = await lockAsset(trx, id);
    if (asset.status === "archived") return;
    await trx.updateTable("content_assets").set({ status: "archived", updated_at: now() }).where("id", "=", id).execute();
    await recordAudit(trx, actor, {
      action: "content.asset_archived",
      entityType: "content_asset",
      entityId: id,
      before: { status: asset.status },
      after: { status: "archived" },
    });
  });
}

export const ASSET_SORTS = ["title", "updated_at", "downloads"] as const;

export function readAssetListQuery(params: URLSearchParams) {
  const paging = readPaging(params, ASSET_SORTS, "updated_at");
  return {
    ...paging,
    dir: params.get("dir") === "asc" ? ("asc" as const) : ("desc" as const),
    q: readText(params, "q"),
    kind: readChoice(params, "kind", CONTENT_KINDS),
    status: readChoice(params, "status", CONTENT_STATUSES),
    line: readId(params, "line"),
  };
}

export type AssetListQuery = ReturnType<typeof readAssetListQuery>;

/** Downloads of an asset the scope may count: the vendor's partners (a channel manager's own), a partner its own. */
function downloadCount(scope: Scope) {
  return sql<number>`(SELECT COUNT(*) FROM content_downloads d WHERE d.asset_id = content_assets.id AND ${partnerFilter(scope, "d.partner_id")})`;
}

/**
 * The assets the scope may see, with their current version's number and their downloads (for
 * the vendor, the same count as the sum of the asset's downloads by partner).
 */
export async function listAssets(db: DB, scope: Scope, query: AssetListQuery, options: { all?: boolean } = {}) {
  let q = db
    .selectFrom("content_assets")
    .leftJoin("content_asset_versions as v", "v.id", "content_assets.current_version_id")
    .where(contentAssetFilter(scope, today()));
  if (query.q)
    q = q.where((eb) => eb.or([eb("content_assets.title", "like", likePattern(query.q)), eb("content_assets.title_zh", "like", likePattern(query.q))]));
  if (query.kind) q = q.where("content_assets.kind", "=", query.kind);
  if (query.status) q = q.where("content_assets.status", "=", query.status);
  if (query.line)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("content_asset_product_lines as l")
          .select("l.asset_id")
          .whereRef("l.asset_id", "=", "content_assets.id")
          .where("l.product_line_id", "=", query.line!),
      ),
    );
  const order = query.sort === "downloads" ? sql.ref("downloads") : sql.ref(`content_assets.${query.sort}`);
  let rows = q
    .select([
      "content_assets.id",
      "content_assets.kind",
      "content_assets.title",
      "content_assets.title_zh",
      "content_assets.description",
      "content_assets.description_zh",
      "content_assets.status",
      "content_assets.co_brandable",
      "content_assets.valid_from",
      "content_assets.valid_until",
      "content_assets.updated_at",
      "v.version",
      downloadCount(scope).as("downloads"),
      sql<
        string | null
      >`(SELECT GROUP_CONCAT(pl.name ORDER BY pl.name SEPARATOR ', ') FROM content_asset_product_lines l JOIN product_lines pl ON pl.id = l.product_line_id WHERE l.asset_id = content_assets.id)`.as(
        "product_lines",
      ),
    ])
    .orderBy(order, query.dir)
    .orderBy("content_assets.id", query.dir);
  if (!options.all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  const [found, count] = await Promise.all([rows.execute(), q.select(sql<number>`COUNT(*)`.as("n")).executeTakeFirst()]);
  return { rows: found.map((r) => ({ ...r, downloads: Number(r.downloads) })), total: Number(count?.n ?? 0) };
}

export type AssetRow = Awaited<ReturnType<typeof listAssets>>["rows"][number];

/**
 * What a partner may use, grouped by product line: an asset for several of the partner's lines
 * is under each; one for every line (or only of lines the partner lacks, reached through a kit)
 * is under "for every product line".
 */
export async function partnerLibrary(db: DB, scope: Extract<Scope, { kind: "partner" }>) {
  const assets = await db
    .selectFrom("content_assets")
    .innerJoin("content_asset_versions as v", "v.id", "content_assets.current_version_id")
    .select([
      "content_assets.id",
      "content_assets.kind",
      "content_assets.title",
      "content_assets.title_zh",
      "content_assets.description",
      "content_assets.description_zh",
      "content_assets.co_brandable",
      "content_assets.valid_until",
      "v.version",
      "v.size",
      "v.created_at as version_at",
    ])
    .where(contentAssetFilter(scope, today()))
    .orderBy("content_assets.title")
    .limit(500)
    .execute();
  const lines = assets.length
    ? await db
        .selectFrom("content_asset_product_lines as l")
        .innerJoin("product_lines as pl", "pl.id", "l.product_line_id")
        .innerJoin("partner_product_lines as ppl", (join) =>
          join.onRef("ppl.product_line_id", "=", "l.product_line_id").on("ppl.partner_id", "=", scope.partnerId),
        )
        .select(["l.asset_id", "pl.id", "pl.name", "pl.name_zh"])
        .where(
          "l.asset_id",
          "in",
          assets.map((a) => a.id),
        )
        .orderBy("pl.name")
        .execute()
    : [];
  const groups = new Map<number | null, { line: { id: number; name: string; name_zh: string | null } | null; assets: typeof cards }>();
  const cards = assets.map((a) => ({ ...a, co_brandable: canCobrand(a.kind, a.co_brandable, a.size) }));
  for (const card of cards) {
    const own = lines.filter((l) => l.asset_id === card.id);
    for (const line of own.length ? own : [null]) {
      const key = line?.id ?? null;
      if (!groups.has(key)) groups.set(key, { line: line ? { id: line.id, name: line.name, name_zh: line.name_zh } : null, assets: [] });
      groups.get(key)!.assets.push(card);
    }
  }
  return [...groups.values()].sort((a, b) => (a.line === null ? 1 : b.line === null ? -1 : a.line.name.localeCompare(b.line.name)));
}

/** Whether a download may come back co-branded: the vendor allowed it, the kind can carry a stamp, and the file is small enough to stamp. */
export function canCobrand(kind: ContentKind, coBrandable: number, size: number | null): boolean {
  return coBrandable === 1 && COBRANDABLE_KINDS.includes(kind) && size !== null && size <= MAX_COBRAND_BYTES;
}

/** An asset the scope may see, or a 404: found this way before anything is shown, downloaded or changed. */
export async function findAsset(db: DB, scope: Scope, id: number) {
  const asset = await db.selectFrom("content_assets").selectAll().where("id", "=", id).where(contentAssetFilter(scope, today())).executeTakeFirst();
  if (!asset) notFound();
  return asset;
}

const VERSION_COLUMNS = ["id", "version", "file_name", "content_type", "size", "url", "body", "body_zh", "note", "created_at"] as const;

/**
 * An asset's page: for the vendor its versions, audience and downloads by partner; for a
 * partner the current version only. No storage key leaves this function.
 */
export async function getAsset(db: DB, scope: Scope, id: number) {
  const asset = await findAsset(db, scope, id);
  const current = asset.current_version_id
    ? await db.selectFrom("content_asset_versions").select(VERSION_COLUMNS).where("id", "=", asset.current_version_id).executeTakeFirst()
    : undefined;
  const summary = {
    id: asset.id,
    kind: asset.kind,
    title: asset.title,
    title_zh: asset.title_zh,
    description: asset.description,
    description_zh: asset.description_zh,
    status: asset.status,
    co_brandable: asset.co_brandable,
    valid_from: asset.valid_from,
    valid_until: asset.valid_until,
    tiers: asset.tiers ? asset.tiers.split(",") : [],
    partner_types: asset.partner_types ? asset.partner_types.split(",") : [],
    isFile: isFileKind(asset.kind),
    cobrand: canCobrand(asset.kind, asset.co_brandable, current?.size ?? null),
    cobrandTooLarge: asset.co_brandable === 1 && (current?.size ?? 0) > MAX_COBRAND_BYTES,
  };
  const [regions, lines] = await Promise.all([
    db
      .selectFrom("content_asset_regions as r")
      .innerJoin("regions", "regions.id", "r.region_id")
      .select(["regions.id", "regions.name", "regions.name_zh"])
      .where("r.asset_id", "=", id)
      .orderBy("regions.name")
      .execute(),
    db
      .selectFrom("content_asset_product_lines as l")
      .innerJoin("product_lines", "product_lines.id", "l.product_line_id")
      .select(["product_lines.id", "product_lines.name", "product_lines.name_zh"])
      .where("l.asset_id", "=", id)
      .orderBy("product_lines.name")
      .execute(),
  ]);
  if (scope.kind === "partner") return { asset: summary, current: current ?? null, regions, lines, versions: [], downloads: null };
  const [versions, downloads] = await Promise.all([
    db
      .selectFrom("content_asset_versions")
      .innerJoin("users", "users.id", "content_asset_versions.created_by")
      .select([...VERSION_COLUMNS.map((c) => `content_asset_versions.${c}` as const), "users.name as created_by_name"])
      .where("content_asset_versions.asset_id", "=", id)
      .orderBy("content_asset_versions.version", "desc")
      .execute(),
    downloadsByPartner(db, scope, id),
  ]);
  return { asset: summary, current: current ?? null, regions, lines, versions, downloads };
}

/**
 * An asset's downloads by partner, within the scope (a channel manager's own partners), and their
 * totals: the sum of these rows, so the list's figure and this table agree.
 */
export async function downloadsByPartner(db: DB, scope: Scope, id: number) {
  if (scope.kind === "partner") forbidden();
  const rows = await db
    .selectFrom("content_downloads as d")
    .innerJoin("partners", "partners.id", "d.partner_id")
    .select([
      "partners.id as partner_id",
      "partners.code",
      "partners.name",
      sql<number>`COUNT(*)`.as("downloads"),
      sql<number>`SUM(d.co_branded)`.as("co_branded"),
      sql<Date>`MAX(d.downloaded_at)`.as("last_at"),
    ])
    .where("d.asset_id", "=", id)
    .where(partnerFilter(scope, "d.partner_id"))
    .groupBy(["partners.id", "partners.code", "partners.name"])
    .orderBy(sql`COUNT(*)`, "desc")
    .orderBy("partners.name")
    .execute();
  const byPartner = rows.map((r) => ({ ...r, downloads: Number(r.downloads), co_branded: Number(r.co_branded) }));
  return {
    rows: byPartner,
    total: byPartner.reduce((sum, r) => sum + r.downloads, 0),
    coBranded: byPartner.reduce((sum, r) => sum + r.co_branded, 0),
    partners: byPartner.length,
  };
}

/** The choices of the asset form: regions and product lines. */
export async function assetChoices(db: DB) {
  const [regions, lines] = await Promise.all([
    db.selectFrom("regions").select(["id", "name", "name_zh"]).orderBy("name").execute(),
    db.selectFrom("product_lines").select(["id", "name", "name_zh"]).orderBy("name").execute(),
  ]);
  return { regions, lines };
}
