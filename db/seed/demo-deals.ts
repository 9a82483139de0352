// Demo deal registrations, registered and moved through the same module functions people use,
// so every demo login finds real registrations with real totals, discounts, history and
// notices: one in every status, a conflicting pair waiting for the reviewer, a reseller's deal
// its distributor fulfils, a rep's own deal, and one whose protection runs out soon.
import { scopeFor, type Scope } from "../../app/lib/scope.server";
import { now, withClock } from "../../app/lib/clock.server";
import { discountAmount, fromCents, toCents } from "../../app/lib/money";
import { saveDeal, type DealInput } from "../../app/modules/deals/write.server";
import {
  addDealMessage,
  answerAndResubmit,
  approveDeal,
  askForMoreInfo,
  closeDeal,
  extendDeal,
  rejectDeal,
  withdrawDeal,
} from "../../app/modules/deals/lifecycle.server";
import type { Actor } from "../../app/lib/audit.server";
import type { DB } from "../../app/lib/db.server";

const DAY_MS = 24 * 3600 * 1000;

// The catalogue is priced in USD; a deal in another currency is typed in that currency, so the
// demo converts at fixed round rates (in hundredths of a percent) rather than showing a CNY
// switch at its USD figure.
const RATE: Record<string, bigint> = { USD: 10000n, EUR: 9200n, SGD: 13400n, CNY: 72000n };

// Where each registration ends up. "expiring" is approved with its protection ending in nine
// days; "extended" is approved and extended once; "resubmitted" answered a question and waits
// again.
type Goal = "draft" | "submitted" | "more_info" | "resubmitted" | "approved" | "expiring" | "extended" | "rejected" | "withdrawn" | "won" | "lost" | "expired";

interface DemoDeal {
  by: string;
  name: string;
  customer: string;
  domain: string;
  country: string;
  currency: "EUR" | "SGD" | "USD" | "CNY";
  closeInDays: number;
  competitors: string;
  notes?: string;
  fulfilledBy?: string;
  /** [sku, quantity, percent below list] */
  lines: [string, number, string][];
  goal: Goal;
  /** The reviewer's question, the rejection reason, the lost reason, or the partner's message before withdrawing. */
  text?: string;
  answer?: string;
}

// In order: the BPS "ACME Corp." registration is submitted before PCS's "acme corp", so the
// second one finds the first as a conflict (same name key and domain, both with Security lines).
const DEALS: DemoDeal[] = [
  {
    by: "reseller@example.com",
    name: "Perimeter firewall refresh, Munich and Hamburg",
    customer: "ACME Corp.",
    domain: "acme.com",
    country: "DE",
    currency: "EUR",
    closeInDays: 75,
    competitors: "Fortinet, Palo Alto Networks",
    lines: [
      ["SEC-FW-M", 4, "0"],
      ["SEC-UTM3Y", 4, "0"],
      ["SEC-VPN50", 2, "5.00"],
    ],
    goal: "submitted",
  },
  {
    by: "other@example.com",
    name: "Singapore office network and firewall rollout",
    customer: "acme corp",
    domain: "www.acme.com",
    country: "SG",
    currency: "SGD",
    closeInDays: 60,
    competitors: "Cisco Meraki, Fortinet",
    lines: [
      ["NET-SW48", 6, "0"],
      ["NET-AP6", 20, "3.00"],
      ["SEC-FW-S", 3, "0"],
    ],
    goal: "submitted",
  },
  {
    by: "reseller@example.com",
    name: "Core and access network renewal",
    customer: "Mainfranken Stadtwerke AG",
    domain: "mainfranken-stadtwerke.de",
    country: "DE",
    currency: "EUR",
    closeInDays: 40,
    competitors: "Cisco, HPE Aruba",
    fulfilledBy: "NWD",
    lines: [
      ["NET-CORE100", 2, "0"],
      ["NET-SW48", 18, "4.00"],
      ["NET-SFP10", 60, "10.00"],
    ],
    goal: "expiring",
  },
  {
    by: "reseller@example.com",
    name: "Wi-Fi 7 for brewhouse and bottling hall",
    customer: "Augsburger Brauhaus GmbH",
    domain: "augsburger-brauhaus.de",
    country: "DE",
    currency: "EUR",
    closeInDays: 95,
    competitors: "Ubiquiti",
    fulfilledBy: "NWD",
    lines: [
      ["NET-AP7", 35, "0"],
      ["NET-CTRL", 1, "0"],
      ["NET-SW24", 6, "0"],
    ],
    goal: "more_info",
    text: "Is this the project the Brauhaus tendered in spring? Please name the customer's IT lead and confirm the budget is approved for this year.",
  },
  {
    by: "reseller@example.com",
    name: "Endpoint protection for head office and shops",
    customer: "Nürnberger Spielwaren GmbH",
    domain: "nbg-spielwaren.de",
    country: "DE",
    currency: "EUR",
    closeInDays: 120,
    competitors: "CrowdStrike, Sophos",
    notes: "Waiting for the final seat count from the customer before submitting.",
    lines: [
      ["SEC-EDR", 400, "0"],
      ["SEC-FW-M", 2, "0"],
    ],
    goal: "draft",
  },
  {
    by: "reseller@example.com",
    name: "Branch routers and firewalls for 12 depots",
    customer: "Donau Logistik GmbH",
    domain: "donau-logistik.de",
    country: "DE",
    currency: "EUR",
    closeInDays: 90,
    competitors: "Juniper, Fortinet",
    lines: [
      ["NET-RTR-BR", 12, "0"],
      ["SEC-FW-S", 12, "0"],
    ],
    goal: "withdrawn",
    text: "The customer has postponed the depot rollout to next year; withdrawing for now, we will register again when it restarts.",
  },
  {
    by: "reseller@example.com",
    name: "Office firewall and remote access",
    customer: "Kanzlei Hofmann & Partner mbB",
    domain: "hofmann-partner.de",
    country: "DE",
    currency: "EUR",
    closeInDays: 35,
    competitors: "Sophos",
    lines: [
      ["SEC-FW-S", 3, "0"],
      ["SEC-UTM3Y", 3, "0"],
      ["SEC-VPN50", 1, "0"],
    ],
    goal: "won",
  },
  {
    by: "rep@example.com",
    name: "Clinic switching and Wi-Fi",
    customer: "Praxisklinik am Englischen Garten",
    domain: "praxisklinik-eg.de",
    country: "DE",
    currency: "EUR",
    closeInDays: 50,
    competitors: "HPE Aruba",
    lines: [
      ["NET-SW24", 4, "0"],
      ["NET-AP6", 12, "0"],
    ],
    goal: "submitted",
  },
  {
    by: "distributor@example.com",
    name: "All-flash SAN and backup for the imaging archive",
    customer: "Hanseatisches Klinikum Nord",
    domain: "hk-nord.de",
    country: "DE",
    currency: "EUR",
    closeInDays: 140,
    competitors: "NetApp, Dell Technologies",
    lines: [
      ["STO-SAN24", 2, "0"],
      ["STO-SSD4T", 48, "5.00"],
      ["STO-BKP", 1, "0"],
    ],
    goal: "extended",
  },
  {
    by: "distributor@example.com",
    name: "Data centre firewall pair",
    customer: "Dresdner Halbleiterwerk AG",
    domain: "dd-halbleiterwerk.de",
    country: "DE",
    currency: "EUR",
    closeInDays: 80,
    competitors: "Check Point",
    lines: [
      ["SEC-FW-L", 2, "0"],
      ["SEC-UTM3Y", 2, "0"],
    ],
    goal: "rejected",
    text: "Dresdner Halbleiterwerk is a named account of our enterprise team and is sold direct; please talk to your channel manager before working on it.",
  },
  {
    by: "distributor@example.com",
    name: "SD-WAN for 40 sites",
    customer: "Sheffield Forge & Steel Ltd",
    domain: "sheffield-forge.co.uk",
    country: "GB",
    currency: "EUR",
    closeInDays: 45,
    competitors: "Cisco Meraki, VMware VeloCloud",
    lines: [
      ["CLD-SDWAN", 40, "0"],
      ["NET-RTR-BR", 40, "6.00"],
    ],
    goal: "lost",
    text: "The customer renewed with their incumbent SD-WAN provider after a price-led tender.",
  },
  {
    by: "distributor@example.com",
    name: "Guest Wi-Fi for six hotels",
    customer: "Bristol Harbourside Hotels Ltd",
    domain: "harbourside-hotels.co.uk",
    country: "GB",
    currency: "EUR",
    closeInDays: 30,
    competitors: "Ruckus",
    lines: [
      ["NET-AP6", 120, "5.00"],
      ["CLD-MGMT", 120, "0"],
    ],
    goal: "expired",
  },
  {
    by: "sales@pacific.example.com",
    name: "Warehouse NAS and archive disks",
    customer: "Changi Cargo Services Pte Ltd",
    domain: "changicargo.com.sg",
    country: "SG",
    currency: "USD",
    closeInDays: 35,
    competitors: "Synology",
    lines: [
      ["STO-NAS12", 4, "0"],
      ["STO-HDD18", 48, "2.00"],
    ],
    goal: "won",
  },
  {
    by: "li.na@hzd.example.cn",
    name: "工厂网络与防火墙升级",
    customer: "苏州智造电子有限公司",
    domain: "szzz-elec.com.cn",
    country: "CN",
    currency: "CNY",
    closeInDays: 100,
    competitors: "Huawei, H3C",
    lines: [
      ["NET-SW48", 30, "5.00"],
      ["SEC-FW-M", 4, "0"],
    ],
    goal: "approved",
  },
  {
    by: "li.na@hzd.example.cn",
    name: "零信任访问与监控平台",
    customer: "杭州西湖数字科技有限公司",
    domain: "xihu-digital.cn",
    country: "CN",
    currency: "CNY",
    closeInDays: 150,
    competitors: "Sangfor",
    lines: [
      ["CLD-ZTNA", 800, "0"],
      ["CLD-MON", 150, "0"],
    ],
    goal: "resubmitted",
    text: "Please confirm the end user: is this for Xihu Digital's own staff or for one of its hosting customers?",
    answer: "For Xihu Digital's own staff, about 800 users; the monitoring covers their own data centre in Hangzhou.",
  },
];

interface Person {
  scope: Scope;
  actor: Actor;
  partnerId: number | null;
}

async function person(db: DB, email: string): Promise<Person> {
  const user = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", email).executeTakeFirstOrThrow();
  return {
    scope: scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id }),
    actor: { userId: user.id, email: user.email, ip: null },
    partnerId: user.partner_id,
  };
}

/** The list price in the deal's currency, at the demo rate, less the line's discount. */
function unitPrice(listUsd: string, currency: string, below: string): string {
  return discountAmount(fromCents((toCents(listUsd) * RATE[currency] + 5000n) / 10000n), below);
}

function inDays(days: number): Date {
  return new Date(now().getTime() + days * DAY_MS);
}

/**
 * How many days ago each story's steps happened (registered, then each later step), so that a
 * decision follows its submission, a protection that ends soon or ended began about its 90
 * days earlier, and a deal is closed weeks after its approval.
 */
const STEP_DAYS_AGO: Record<Goal, number[]> = {
  draft: [2],
  submitted: [3],
  more_info: [6, 5],
  resubmitted: [8, 7, 6],
  rejected: [12, 10],
  withdrawn: [9, 8, 7],
  approved: [20, 18],
  expiring: [83, 81],
  extended: [77, 75, 70],
  won: [60, 58, 10],
  lost: [45, 43, 15],
  expired: [94, 92],
};

export async function seedDemoDeals(db: DB): Promise<void> {
  const today = now();
  const products = new Map((await db.selectFrom("products").select(["id", "sku", "list_price"]).execute()).map((p) => [p.sku, p]));
  const partners = new Map((await db.selectFrom("partners").select(["id", "code", "channel_manager_id"]).execute()).map((p) => [p.code, p]));
  const people = new Map<string, Person>();
  const as = async (email: string) => {
    if (!people.has(email)) people.set(email, await person(db, email));
    return people.get(email)!;
  };
  const reviewerOf = async (partnerId: number) => {
    const partner = [...partners.values()].find((p) => p.id === partnerId)!;
    const manager = await db.selectFrom("users").select("email").where("id", "=", partner.channel_manager_id!).executeTakeFirstOrThrow();
    return as(manager.email);
  };

  for (const deal of DEALS) {
    const owner = await as(deal.by);
    const input: DealInput = {
      name: deal.name,
      customerName: deal.customer,
      customerDomain: deal.domain,
      customerCountry: deal.country,
      currency: deal.currency,
      expectedCloseDate: inDays(deal.closeInDays).toISOString().slice(0, 10),
      competitors: deal.competitors,
      notes: deal.notes ?? "",
      fulfillingPartnerId: deal.fulfilledBy ? partners.get(deal.fulfilledBy)!.id : null,
      sourceLeadId: null,
      lines: deal.lines.map(([sku, quantity, below]) => {
        const product = products.get(sku)!;
        return { productId: product.id, quantity, unitPrice: unitPrice(product.list_price, deal.currency, below) };
      }),
    };
    // The seed's own clock walks through the story's steps; each step starts the next.
    const steps = [...STEP_DAYS_AGO[deal.goal]];
    let clock = new Date(today.getTime() - steps.shift()! * DAY_MS);
    const next = () => {
      const daysAgo = steps.shift();
      if (daysAgo !== undefined) clock = new Date(today.getTime() - daysAgo * DAY_MS);
    };
    const id = await withClock(
      () => clock,
      () => tellDeal(db, deal, input, owner, reviewerOf, next),
    );
    // Set from today: protection that ends in nine days or ended two days ago.
    if (deal.goal === "expiring" || deal.goal === "expired") {
      await db
        .updateTable("deals")
        .set({ expires_at: inDays(deal.goal === "expiring" ? 9 : -2) })
        .where("id", "=", id)
        .execute();
    }
  }
}

async function tellDeal(
  db: DB,
  deal: DemoDeal,
  input: DealInput,
  owner: Person,
  reviewerOf: (partnerId: number) => Promise<Person>,
  next: () => void,
): Promise<number> {
  const { id } = await saveDeal(db, owner.scope, owner.actor, input, { submit: deal.goal !== "draft" });
  if (deal.goal === "draft" || deal.goal === "submitted") return id;

  const reviewer = await reviewerOf(owner.partnerId!);
  next();
  switch (deal.goal) {
    case "more_info":
      await askForMoreInfo(db, reviewer.scope, reviewer.actor, id, deal.text!);
      return id;
    case "resubmitted":
      await askForMoreInfo(db, reviewer.scope, reviewer.actor, id, deal.text!);
      next();
      await answerAndResubmit(db, owner.scope, owner.actor, id, deal.answer!);
      return id;
    case "rejected":
      await rejectDeal(db, reviewer.scope, reviewer.actor, id, deal.text!);
      return id;
    case "withdrawn":
      await addDealMessage(db, owner.scope, owner.actor, id, deal.text!);
      next();
      await withdrawDeal(db, owner.scope, owner.actor, id);
      return id;
  }

  await approveDeal(db, reviewer.scope, reviewer.actor, id);
  next();
  switch (deal.goal) {
    case "extended":
      await extendDeal(db, owner.scope, owner.actor, id);
      break;
    case "won": {
      const { discounted_total } = await db.selectFrom("deals").select("discounted_total").where("id", "=", id).executeTakeFirstOrThrow();
      await closeDeal(db, owner.scope, owner.actor, id, { won: true, finalAmount: discounted_total! });
      break;
    }
    case "lost":
      await closeDeal(db, owner.scope, owner.actor, id, { won: false, reason: deal.text! });
      break;
  }
  return id;
}
