// Co-branding: a partner's name, logo and contact stamped on a vendor's PDF or image, made on the
// server at download time. The stamp is drawn once as a PNG by sharp from SVG text, through the
// system's fonts (fonts-noto-cjk), so a Chinese name renders; pdf-lib's standard fonts cannot
// draw CJK, so the PDF gets the same PNG as an image rather than text. The logo comes from
// storage under the partner's own logo_key, read only up to a small size.
import sharp, { type OverlayOptions } from "sharp";
import { PDFDocument } from "pdf-lib";
import { openStoredFile } from "~/lib/storage.server";
import type { DB } from "~/lib/db.server";

/** A logo larger than this is left out of the stamp rather than read into memory. */
const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export interface StampProfile {
  name: string;
  contact: string[];
  logo: Buffer | null;
}

/** What a partner's stamp says: its legal name (or name), its contact, and its logo when it has one. */
export async function stampProfile(db: DB, partnerId: number): Promise<StampProfile> {
  const partner = await db
    .selectFrom("partners")
    .select(["name", "legal_name", "contact_email", "contact_phone", "website", "logo_key"])
    .where("id", "=", partnerId)
    .executeTakeFirstOrThrow();
  return {
    name: partner.legal_name.trim() || partner.name,
    // A web address reads shorter without its scheme on print.
    contact: [partner.contact_email, partner.contact_phone, partner.website.replace(/^https?:\/\//i, "")].map((s) => s.trim()).filter(Boolean),
    logo: partner.logo_key ? await readLogo(partner.logo_key) : null,
  };
}

async function readLogo(key: string): Promise<Buffer | null> {
  try {
    const stored = await openStoredFile(key);
    if (stored.size > MAX_LOGO_BYTES) {
      stored.body.destroy();
      return null;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  } catch {
    // A logo that cannot be read (gone, not an image) leaves the stamp with name and contact.
    return null;
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** The stamp as a PNG of exactly width × height pixels: a white band with the logo, the name and the contact line. */
export async function renderStamp(profile: StampProfile, width: number, height: number): Promise<Buffer> {
  const pad = Math.max(4, Math.round(height * 0.12));
  const logoBox = profile.logo ? height - 2 * pad : 0;
  const textX = pad + (logoBox ? logoBox + pad : 0);
  const nameSize = Math.max(8, Math.round(height * 0.32));
  const contactSize = Math.max(6, Math.round(height * 0.2));
  const font = "Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#ffffff" fill-opacity="0.94"/>
    <rect width="${width}" height="${Math.max(1, Math.round(height * 0.04))}" fill="#1f4e79"/>
    <text x="${textX}" y="${Math.round(height * 0.48)}" font-family="${font}" font-weight="bold" font-size="${nameSize}" fill="#111111">${escapeXml(profile.name)}</text>
    <text x="${textX}" y="${Math.round(height * 0.8)}" font-family="${font}" font-size="${contactSize}" fill="#333333">${escapeXml(profile.contact.join("  ·  "))}</text>
  </svg>`;
  const layers: OverlayOptions[] = [];
  if (profile.logo && logoBox > 0) {
    try {
      const logo = await sharp(profile.logo)
        .resize(logoBox, logoBox, { fit: "contain", background: { r: 255, g: 255, b: 255, alpha: 0 } })
        .png()
        .toBuffer();
      layers.push({ input: logo, left: pad, top: pad });
    } catch {
      // Not an image sharp can read: the stamp goes out without it.
    }
  }
  return sharp(Buffer.from(svg)).composite(layers).png().toBuffer();
}

/** The band's height for a page or picture of this size: readable, and never more than a fifth of it. */
function bandHeight(width: number, height: number): number {
  return Math.max(24, Math.min(Math.round(height / 5), Math.round(width * 0.1)));
}

/** The PDF with the stamp across the foot of its first page; the rest of the document as it was. */
export async function cobrandPdf(bytes: Uint8Array, profile: StampProfile): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const page = pdf.getPage(0);
  const { width, height } = page.getSize();
  const band = bandHeight(width, height);
  // Drawn at four times the page's points, so the text stays sharp when printed.
  const image = await pdf.embedPng(await renderStamp(profile, Math.round(width * 4), band * 4));
  page.drawImage(image, { x: 0, y: 0, width, height: band });
  return pdf.save();
}

/** The picture with the stamp across its foot, in its own format and at its own size. */
export async function cobrandImage(bytes: Uint8Array, profile: StampProfile): Promise<{ bytes: Buffer; contentType: string }> {
  const picture = sharp(bytes);
  const { width, height, format } = await picture.metadata();
  if (!width || !height) throw new Error("The picture has no size");
  const band = bandHeight(width, height);
  const stamp = await renderStamp(profile, width, band);
  const stamped = picture.composite([{ input: stamp, left: 0, top: height - band }]);
  if (format === "jpeg") return { bytes: await stamped.jpeg({ quality: 90 }).toBuffer(), contentType: "image/jpeg" };
  return { bytes: await stamped.png().toBuffer(), contentType: "image/png" };
}
