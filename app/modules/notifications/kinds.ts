// What a user chooses e-mail delivery for: each preference kind gathers the notice kinds the
// modules write (deal.decided, funds.paid, ...), with the delivery it has until the user
// chooses. Partner users hear about their leads, deals, funds and reports; vendor users about
// what waits for their review. Every notice kind a module writes is listed (Notice.kind only
// takes these), so none escapes the user's choice.
import type { Delivery, Role } from "../../../db/types";

export const PREFERENCE_KINDS = {
  lead_offered: { notices: ["lead.offered"], audience: "partner", default: "immediate" },
  offer_expiring: { notices: ["lead.offer_expiring"], audience: "partner", default: "immediate" },
  deal_decided: { notices: ["deal.decided", "deal.more_info"], audience: "partner", default: "immediate" },
  deal_expiring: { notices: ["deal.expiring", "deal.expired"], audience: "partner", default: "immediate" },
  fund_decided: {
    notices: [
      "funds.request_approved",
      "funds.request_rejected",
      "funds.request_more_info",
      "funds.request_lapsed",
      "funds.claim_approved",
      "funds.claim_rejected",
      "funds.claim_more_info",
    ],
    audience: "partner",
    default: "immediate",
  },
  claim_due: { notices: ["funds.claim_reminder", "funds.allocated"], audience: "partner", default: "digest" },
  payment_made: { notices: ["funds.paid"], audience: "partner", default: "immediate" },
  report_due: { notices: ["sellThrough.missing"], audience: "partner", default: "immediate" },
  // The partner's life (issue 20): agreements to accept or renew, onboarding done, certifications, tier.
  partner_lifecycle: { notices: ["partner_lifecycle"], audience: "partner", default: "immediate" },
  campaign_offered: { notices: ["campaign.offered"], audience: "partner", default: "immediate" },
  review_waiting: {
    notices: ["deal.submitted", "funds.request_submitted", "funds.claim_submitted", "funds.request_answered", "funds.claim_answered"],
    audience: "vendor",
    default: "digest",
  },
  lead_returned: { notices: ["lead.returned"], audience: "vendor", default: "immediate" },
  // Once a month, one message per manager listing every distributor behind: worth having at once.
  reports_missing: { notices: ["sellThrough.missingDistributors"], audience: "vendor", default: "immediate" },
  // Never mailed before preferences existed; the manager sees it in the deal's history.
  deal_extended: { notices: ["deal.extended"], audience: "vendor", default: "off" },
} as const satisfies Record<string, { notices: readonly string[]; audience: "partner" | "vendor"; default: Delivery }>;

export type PreferenceKind = keyof typeof PREFERENCE_KINDS;
/** Every kind of notice the modules write. */
export type NoticeKind = (typeof PREFERENCE_KINDS)[PreferenceKind]["notices"][number];

const BY_NOTICE = new Map<string, PreferenceKind>(
  (Object.entries(PREFERENCE_KINDS) as [PreferenceKind, (typeof PREFERENCE_KINDS)[PreferenceKind]][]).flatMap(([kind, spec]) =>
    spec.notices.map((notice) => [notice, kind] as const),
  ),
);

/** The preference a notice kind falls under; null for kinds nobody chooses for. */
export function preferenceKindOf(noticeKind: string): PreferenceKind | null {
  return BY_NOTICE.get(noticeKind) ?? null;
}

/** The kinds a user of this role chooses for, in the order the screen lists them. */
export function preferenceKindsFor(role: Role): PreferenceKind[] {
  const audience = role === "admin" || role === "channel_manager" ? "vendor" : "partner";
  return (Object.keys(PREFERENCE_KINDS) as PreferenceKind[]).filter((k) => PREFERENCE_KINDS[k].audience === audience);
}

export function isPreferenceKind(value: string): value is PreferenceKind {
  return Object.hasOwn(PREFERENCE_KINDS, value);
}
