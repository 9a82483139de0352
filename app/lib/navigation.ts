// What each role may use, in one place: the shell shows exactly these links, and each route
// checks the same role list on the server.
import type { Role } from "../../db/types";
import type { MessageKey } from "./i18n";

export const ROUTE_ROLES = {
  // Everyone signed in: their own account, e-mail preferences and notices.
  own: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  leads: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  leadsVendor: ["admin", "channel_manager"],
  leadOffers: ["admin", "channel_manager", "partner_admin"],
  deals: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  dealsVendor: ["admin", "channel_manager"],
  dealsPartner: ["partner_admin", "partner_rep"],
  sellThrough: ["admin", "channel_manager", "partner_admin"],
  sellThroughReport: ["admin", "partner_admin"],
  // The vendor's catalogue is read by everyone signed in; no partner's rows are in it.
  catalogue: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  partners: ["admin", "channel_manager", "partner_admin"],
  partnerEdit: ["admin"],
  users: ["admin", "partner_admin"],
  settings: ["admin", "channel_manager"],
  settingsEdit: ["admin"],
  audit: ["admin"],
  outbox: ["admin"],
  apiKeys: ["admin", "partner_admin"],
  funds: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  fundsVendor: ["admin", "channel_manager"],
  fundsPartner: ["partner_admin", "partner_rep"],
  fundsAdmin: ["admin"],
  targets: ["admin", "channel_manager", "partner_admin"],
  targetsEdit: ["admin", "channel_manager"],
  scorecards: ["admin", "channel_manager", "partner_admin"],
  scorecardsCompare: ["admin", "channel_manager"],
  // A partner's run of a campaign kit: its users and the vendor look; its partner admins act.
  campaignAdoption: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  campaignAdoptionAct: ["partner_admin"],
  tierReviews: ["admin", "channel_manager"],
  tierReviewsRun: ["admin"],
  standing: ["partner_admin", "partner_rep"],
  // The content library: everyone reads what they may see; only the vendor admin changes it.
  content: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  contentEdit: ["admin"],
  contentVendor: ["admin", "channel_manager"],
  // Who vets partner applications; what each of them sees and decides is in modules/applications.
  applications: ["admin", "channel_manager"],
  agreementsVendor: ["admin", "channel_manager"],
  // Only a partner admin accepts for the company; reps are told to ask them.
  agreement: ["partner_admin"],
  partnerProfile: ["partner_admin"],
  // Whoever can see the partner sees its logo (the scoped read decides which partners).
  partnerLogo: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  certifications: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  certificationsPartner: ["partner_admin", "partner_rep"],
  certificationsVendor: ["admin", "channel_manager"],
  // Kits are read by everyone signed in (a partner only those it is invited to); only the admin writes them.
  campaigns: ["admin", "channel_manager", "partner_admin", "partner_rep"],
  campaignsEdit: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export interface NavItem {
  to: string;
  label: MessageKey;
  children?: NavItem[];
}

export function navigationFor(role: Role, options: { outbox: boolean; partnerType: string | null }): NavItem[] {
  const can = (roles: readonly Role[]) => roles.includes(role);
  const items: NavItem[] = [
    { to: "/", label: "nav.home" },
    { to: "/leads", label: "nav.leads" },
    { to: "/deals", label: "nav.deals" },
  ];
  // Distributors report sell-through; resellers and agents have nothing to do there.
  if (can(ROUTE_ROLES.sellThrough) && (role !== "partner_admin" || options.partnerType === "distributor"))
    items.push({ to: "/sell-through", label: "nav.sellThrough" });
  if (can(ROUTE_ROLES.partners))
    items.push({ to: "/partners", label: role === "partner_admin" && options.partnerType !== "distributor" ? "nav.myPartner" : "nav.partners" });
  if (can(ROUTE_ROLES.applications)) items.push({ to: "/applications", label: "applications.nav" });
  if (can(ROUTE_ROLES.users)) items.push({ to: "/users", label: "nav.users" });
  if (can(ROUTE_ROLES.partnerProfile)) items.push({ to: "/partner-profile", label: "nav.partnerProfile" });
  if (can(ROUTE_ROLES.agreement)) items.push({ to: "/agreement", label: "nav.agreement" });
  if (can(ROUTE_ROLES.settings)) {
    items.push({
      to: "/settings/tiers",
      label: "nav.settings",
      children: [
        { to: "/settings/tiers", label: "nav.tiers" },
        { to: "/settings/products", label: "nav.products" },
        { to: "/settings/certifications", label: "certifications.catalogueNav" },
        { to: "/settings/territories", label: "nav.territories" },
        { to: "/settings/leads", label: "nav.leadSettings" },
        { to: "/settings/deals", label: "nav.dealSettings" },
        ...(can(ROUTE_ROLES.apiKeys) ? [{ to: "/settings/api-keys", label: "nav.apiKeys" } as const] : []),
        { to: "/settings/exchange-rates", label: "sellThroughReports.navRates" },
        { to: "/settings/agreements", label: "nav.agreements" },
      ],
    });
  }
  if (can(ROUTE_ROLES.audit)) items.push({ to: "/audit", label: "nav.audit" });
  if (options.outbox && can(ROUTE_ROLES.outbox)) items.push({ to: "/outbox", label: "nav.outbox" });
  if (role === "partner_admin" && options.partnerType === "distributor") items.push({ to: "/settings/api-keys", label: "nav.apiKeys" });
  if (can(ROUTE_ROLES.funds)) items.push({ to: "/funds", label: "funds.nav" });
  if (can(ROUTE_ROLES.campaigns)) items.push({ to: "/campaigns", label: "campaigns.nav" });
  if (can(ROUTE_ROLES.targets)) items.push({ to: "/targets", label: "targets.nav" });
  if (can(ROUTE_ROLES.tierReviews)) items.push({ to: "/tier-reviews", label: "tierReviews.nav" });
  if (can(ROUTE_ROLES.standing)) items.push({ to: "/standing", label: "standing.nav" });
  if (can(ROUTE_ROLES.content)) items.push({ to: "/content", label: "content.nav" });
  items.push({ to: "/certifications", label: "certifications.nav" });
  items.push({ to: "/notifications", label: "nav.notifications" });
  items.push({ to: "/account", label: "nav.account" });
  return items;
}
