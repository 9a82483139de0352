// The demo content library, made through the module functions the vendor uses: partner profiles
// with a logo for Northwind, Brightpath and 华东科技 (what co-branded downloads print), a
// co-brandable product brochure PDF in two versions, an image banner for EMEA, a video link, a
// bilingual text snippet, a Chinese 药品推广会 leaflet for APAC and a draft. The audiences differ,
// so distributor@, reseller@ and other@ each see a different set; some downloads are counted.
import { Readable } from "node:stream";
import sharp from "sharp";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { scopeFor, type Scope } from "../../app/lib/scope.server";
import { storeStream } from "../../app/lib/storage.server";
import { saveProfile } from "../../app/modules/partners/profile.server";
import { addVersion, createAsset, publishAsset, type NewAssetInput } from "../../app/modules/content/assets.server";
import { countDownload } from "../../app/modules/content/downloads.server";
import type { ProfileInput } from "../../app/modules/partners/profile.server";
import type { Actor } from "../../app/lib/audit.server";
import type { DB } from "../../app/lib/db.server";

interface Person {
  scope: Scope;
  actor: Actor;
}

async function person(db: DB, email: string): Promise<Person> {
  const user = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", email).executeTakeFirstOrThrow();
  return { scope: scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id }), actor: { userId: user.id, email: user.email, ip: null } };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!);
}

/** A square logo: the partner's initials on its colour. */
function logo(initials: string, colour: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160">
    <rect width="160" height="160" rx="28" fill="${colour}"/>
    <text x="80" y="104" text-anchor="middle" font-family="Noto Sans CJK SC, sans-serif" font-weight="bold" font-size="68" fill="#ffffff">${escapeXml(initials)}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Lines of text as a picture (system fonts, so Chinese renders), for a PDF's page. */
function textPicture(lines: { text: string; size: number; bold?: boolean }[], width: number, colour = "#1f2937"): Promise<Buffer> {
  let y = 0;
  const texts = lines.map((line) => {
    y += Math.round(line.size * 1.5);
    return `<text x="0" y="${y}" font-family="Noto Sans CJK SC, sans-serif" font-size="${line.size}" ${line.bold ? 'font-weight="bold"' : ""} fill="${colour}">${escapeXml(line.text)}</text>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 20}">${texts.join("")}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function brochurePdf(edition: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 0, y: 700, width: 595, height: 142, color: rgb(0.12, 0.31, 0.47) });
  page.drawText("Secure Campus Networking", { x: 48, y: 770, size: 28, font: bold, color: rgb(1, 1, 1) });
  page.drawText(`Access switches, Wi-Fi 7 and firewalls that work as one - ${edition}`, { x: 48, y: 740, size: 12, font, color: rgb(1, 1, 1) });
  const points = [
    "One console for switches, access points and firewalls",
    "Zero-touch deployment for branch sites",
    "Threat protection licences included for the first year",
    "Five-year warranty on access switches",
  ];
  points.forEach((text, i) => page.drawText(`- ${text}`, { x: 48, y: 640 - i * 28, size: 14, font }));
  page.drawText("Ask your partner for a site survey.", { x: 48, y: 480, size: 16, font: bold });
  pdf.addPage([595, 842]).drawText("Technical specifications", { x: 48, y: 780, size: 20, font: bold });
  return Buffer.from(await pdf.save());
}

async function pharmaLeafletPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 0, y: 690, width: 595, height: 152, color: rgb(0.05, 0.45, 0.42) });
  const heading = await pdf.embedPng(
    await textPicture(
      [
        { text: "药品推广会", size: 64, bold: true },
        { text: "新产品学术推广 · 专家讲座 · 现场答疑", size: 30 },
      ],
      2000,
      "#ffffff",
    ),
  );
  page.drawImage(heading, { x: 48, y: 705, width: 500, height: (500 * heading.height) / heading.width });
  const body = await pdf.embedPng(
    await textPicture(
      [
        { text: "活动流程", size: 36, bold: true },
        { text: "1. 签到与资料领取", size: 30 },
        { text: "2. 产品介绍与临床数据解读", size: 30 },
        { text: "3. 专家讲座与病例分享", size: 30 },
        { text: "4. 现场答疑与意向登记", size: 30 },
        { text: "请向您的经销商咨询活动日期与地点。", size: 30 },
      ],
      2000,
    ),
  );
  page.drawImage(body, { x: 48, y: 380, width: 500, height: (500 * body.height) / body.width });
  return Buffer.from(await pdf.save());
}

function banner(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="400">
    <defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#1e3a8a"/><stop offset="1" stop-color="#0ea5e9"/></linearGradient></defs>
    <rect width="1200" height="400" fill="url(#g)"/>
    <text x="60" y="170" font-family="Noto Sans CJK SC, sans-serif" font-weight="bold" font-size="84" fill="#ffffff">Wi-Fi 7 is here</text>
    <text x="60" y="240" font-family="Noto Sans CJK SC, sans-serif" font-size="36" fill="#e0f2fe">Four times the speed for every office floor</text>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function stored(bytes: Buffer) {
  return storeStream(Readable.from([bytes]), "content");
}

const PROFILES: { code: string; fields: ProfileInput; logo: [string, string] }[] = [
  {
    code: "NWD",
    fields: {
      legalName: "Northwind Distribution GmbH",
      website: "https://www.northwind.example.com",
      contactEmail: "marketing@northwind.example.com",
      contactPhone: "+49 69 1234 5600",
      address: "Mainzer Landstraße 50, 60311 Frankfurt am Main",
    },
    logo: ["NW", "#1f4e79"],
  },
  {
    code: "BPS",
    fields: {
      legalName: "Brightpath Systems GmbH",
      website: "https://www.brightpath.example.com",
      contactEmail: "hello@brightpath.example.com",
      contactPhone: "+49 89 2222 3100",
      address: "Sendlinger Straße 7, 80331 München",
    },
    logo: ["BP", "#c2410c"],
  },
  {
    code: "HZD",
    fields: {
      legalName: "华东科技分销有限公司",
      website: "https://www.hzd.example.cn",
      contactEmail: "market@hzd.example.cn",
      contactPhone: "+86 21 5888 1200",
      address: "上海市浦东新区世纪大道 100 号",
    },
    logo: ["华东", "#b91c1c"],
  },
];

const AUDIENCE_NONE = {
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

export async function seedDemoContent(db: DB): Promise<void> {
  const admin = await person(db, "admin@example.com");
  for (const profile of PROFILES) {
    const partner = await db.selectFrom("partners").select("id").where("code", "=", profile.code).executeTakeFirstOrThrow();
    const logoFile = await stored(await logo(profile.logo[0], profile.logo[1]));
    await saveProfile(db, admin.scope, admin.actor, partner.id, profile.fields, { stored: logoFile, contentType: "image/png" });
  }
  const lines = new Map((await db.selectFrom("product_lines").select(["id", "code"]).execute()).map((l) => [l.code, l.id]));
  const regions = new Map((await db.selectFrom("regions").select(["id", "code"]).execute()).map((r) => [r.code, r.id]));
  const today = new Date();
  const inDays = (days: number) => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);

  const make = async (input: NewAssetInput) => createAsset(db, admin.scope, admin.actor, input);
  const fileVersion = async (assetId: number, fileName: string, bytes: Buffer, note: string) =>
    addVersion(db, admin.scope, admin.actor, assetId, { note, url: "", body: "", bodyZh: "" }, { fileName, stored: await stored(bytes) });

  const brochure = await make({
    ...AUDIENCE_NONE,
    kind: "pdf",
    title: "Secure Campus Networking brochure",
    titleZh: "安全园区网络宣传册",
    description: "Two pages on switches, Wi-Fi 7 and firewalls as one system. Download it with your logo for customer visits.",
    descriptionZh: "两页介绍交换机、Wi-Fi 7 与防火墙一体化方案。可下载印有贵司标志的版本用于客户拜访。",
    coBrandable: true,
    tiers: ["gold", "platinum"],
    productLineIds: [lines.get("NET")!, lines.get("SEC")!],
  });
  await fileVersion(brochure, "secure-campus-brochure.pdf", await brochurePdf("2025 edition"), "First edition");
  const brochureVersion = await fileVersion(brochure, "secure-campus-brochure.pdf", await brochurePdf("2026 edition"), "Wi-Fi 7 and the new warranty");
  await publishAsset(db, admin.scope, admin.actor, brochure);

  const bannerId = await make({
    ...AUDIENCE_NONE,
    kind: "image",
    title: "Wi-Fi 7 launch banner",
    titleZh: "Wi-Fi 7 发布横幅",
    description: "A web banner (1200 × 400) for your site and newsletters in Europe.",
    descriptionZh: "用于网站和电子报的横幅（1200 × 400），适用于欧洲市场。",
    coBrandable: true,
    regionIds: [regions.get("EMEA")!],
    productLineIds: [lines.get("NET")!],
    validUntil: inDays(120),
  });
  const bannerVersion = await fileVersion(bannerId, "wifi7-banner.png", await banner(), "Launch artwork");
  await publishAsset(db, admin.scope, admin.actor, bannerId);

  const video = await make({
    ...AUDIENCE_NONE,
    kind: "video_link",
    title: "Storage in five minutes (video)",
    titleZh: "五分钟了解存储（视频）",
    description: "An overview of the NAS and SAN range to show customers.",
    descriptionZh: "向客户介绍 NAS 与 SAN 产品系列的概览视频。",
    productLineIds: [lines.get("STO")!],
  });
  await addVersion(db, admin.scope, admin.actor, video, { note: "", url: "https://videos.example.com/storage-in-five-minutes", body: "", bodyZh: "" });
  await publishAsset(db, admin.scope, admin.actor, video);

  const snippet = await make({
    ...AUDIENCE_NONE,
    kind: "text",
    title: "Cloud management e-mail copy",
    titleZh: "云管理推广邮件文案",
    description: "Ready text for a customer e-mail, in English and Chinese.",
    descriptionZh: "可直接使用的客户邮件文案，中英文各一份。",
    partnerTypes: ["reseller", "agent"],
    productLineIds: [lines.get("CLD")!],
  });
  await addVersion(db, admin.scope, admin.actor, snippet, {
    note: "",
    url: "",
    body: "Manage every switch, access point and firewall from one cloud console. Ask us for a 30-day trial.",
    bodyZh: "在一个云控制台中管理所有交换机、无线接入点和防火墙。欢迎联系我们申请 30 天试用。",
  });
  await publishAsset(db, admin.scope, admin.actor, snippet);

  const leaflet = await make({
    ...AUDIENCE_NONE,
    kind: "pdf",
    title: "Product seminar leaflet (药品推广会)",
    titleZh: "药品推广会宣传单",
    description: "The invitation leaflet for a product seminar, in Chinese, for partners in Asia Pacific.",
    descriptionZh: "药品推广会邀请宣传单（中文），供亚太区合作伙伴使用，可印上贵司标志。",
    coBrandable: true,
    regionIds: [regions.get("APAC")!],
  });
  const leafletVersion = await fileVersion(leaflet, "药品推广会宣传单.pdf", await pharmaLeafletPdf(), "首版");
  await publishAsset(db, admin.scope, admin.actor, leaflet);

  await make({
    ...AUDIENCE_NONE,
    kind: "pdf",
    title: "Firewall datasheet (in preparation)",
    titleZh: "防火墙数据表（准备中）",
    productLineIds: [lines.get("SEC")!],
  });

  const downloads: [string, number, number, boolean][] = [
    ["distributor@example.com", brochure, brochureVersion, true],
    ["distributor@example.com", brochure, brochureVersion, false],
    ["distributor@example.com", bannerId, bannerVersion, false],
    ["reseller@example.com", brochure, brochureVersion, true],
    ["reseller@example.com", bannerId, bannerVersion, true],
    ["rep@example.com", brochure, brochureVersion, false],
    ["other@example.com", leaflet, leafletVersion, true],
    ["li.na@hzd.example.cn", leaflet, leafletVersion, true],
    ["li.na@hzd.example.cn", brochure, brochureVersion, true],
  ];
  for (const [email, assetId, versionId, coBranded] of downloads) {
    const user = await person(db, email);
    await countDownload(db, user.scope, user.actor, { assetId, versionId, coBranded });
  }
}
