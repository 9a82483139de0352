// What the content library accepts, shared by the server and the pages (no server imports).
import type { ContentKind } from "../../../db/types";

/** The largest file a version may hold. */
export const MAX_ASSET_BYTES = 50 * 1024 * 1024;

/**
 * The largest file co-branded on the fly: the stamp is drawn on the whole file in memory, so a
 * larger one is refused with a message rather than let a few downloads fill the server's memory.
 */
export const MAX_COBRAND_BYTES = 15 * 1024 * 1024;

/** Kinds whose versions are stored files (the others are a link or a text). */
export const FILE_KINDS: readonly ContentKind[] = ["pdf", "image", "slides"];

/** Kinds the server can stamp with a partner's name, logo and contact. */
export const COBRANDABLE_KINDS: readonly ContentKind[] = ["pdf", "image"];

export function isFileKind(kind: ContentKind): boolean {
  return FILE_KINDS.includes(kind);
}

/** An asset's title in the reader's language: the Chinese one where the vendor wrote it. */
export function assetTitle(asset: { title: string; title_zh: string }, locale: string): string {
  return locale === "zh-CN" && asset.title_zh.trim() ? asset.title_zh : asset.title;
}

export function assetDescription(asset: { description: string; description_zh: string }, locale: string): string {
  return locale === "zh-CN" && asset.description_zh.trim() ? asset.description_zh : asset.description;
}
