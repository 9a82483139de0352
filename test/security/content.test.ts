// The content library keeps each asset to its audience: a partner outside it gets "not found"
// for the page, the download and the co-branded download, and its library and CSV do not name
// the asset. Partners cannot post any of the vendor's intents, and no storage key (of a version
// or of a partner's logo) reaches the browser.
// Route modules: `_app.content._index.tsx`, `_app.content.new.tsx`, `_app.content.$assetId.tsx`,
// `content.$assetId.download.ts`, `content[.csv].ts`, `content.$assetId.downloads[.csv].ts`.
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode } from "../support/db";

async function assetByTitle(title: string) {
  return db().selectFrom("content_assets").selectAll().where("title", "=", title).executeTakeFirstOrThrow();
}

async function assetSnapshot(id: number): Promise<string> {
  const [asset, versions, regions, lines, audit] = await Promise.all([
    db().selectFrom("content_assets").selectAll().where("id", "=", id).executeTakeFirst(),
    db().selectFrom("content_asset_versions").select(["id", "version"]).where("asset_id", "=", id).orderBy("id").execute(),
    db().selectFrom("content_asset_regions").selectAll().where("asset_id", "=", id).orderBy("region_id").execute(),
    db().selectFrom("content_asset_product_lines").selectAll().where("asset_id", "=", id).orderBy("product_line_id").execute(),
    db().selectFrom("audit_log").select("id").where("entity_type", "=", "content_asset").where("entity_id", "=", String(id)).execute(),
  ]);
  return JSON.stringify({ asset, versions, regions, lines, audit: audit.length });
}

let reseller: PortalClient;
let other: PortalClient;
let brochure: Awaited<ReturnType<typeof assetByTitle>>;
let banner: Awaited<ReturnType<typeof assetByTitle>>;
let leaflet: Awaited<ReturnType<typeof assetByTitle>>;
let video: Awaited<ReturnType<typeof assetByTitle>>;
let draft: Awaited<ReturnType<typeof assetByTitle>>;

beforeAll(async () => {
  reseller = await signedIn("reseller@example.com");
  other = await signedIn("other@example.com");
  brochure = await assetByTitle("Secure Campus Networking brochure");
  banner = await assetByTitle("Wi-Fi 7 launch banner");
  leaflet = await assetByTitle("Product seminar leaflet (药品推广会)");
  video = await assetByTitle("Storage in five minutes (video)");
  draft = await assetByTitle("Firewall datasheet (in preparation)");
});

describe("an asset outside the partner's audience", () => {
  // Brightpath (EMEA, gold, NET and SEC) is outside the APAC leaflet, the storage video and the
  // draft; Pacific Channel Supply (APAC) is outside the EMEA banner.
  const cases = () => [
    { who: reseller, asset: leaflet },
    { who: reseller, asset: video },
    { who: reseller, asset: draft },
    { who: other, asset: banner },
  ];

  it("is not found: page, loader data, download and co-branded download", async () => {
    for (const { who, asset } of cases()) {
      for (const path of [`/content/${asset.id}`, `/content/${asset.id}.data`, `/content/${asset.id}/download`, `/content/${asset.id}/download?cobrand=1`]) {
        const response = await who.get(path);
        expect(response.status, `${path}`).toBe(404);
        expect(await response.text()).not.toContain(asset.title);
      }
    }
  });

  it("is not counted as a download", async () => {
    for (const { who, asset } of cases()) await who.get(`/content/${asset.id}/download`);
    const ids = cases().map((c) => c.asset.id);
    const bps = await partnerByCode("BPS");
    const pcs = await partnerByCode("PCS");
    const counted = await db()
      .selectFrom("content_downloads")
      .select(["asset_id", "partner_id"])
      .where("asset_id", "in", ids)
      .where("partner_id", "in", [bps.id, pcs.id])
      .execute();
    // Pacific's own leaflet downloads are demo data; none of these assets was counted for the partner refused.
    expect(counted.filter((d) => (d.partner_id === bps.id ? d.asset_id !== banner.id : d.asset_id === banner.id))).toEqual([]);
  });

  it("is not in the partner's library nor in its CSV", async () => {
    const page = await (await reseller.get("/content")).text();
    expect(page).toContain(brochure.title);
    const csv = await (await reseller.get("/content.csv")).text();
    expect(csv).toContain(brochure.title);
    for (const asset of [leaflet, video, draft]) {
      expect(page).not.toContain(asset.title);
      expect(csv).not.toContain(asset.title);
    }
    const otherCsv = await (await other.get("/content.csv")).text();
    expect(otherCsv).toContain(leaflet.title);
    expect(otherCsv).not.toContain(banner.title);
  });

  it("a co-branded download of an asset not marked co-brandable is not found, even to a partner that sees it", async () => {
    const distributor = await signedIn("distributor@example.com");
    expect((await distributor.get(`/content/${video.id}/download`)).status).toBe(302);
    expect((await distributor.get(`/content/${video.id}/download?cobrand=1`)).status).toBe(404);
  });
});

describe("the vendor's intents", () => {
  const writes = (): (Record<string, string> | FormData)[] => {
    const version = new FormData();
    version.set("intent", "version");
    version.set("note", "hacked");
    version.set("file", new Blob([Buffer.from("%PDF-1.4\nhacked\n")], { type: "application/pdf" }), "hacked.pdf");
    return [
      { intent: "publish" },
      { intent: "archive" },
      { intent: "edit", title: "Hacked", tiers: "registered" },
      { intent: "version", url: "https://evil.example.com", body: "x", bodyZh: "x" },
      version,
    ];
  };

  it("are refused to partners on an asset they see and on one they do not, and change nothing", async () => {
    for (const asset of [brochure, draft, leaflet]) {
      const before = await assetSnapshot(asset.id);
      for (const body of writes()) {
        const response = await reseller.post(`/content/${asset.id}`, body);
        expect([403, 404]).toContain(response.status);
      }
      expect(await assetSnapshot(asset.id)).toBe(before);
    }
  });

  it("are refused to a channel manager, who may only look", async () => {
    const manager = await signedIn("manager@example.com");
    expect((await manager.get(`/content/${brochure.id}`)).status).toBe(200);
    const before = await assetSnapshot(brochure.id);
    for (const body of writes()) expect((await manager.post(`/content/${brochure.id}`, body)).status).toBe(403);
    expect(await assetSnapshot(brochure.id)).toBe(before);
  });

  it("a partner cannot create an asset nor read the downloads by partner", async () => {
    const count = async () => (await db().selectFrom("content_assets").select(db().fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
    const before = await count();
    expect((await reseller.get("/content/new")).status).toBe(403);
    expect((await reseller.post("/content/new", { kind: "pdf", title: "Hacked" })).status).toBe(403);
    expect(await count()).toBe(before);
    expect((await reseller.get(`/content/${brochure.id}/downloads.csv`)).status).toBe(403);
  });
});

describe("storage keys never reach the browser", () => {
  it("not in the asset's page or loader data, for the vendor or a partner, nor the logo's key", async () => {
    const versions = await db().selectFrom("content_asset_versions").select("file_key").where("asset_id", "=", brochure.id).execute();
    const keys = versions.map((v) => v.file_key!).filter(Boolean);
    const logos = await db().selectFrom("partners").select("logo_key").where("logo_key", "is not", null).execute();
    keys.push(...logos.map((l) => l.logo_key!));
    expect(keys.length).toBeGreaterThan(2);
    const admin = await signedIn("admin@example.com");
    for (const who of [admin, reseller]) {
      for (const path of [`/content/${brochure.id}`, `/content/${brochure.id}.data`, "/content", "/content.data", "/content.csv"]) {
        const response = await who.get(path);
        expect(response.status).toBe(200);
        const body = await response.text();
        for (const key of keys) expect(body).not.toContain(key);
        expect(body).not.toContain("file_key");
      }
    }
  });

  it("a partner's co-branded download carries its own name", async () => {
    const response = await reseller.get(`/content/${brochure.id}/download?cobrand=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});
