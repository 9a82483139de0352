// Downloading an asset: always its current version, only after it was found through the
// caller's scope; a partner's download is counted (content_downloads, which is the record of
// who took what and when). A co-branded download is stamped for the caller's own partner.
import { attachmentDisposition, storedFileResponse } from "~/lib/download.server";
import { openStoredFile, StoredFileNotFoundError } from "~/lib/storage.server";
import { forbidden, notFound } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { findAsset } from "./assets.server";
import { cobrandImage, cobrandPdf, stampProfile } from "./cobrand.server";
import { COBRANDABLE_KINDS, MAX_COBRAND_BYTES } from "./constants";
import type { Scope } from "~/lib/scope.server";
import type { Actor } from "~/lib/audit.server";
import type { DB } from "~/lib/db.server";

/** A partner's download of one version; the vendor's own look at a file is not a download. */
export async function countDownload(db: DB, scope: Scope, actor: Actor, download: { assetId: number; versionId: number; coBranded: boolean }) {
  if (scope.kind !== "partner") return;
  await db
    .insertInto("content_downloads")
    .values({
      partner_id: scope.partnerId,
      asset_id: download.assetId,
      version_id: download.versionId,
      user_id: actor.userId!,
      co_branded: download.coBranded ? 1 : 0,
      downloaded_at: now(),
    })
    .execute();
}

async function readWhole(key: string, maxBytes: number): Promise<Buffer> {
  try {
    const stored = await openStoredFile(key);
    if (stored.size > maxBytes) {
      stored.body.destroy();
      throw new CobrandRefusedError("cobrandTooLarge");
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof StoredFileNotFoundError) notFound();
    throw error;
  }
}

/** Why a file cannot be stamped, as the problem its page names: too large, or not readable as what it claims (an encrypted PDF, say). */
export class CobrandRefusedError extends Error {
  constructor(readonly problem: "cobrandTooLarge" | "cobrandUnreadable") {
    super(problem === "cobrandTooLarge" ? `Files over ${MAX_COBRAND_BYTES / 1024 / 1024} MB are not co-branded` : "The file could not be read to stamp it");
  }
}

async function stamp(kind: string, bytes: Buffer, profile: Awaited<ReturnType<typeof stampProfile>>) {
  try {
    return kind === "pdf" ? { bytes: await cobrandPdf(bytes, profile), contentType: "application/pdf" } : await cobrandImage(bytes, profile);
  } catch {
    // pdf-lib refuses encrypted or broken PDFs, sharp pictures it cannot decode: the plain download still works.
    throw new CobrandRefusedError("cobrandUnreadable");
  }
}

function stampedName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? `${fileName.slice(0, dot)}-cobranded${fileName.slice(dot)}` : `${fileName}-cobranded`;
}

/**
 * The current version of an asset the scope may see, as a response: the stored file, the
 * video's link (a redirect), or the text in both languages. With `cobrand`, a partner gets the
 * file stamped with its own name, logo and contact; an asset not marked co-brandable is not
 * found that way, and a file too large to stamp is refused with a message.
 */
export async function downloadAsset(db: DB, scope: Scope, actor: Actor, assetId: number, options: { cobrand: boolean }): Promise<Response> {
  const asset = await findAsset(db, scope, assetId);
  if (asset.current_version_id == null) notFound();
  const version = await db.selectFrom("content_asset_versions").selectAll().where("id", "=", asset.current_version_id).executeTakeFirstOrThrow();
  if (options.cobrand) {
    if (!asset.co_brandable || !COBRANDABLE_KINDS.includes(asset.kind)) notFound();
    // Stamped for a partner: the vendor has no name, logo or contact of a partner to print.
    if (scope.kind !== "partner") forbidden();
    if ((version.size ?? 0) > MAX_COBRAND_BYTES) throw new CobrandRefusedError("cobrandTooLarge");
    const bytes = await readWhole(version.file_key!, MAX_COBRAND_BYTES);
    const profile = await stampProfile(db, scope.partnerId);
    const stamped = await stamp(asset.kind, bytes, profile);
    await countDownload(db, scope, actor, { assetId, versionId: version.id, coBranded: true });
    return new Response(Buffer.from(stamped.bytes), {
      headers: {
        "Content-Type": stamped.contentType,
        "Content-Length": String(stamped.bytes.byteLength),
        "Content-Disposition": attachmentDisposition(stampedName(version.file_name ?? `asset-${assetId}`)),
        "Cache-Control": "private, no-store",
      },
    });
  }
  if (version.file_key) {
    const response = await storedFileResponse(version.file_key, version.file_name ?? `asset-${assetId}`, version.content_type ?? "application/octet-stream");
    await countDownload(db, scope, actor, { assetId, versionId: version.id, coBranded: false });
    return response;
  }
  await countDownload(db, scope, actor, { assetId, versionId: version.id, coBranded: false });
  if (version.url) return new Response(null, { status: 302, headers: { Location: version.url, "Cache-Control": "private, no-store" } });
  const text = `${asset.title}\n\n${version.body ?? ""}\n\n${asset.title_zh || asset.title}\n\n${version.body_zh ?? ""}\n`;
  return new Response(text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": attachmentDisposition(`${asset.title}.txt`),
      "Cache-Control": "private, no-store",
    },
  });
}
