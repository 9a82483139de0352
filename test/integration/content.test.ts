// The content library's rules through its module functions: who sees an asset (status,
// validity, tier, type, region, product line, or a published kit the partner was invited to),
// versions (a new one replaces the old for everyone, the history stays), downloads counted per
// partner with totals that are the sum of their rows, and co-branding (a PDF gets one more image
// on page 1 and still parses; a picture keeps its size and changes only in the stamp's band).
import { Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { PDFDict, PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { setClockForTests } from "~/lib/clock.server";
import { storeStream, StoredFileNotFoundError, openStoredFile } from "~/lib/storage.server";
import { ValidationError } from "~/lib/forms";
import { scopeFor, type Scope } from "~/lib/scope.server";
import {
  addVersion,
  archiveAsset,
  createAsset,
  downloadsByPartner,
  findAsset,
  getAsset,
  listAssets,
  partnerLibrary,
  publishAsset,
  readAssetListQuery,
  updateAsset,
  type NewAssetInput,
} from "~/modules/content/assets.server";
import { CobrandRefusedError, downloadAsset } from "~/modules/content/downloads.server";
import { cobrandImage, cobrandPdf, renderStamp } from "~/modules/content/cobrand.server";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";

afterEach(() => setClockForTests(undefined));

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

/** The scope of a partner's admin, for partners without a demo login. */
async function partnerScope(code: string): Promise<Scope> {
  const partner = await partnerByCode(code);
  return scopeFor({ id: 1, role: "partner_admin", partnerId: partner.id });
}

async function lineId(code: string) {
  return (await db().selectFrom("product_lines").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

async function regionId(code: string) {
  return (await db().selectFrom("regions").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

async function samplePdf(text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText(text, { x: 50, y: 700, size: 20, font });
  pdf.addPage([595, 842]);
  return Buffer.from(await pdf.save());
}

async function samplePng(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 20, g: 120, b: 200 } } })
    .png()
    .toBuffer();
}

const noAudience = {
  titleZh: "",
  description: "",
  descriptionZh: "",
  coBrandable: false,
  tiers: [],
  partnerTypes: [],
  regionIds: [],
  productLineIds: [],
  validFrom: null,
  validUntil: null,
};

let admin: Awaited<ReturnType<typeof as>>;

beforeAll(async () => {
  admin = await as("admin@example.com");
});

/** A published PDF asset with one version holding `bytes`. */
async function publishedPdf(input: Partial<NewAssetInput> = {}, bytes?: Buffer) {
  const id = await createAsset(db(), admin.scope, admin.actor, { ...noAudience, kind: "pdf", title: uniqueCode("Asset "), ...input });
  const stored = await storeStream(Readable.from([bytes ?? (await samplePdf("Version one"))]), "content");
  const versionId = await addVersion(db(), admin.scope, admin.actor, id, { note: "", url: "", body: "", bodyZh: "" }, { fileName: "asset.pdf", stored });
  await publishAsset(db(), admin.scope, admin.actor, id);
  return { id, versionId, stored };
}

async function sees(scope: Scope, id: number): Promise<boolean> {
  try {
    await findAsset(db(), scope, id);
    return true;
  } catch (error) {
    if (error instanceof Response && error.status === 404) return false;
    throw error;
  }
}

describe("who sees an asset", () => {
  it("only published assets reach partners; the vendor sees drafts and archived ones too", async () => {
    const bps = await partnerScope("BPS");
    const draft = await createAsset(db(), admin.scope, admin.actor, { ...noAudience, kind: "pdf", title: uniqueCode("Draft ") });
    expect(await sees(bps, draft)).toBe(false);
    expect(await sees(admin.scope, draft)).toBe(true);
    expect(await sees(await scopeOf("manager@example.com"), draft)).toBe(true);
    const { id } = await publishedPdf();
    expect(await sees(bps, id)).toBe(true);
    await archiveAsset(db(), admin.scope, admin.actor, id);
    expect(await sees(bps, id)).toBe(false);
    expect(await sees(admin.scope, id)).toBe(true);
  });

  it("matches the partner's tier, type, region and one of its product lines", async () => {
    const [bps, alp, pcs, nwd, syd] = await Promise.all(["BPS", "ALP", "PCS", "NWD", "SYD"].map(partnerScope));
    const goldNet = await publishedPdf({ tiers: ["gold", "platinum"], productLineIds: [await lineId("NET")] });
    expect([await sees(bps, goldNet.id), await sees(alp, goldNet.id), await sees(pcs, goldNet.id), await sees(nwd, goldNet.id)]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    const emeaResellers = await publishedPdf({ partnerTypes: ["reseller"], regionIds: [await regionId("EMEA")] });
    expect([
      await sees(bps, emeaResellers.id),
      await sees(alp, emeaResellers.id),
      await sees(pcs, emeaResellers.id),
      await sees(nwd, emeaResellers.id),
    ]).toEqual([true, true, false, false]);
    // Brightpath holds NET and SEC, not storage; Harbour Cloud Agents none of these.
    const storage = await publishedPdf({ productLineIds: [await lineId("STO")] });
    expect([await sees(bps, storage.id), await sees(alp, storage.id), await sees(syd, storage.id)]).toEqual([false, true, false]);
  });

  it("only within its validity", async () => {
    const bps = await partnerScope("BPS");
    const { id } = await publishedPdf({ validFrom: "2030-01-01", validUntil: "2030-12-31" });
    setClockForTests(() => new Date("2029-12-31T12:00:00Z"));
    expect(await sees(bps, id)).toBe(false);
    setClockForTests(() => new Date("2030-06-01T12:00:00Z"));
    expect(await sees(bps, id)).toBe(true);
    setClockForTests(() => new Date("2031-01-01T12:00:00Z"));
    expect(await sees(bps, id)).toBe(false);
  });

  it("also when a published kit the partner was invited to carries it, until it is archived", async () => {
    const bps = await partnerByCode("BPS");
    const scope = await partnerScope("BPS");
    const { id } = await publishedPdf({ regionIds: [await regionId("APAC")] });
    expect(await sees(scope, id)).toBe(false);
    const kit = await db()
      .insertInto("campaign_kits")
      .values({
        title: uniqueCode("Kit "),
        activity_type: "seminar",
        starts_on: "2030-01-01",
        ends_on: "2030-01-31",
        vendor_share_pct: "50.00",
        per_partner_cap: "1000.00",
        currency: "USD",
        status: "draft",
        created_by: admin.actor.userId!,
      })
      .executeTakeFirstOrThrow();
    const kitId = Number(kit.insertId);
    await db().insertInto("campaign_kit_assets").values({ kit_id: kitId, asset_id: id }).execute();
    await db().insertInto("campaign_adoptions").values({ kit_id: kitId, partner_id: bps.id, status: "invited", invited_at: new Date() }).execute();
    expect(await sees(scope, id)).toBe(false);
    await db().updateTable("campaign_kits").set({ status: "published" }).where("id", "=", kitId).execute();
    expect(await sees(scope, id)).toBe(true);
    expect(await sees(await partnerScope("ALP"), id)).toBe(false);
    await archiveAsset(db(), admin.scope, admin.actor, id);
    expect(await sees(scope, id)).toBe(false);
  });

  it("groups a partner's library by its product lines", async () => {
    const title = uniqueCode("Grouped ");
    await publishedPdf({ title, productLineIds: [await lineId("NET"), await lineId("SEC"), await lineId("STO")] });
    const groups = await partnerLibrary(db(), (await partnerScope("BPS")) as Extract<Scope, { kind: "partner" }>);
    const holding = groups.filter((g) => g.assets.some((a) => a.title === title)).map((g) => g.line?.name);
    expect(holding).toEqual(["Networking", "Security"]);
  });

  it("only the vendor admin changes the library", async () => {
    const manager = await as("manager@example.com");
    const reseller = await as("reseller@example.com");
    for (const who of [manager, reseller]) {
      await expect(createAsset(db(), who.scope, who.actor, { ...noAudience, kind: "pdf", title: "Nope" })).rejects.toMatchObject({ status: 403 });
    }
  });
});

describe("versions", () => {
  it("a new version replaces the old one for everyone, and the history keeps both", async () => {
    const { id, versionId } = await publishedPdf({}, await samplePdf("First words"));
    const reseller = await as("reseller@example.com");
    const second = await storeStream(Readable.from([await samplePdf("Second words")]), "content");
    const secondId = await addVersion(
      db(),
      admin.scope,
      admin.actor,
      id,
      { note: "New prices", url: "", body: "", bodyZh: "" },
      { fileName: "asset-v2.pdf", stored: second },
    );
    const page = await getAsset(db(), admin.scope, id);
    expect(page.versions.map((v) => [v.version, v.note])).toEqual([
      [2, "New prices"],
      [1, ""],
    ]);
    expect(page.current?.id).toBe(secondId);
    const response = await downloadAsset(db(), reseller.scope, reseller.actor, id, { cobrand: false });
    expect(Buffer.from(await response.arrayBuffer()).equals(await readAll(second.path))).toBe(true);
    expect(response.headers.get("content-disposition")).toContain("asset-v2.pdf");
    const counted = await db().selectFrom("content_downloads").select("version_id").where("asset_id", "=", id).execute();
    expect(counted.map((d) => d.version_id)).toEqual([secondId]);
    expect(secondId).not.toBe(versionId);
    // The partner sees the current version only, and no storage key.
    const partnerPage = await getAsset(db(), reseller.scope, id);
    expect(partnerPage.versions).toEqual([]);
    expect(JSON.stringify(partnerPage)).not.toContain(second.path);
  });

  it("refuses a file that is not of the asset's kind and removes it", async () => {
    const id = await createAsset(db(), admin.scope, admin.actor, { ...noAudience, kind: "pdf", title: uniqueCode("Typed ") });
    const stored = await storeStream(Readable.from([await samplePng()]), "content");
    await expect(
      addVersion(db(), admin.scope, admin.actor, id, { note: "", url: "", body: "", bodyZh: "" }, { fileName: "x.pdf", stored }),
    ).rejects.toMatchObject({
      errors: { file: "content.errors.fileType.pdf" },
    });
    await expect(openStoredFile(stored.path)).rejects.toBeInstanceOf(StoredFileNotFoundError);
    await expect(publishAsset(db(), admin.scope, admin.actor, id)).rejects.toBeInstanceOf(ValidationError);
  });

  it("takes a video as a link and a snippet in both languages", async () => {
    const video = await createAsset(db(), admin.scope, admin.actor, { ...noAudience, kind: "video_link", title: uniqueCode("Video ") });
    await expect(addVersion(db(), admin.scope, admin.actor, video, { note: "", url: "javascript:alert(1)", body: "", bodyZh: "" })).rejects.toMatchObject({
      errors: { url: "content.errors.url" },
    });
    await addVersion(db(), admin.scope, admin.actor, video, { note: "", url: "https://videos.example.com/a", body: "", bodyZh: "" });
    const text = await createAsset(db(), admin.scope, admin.actor, { ...noAudience, kind: "text", title: uniqueCode("Text ") });
    await expect(addVersion(db(), admin.scope, admin.actor, text, { note: "", url: "", body: "Hello", bodyZh: "" })).rejects.toMatchObject({
      errors: { bodyZh: "errors.required" },
    });
    await addVersion(db(), admin.scope, admin.actor, text, { note: "", url: "", body: "Hello", bodyZh: "你好" });
    await publishAsset(db(), admin.scope, admin.actor, text);
    await publishAsset(db(), admin.scope, admin.actor, video);
    const reseller = await as("reseller@example.com");
    const link = await downloadAsset(db(), reseller.scope, reseller.actor, video, { cobrand: false });
    expect([link.status, link.headers.get("location")]).toEqual([302, "https://videos.example.com/a"]);
    const snippet = await downloadAsset(db(), reseller.scope, reseller.actor, text, { cobrand: false });
    const body = await snippet.text();
    expect(body).toContain("Hello");
    expect(body).toContain("你好");
  });

  it("refuses co-branding for a kind that cannot carry a stamp", async () => {
    const id = await createAsset(db(), admin.scope, admin.actor, { ...noAudience, kind: "video_link", title: uniqueCode("Video "), coBrandable: false });
    await expect(updateAsset(db(), admin.scope, admin.actor, id, { ...noAudience, title: "Video", coBrandable: true })).rejects.toMatchObject({
      errors: { coBrandable: "content.errors.notCobrandable" },
    });
  });
});

async function readAll(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await openStoredFile(key)).body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("downloads", () => {
  it("are counted per partner, the vendor's look is not, and the list's figure is the sum of the rows by partner", async () => {
    const { id } = await publishedPdf();
    const downloaders = ["reseller@example.com", "reseller@example.com", "rep@example.com", "distributor@example.com", "other@example.com"];
    for (const email of [...downloaders, "admin@example.com"]) {
      const who = await as(email);
      await downloadAsset(db(), who.scope, who.actor, id, { cobrand: false });
    }
    const byPartner = await downloadsByPartner(db(), admin.scope, id);
    const bps = await partnerByCode("BPS");
    expect(byPartner.rows.find((r) => r.partner_id === bps.id)?.downloads).toBe(3);
    expect(byPartner.total).toBe(5);
    expect(byPartner.partners).toBe(3);
    const query = readAssetListQuery(new URLSearchParams({ q: (await findAsset(db(), admin.scope, id)).title }));
    expect((await listAssets(db(), admin.scope, query)).rows[0].downloads).toBe(byPartner.total);
    // A channel manager counts only the partners they manage (Northwind and Brightpath, not Pacific).
    const manager = await as("manager@example.com");
    const managed = await downloadsByPartner(db(), manager.scope, id);
    expect(managed.total).toBe(4);
    expect((await listAssets(db(), manager.scope, query)).rows[0].downloads).toBe(4);
  });
});

function xObjectCount(page: ReturnType<PDFDocument["getPage"]>): number {
  const resources = page.node.Resources();
  const xObjects = resources?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  return xObjects ? xObjects.keys().length : 0;
}

describe("co-branding", () => {
  const profile = { name: "华东科技分销有限公司", contact: ["market@hzd.example.cn", "+86 21 5888 1200"], logo: null as Buffer | null };

  beforeAll(async () => {
    profile.logo = await sharp({ create: { width: 80, height: 80, channels: 3, background: { r: 200, g: 0, b: 0 } } })
      .png()
      .toBuffer();
  });

  it("draws the stamp on a PDF's first page as one more image, and the PDF still parses with its pages", async () => {
    const original = await samplePdf("Brochure");
    const before = await PDFDocument.load(original);
    const stamped = await PDFDocument.load(await cobrandPdf(original, profile));
    expect(stamped.getPageCount()).toBe(before.getPageCount());
    expect(xObjectCount(stamped.getPage(0))).toBe(xObjectCount(before.getPage(0)) + 1);
    expect(xObjectCount(stamped.getPage(1))).toBe(xObjectCount(before.getPage(1)));
  });

  it("stamps a picture in its own size, changing only the band at its foot", async () => {
    const original = await samplePng();
    const { bytes, contentType } = await cobrandImage(original, profile);
    expect(contentType).toBe("image/png");
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height]).toEqual([400, 300]);
    const pixels = async (image: Buffer, top: number, height: number) =>
      sharp(image).extract({ left: 0, top, width: 400, height }).removeAlpha().raw().toBuffer();
    expect((await pixels(bytes, 0, 200)).equals(await pixels(original, 0, 200))).toBe(true);
    expect((await pixels(bytes, 240, 60)).equals(await pixels(original, 240, 60))).toBe(false);
  });

  it("renders a Chinese name (not blank boxes): the stamp has dark text pixels", async () => {
    const stamp = await renderStamp({ name: "华东科技", contact: [], logo: null }, 400, 60);
    const { data, info } = await sharp(stamp).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let dark = 0;
    for (let i = 0; i < data.length; i += info.channels) if (data[i] < 80 && data[i + 1] < 80 && data[i + 2] < 80) dark += 1;
    expect(dark).toBeGreaterThan(200);
  });

  it("a partner's co-branded download is its own stamp, counted as co-branded; only co-brandable assets", async () => {
    const reseller = await as("reseller@example.com");
    const plain = await publishedPdf();
    await expect(downloadAsset(db(), reseller.scope, reseller.actor, plain.id, { cobrand: true })).rejects.toMatchObject({ status: 404 });
    const { id } = await publishedPdf({ coBrandable: true });
    const response = await downloadAsset(db(), reseller.scope, reseller.actor, id, { cobrand: true });
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const stamped = await PDFDocument.load(Buffer.from(await response.arrayBuffer()));
    expect(xObjectCount(stamped.getPage(0))).toBe(1);
    const counted = await db().selectFrom("content_downloads").select(["co_branded", "partner_id"]).where("asset_id", "=", id).execute();
    expect(counted).toEqual([{ co_branded: 1, partner_id: (await partnerByCode("BPS")).id }]);
  });

  it("refuses to stamp a file over the size limit or one it cannot read, naming why", async () => {
    const reseller = await as("reseller@example.com");
    const { id, versionId } = await publishedPdf({ coBrandable: true });
    await db()
      .updateTable("content_asset_versions")
      .set({ size: 16 * 1024 * 1024 })
      .where("id", "=", versionId)
      .execute();
    await expect(downloadAsset(db(), reseller.scope, reseller.actor, id, { cobrand: true })).rejects.toMatchObject({ problem: "cobrandTooLarge" });
    expect((await getAsset(db(), reseller.scope, id)).asset.cobrand).toBe(false);
    const broken = await publishedPdf({ coBrandable: true }, Buffer.from("%PDF-1.4\nnot really a PDF\n"));
    const refusal = downloadAsset(db(), reseller.scope, reseller.actor, broken.id, { cobrand: true });
    await expect(refusal).rejects.toBeInstanceOf(CobrandRefusedError);
    await expect(refusal).rejects.toMatchObject({ problem: "cobrandUnreadable" });
  });
});
