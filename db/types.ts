// The Kysely `Database` interface, kept by hand beside the migrations (one source: change both
// in the same commit). DECIMAL columns arrive from mysql2 as strings and stay strings.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** DECIMAL: read as an exact string, written from a string. */
export type Decimal = ColumnType<string, string, string>;

export const PARTNER_TYPES = ["distributor", "reseller", "agent"] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];
export const TIERS = ["registered", "silver", "gold", "platinum"] as const;
export type Tier = (typeof TIERS)[number];
export const PARTNER_STATUSES = ["applied", "onboarding", "active", "suspended"] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
export const ROLES = ["admin", "channel_manager", "partner_admin", "partner_rep"] as const;
export type Role = (typeof ROLES)[number];
export const USER_STATUSES = ["invited", "active", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface RegionsTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_zh: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RegionAreasTable {
  id: Generated<number>;
  region_id: number;
  country: string;
  postcode_prefix: ColumnType<string, string | undefined, string>;
}

export interface ProductLinesTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_zh: string | null;
}

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name: string;
  product_line_id: number;
  list_price: Decimal;
  currency: string;
  active: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TiersTable {
  tier: Tier;
  position: number;
  deal_discount_pct: Decimal;
  coop_accrual_pct: Decimal;
  routing_weight: Decimal;
  lead_sla_hours: number;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  partner_id: number | null;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  password_hash: string | null;
  locale: string | null;
  time_zone: ColumnType<string, string | undefined, string>;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PartnersTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: PartnerType;
  tier: ColumnType<Tier, Tier | undefined, Tier>;
  status: ColumnType<PartnerStatus, PartnerStatus | undefined, PartnerStatus>;
  country: string;
  region_id: number | null;
  postcode: ColumnType<string, string | undefined, string>;
  capacity: ColumnType<number, number | undefined, number>;
  parent_id: number | null;
  channel_manager_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PartnerProductLinesTable {
  partner_id: number;
  product_line_id: number;
}

export interface UserSessionsTable {
  id: string;
  user_id: number;
  expires_at: Date;
}

export type ThrottleKind = "email" | "address" | "apply";

export interface LoginThrottlesTable {
  kind: ThrottleKind;
  subject: string;
  failures: Generated<number>;
  last_failure_at: Date | null;
  blocked_until: Date | null;
}

export interface UserTokensTable {
  token_hash: string;
  user_id: number;
  purpose: "invite" | "reset";
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body_text: string;
  status: ColumnType<"pending" | "sent" | "failed" | "kept", "pending" | "kept" | undefined, "pending" | "sent" | "failed" | "kept">;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
}

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface JobsTable {
  id: Generated<number>;
  type: string;
  payload: string;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  unique_key: string | null;
  run_at: Date;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  locked_by: string | null;
  locked_at: Date | null;
  heartbeat_at: Date | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Date;
  actor_user_id: number | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  partner_id: number | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export const LEAD_STATUSES = ["new", "offered", "accepted", "contacted", "qualified", "converted", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_SOURCES = ["campaign", "web_form", "event", "import", "manual"] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
export const OFFER_OUTCOMES = ["pending", "accepted", "rejected", "expired", "withdrawn"] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];
/** The outcomes that say how a partner answered: pending and withdrawn offers say nothing about it. */
export const ENDED_OFFER_OUTCOMES = ["accepted", "rejected", "expired"] as const;

export interface PortalSettingsTable {
  name: string;
  value: string;
  updated_at: UpdatedAt;
}

export interface LeadsTable {
  id: Generated<number>;
  company: string;
  company_domain: ColumnType<string, string | undefined, string>;
  contact_name: ColumnType<string, string | undefined, string>;
  contact_email: ColumnType<string, string | undefined, string>;
  contact_phone: ColumnType<string, string | undefined, string>;
  country: string;
  region_id: number | null;
  postcode: ColumnType<string, string | undefined, string>;
  product_line_id: number;
  estimated_value: ColumnType<string | null, string | null | undefined, string | null>;
  currency: ColumnType<string, string | undefined, string>;
  source: LeadSource;
  notes: string | null;
  status: ColumnType<LeadStatus, LeadStatus | undefined, LeadStatus>;
  partner_id: number | null;
  owner_user_id: number | null;
  offered_at: Date | null;
  offer_expires_at: Date | null;
  offer_count: ColumnType<number, number | undefined, number>;
  needs_attention: ColumnType<number, number | undefined, number>;
  pool_reason: string | null;
  duplicate_of_id: number | null;
  lost_reason: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LeadOffersTable {
  id: Generated<number>;
  lead_id: number;
  partner_id: number;
  user_id: number | null;
  offered_by: number | null;
  offered_at: Date;
  expires_at: Date;
  outcome: ColumnType<OfferOutcome, OfferOutcome | undefined, OfferOutcome>;
  outcome_at: Date | null;
  reminded_at: Date | null;
  reason: string | null;
  score: ColumnType<string | null, string | null | undefined, string | null>;
  breakdown: string | null;
  candidates: string | null;
}

export interface LeadEventsTable {
  id: Generated<number>;
  lead_id: number;
  at: Date;
  actor_user_id: number | null;
  actor_email: string | null;
  event: string;
  from_status: string | null;
  to_status: string | null;
  partner_id: number | null;
  text: string | null;
}

export const DEAL_STATUSES = ["draft", "submitted", "more_info", "approved", "rejected", "withdrawn", "won", "lost", "expired"] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export interface DealsTable {
  id: Generated<number>;
  partner_id: number;
  created_by: number;
  fulfilling_partner_id: number | null;
  source_lead_id: number | null;
  name: string;
  customer_name: string;
  customer_key: string;
  customer_domain: ColumnType<string, string | undefined, string>;
  customer_country: string;
  currency: string;
  total_amount: ColumnType<string, string | undefined, string>;
  discount_pct: ColumnType<string | null, string | null | undefined, string | null>;
  discounted_total: ColumnType<string | null, string | null | undefined, string | null>;
  final_amount: ColumnType<string | null, string | null | undefined, string | null>;
  /** DATE: the calendar day, read as "YYYY-MM-DD" (see db.server's typeCast). */
  expected_close_date: string;
  competitors: ColumnType<string, string | undefined, string>;
  notes: string | null;
  status: ColumnType<DealStatus, DealStatus | undefined, DealStatus>;
  has_conflict: ColumnType<number, number | undefined, number>;
  submitted_at: Date | null;
  decided_at: Date | null;
  decided_by: number | null;
  expires_at: Date | null;
  extension_requested_at: Date | null;
  reminded_14_at: Date | null;
  reminded_3_at: Date | null;
  reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface DealLinesTable {
  id: Generated<number>;
  deal_id: number;
  line_no: number;
  product_id: number;
  product_line_id: number;
  quantity: number;
  unit_price: Decimal;
  line_total: Decimal;
  discounted_unit_price: ColumnType<string | null, string | null | undefined, string | null>;
  discounted_total: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DealEventsTable {
  id: Generated<number>;
  deal_id: number;
  at: Date;
  actor_user_id: number | null;
  actor_email: string | null;
  event: string;
  from_status: string | null;
  to_status: string | null;
  text: string | null;
}

export interface DealConflictsTable {
  deal_id: number;
  other_deal_id: number;
  matched_on: "name" | "domain" | "both";
  found_at: Date;
}

export interface DealCustomerKeysTable {
  match_key: string;
}

export interface DealProtectionsTable {
  match_key: string;
  product_line_id: number;
  deal_id: number;
}

export const SUBMISSION_STATUSES = ["received", "processing", "checked", "committed", "superseded", "failed", "discarded"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export type SubmissionSource = "upload" | "manual" | "api";

export interface SellThroughPeriodsTable {
  distributor_id: number;
  period: string;
  submission_id: number | null;
  first_committed_at: Date | null;
  committed_at: Date | null;
}

export interface SellThroughSubmissionsTable {
  id: Generated<number>;
  distributor_id: number;
  period: string;
  source: SubmissionSource;
  status: ColumnType<SubmissionStatus, SubmissionStatus | undefined, SubmissionStatus>;
  file_name: string | null;
  file_path: string | null;
  file_size: number | null;
  file_sha256: string | null;
  format_json: string | null;
  mapping_json: string | null;
  rows_read: ColumnType<number, number | undefined, number>;
  rows_accepted: ColumnType<number, number | undefined, number>;
  rows_rejected: ColumnType<number, number | undefined, number>;
  /** Rows of the file that are not sales lines (a total, a note, the header again): neither read nor rejected. */
  rows_left_out: ColumnType<number, number | undefined, number>;
  progress_pct: ColumnType<number, number | undefined, number>;
  problem_code: string | null;
  problem_detail: string | null;
  idempotency_key: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  checked_at: Date | null;
  committed_at: Date | null;
  committed_by: number | null;
  /** 0040: what made the month unusual (UnusualMonth as JSON), when the distributor confirmed it. */
  unusual_json: ColumnType<string | null, string | null | undefined, string | null>;
  unusual_confirmed_by: ColumnType<number | null, number | null | undefined, number | null>;
  unusual_confirmed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The columns of a sell-through line. DATE reads as "YYYY-MM-DD". */
interface SalesLineColumns {
  transaction_date: string;
  invoice_no: string;
  line_no: string;
  reseller_id: number | null;
  end_customer_name: ColumnType<string, string | undefined, string>;
  end_customer_key: ColumnType<string, string | undefined, string>;
  end_customer_country: ColumnType<string, string | undefined, string>;
  end_customer_postcode: ColumnType<string, string | undefined, string>;
  product_id: number;
  quantity: number;
  unit_price: Decimal;
  currency: string;
  amount: Decimal;
}

/** A line of a checked submission; the month's current lines are those of the submission its sell_through_periods row names. */
export interface SellThroughLinesTable extends SalesLineColumns {
  submission_id: number;
  row_no: number;
  distributor_id: number;
  period: string;
  deal_id: ColumnType<number | null, number | null | undefined, number | null>;
  lot_no: ColumnType<string, string | undefined, string>;
  expiry_date: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0041: the reseller as the line named it, kept for a line accepted as a direct sale (no reseller_id); "" otherwise. */
  reseller_name: ColumnType<string, string | undefined, string>;
}

/** A row of a file that is not a sales line, with why it was left out. */
export interface SellThroughLeftOutTable {
  submission_id: number;
  row_no: number;
  reason: string;
  cells_json: string;
}

/** A header name (its nameKey) a distributor confirmed for a field. */
export interface SellThroughHeaderNamesTable {
  name_key: string;
  distributor_id: number;
  field: string;
  updated_at: UpdatedAt;
}

/** A checked submission's share of the monthly rollup, summed as it was checked. reseller_id 0 means sold direct. */
export interface SellThroughSubmissionTotalsTable {
  submission_id: number;
  reseller_id: number;
  product_id: number;
  currency: string;
  quantity: ColumnType<string, number | string, number | string>;
  amount: Decimal;
  line_count: number;
}

export interface SellThroughRejectsTable {
  submission_id: number;
  row_no: number;
  field: string | null;
  value: string | null;
  problem: string;
  cells_json: string;
}

export interface SellThroughMonthlyTable {
  period: string;
  distributor_id: number;
  reseller_id: number;
  product_id: number;
  currency: string;
  quantity: ColumnType<string, number | string, number | string>;
  amount: Decimal;
  line_count: number;
}

export interface SellThroughHeaderMappingsTable {
  distributor_id: number;
  mapping_json: string;
  /** Where the distributor's table starts: { sheet, headerRow }. */
  layout_json: string | null;
  updated_at: UpdatedAt;
}

export interface SkuAliasesTable {
  distributor_id: number;
  alias: string;
  product_id: number;
  created_at: CreatedAt;
}

export interface ResellerAliasesTable {
  distributor_id: number;
  alias: string;
  reseller_id: number;
  created_at: CreatedAt;
}

/** 0041: a reseller name the distributor (partner_id) answered "a direct sale, not one of our partners"; name_key is the name lower-cased. */
export interface SellThroughDirectSaleNamesTable {
  partner_id: number;
  name_key: string;
  name: string;
  answered_by: number | null;
  created_at: CreatedAt;
}

export interface ExchangeRatesTable {
  period: string;
  currency: string;
  rate: Decimal;
  updated_at: UpdatedAt;
}

export interface ApiKeysTable {
  id: Generated<number>;
  partner_id: number;
  name: string;
  prefix: string;
  key_hash: string;
  created_by: number;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  /** The title's catalog key and its values, JSON (0012_notification_messages); null on older rows. */
  message: ColumnType<string | null, string | null | undefined, string | null>;
  params: ColumnType<unknown, string | null | undefined, string | null>;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
  digest_state: ColumnType<DigestState, DigestState | undefined, DigestState>;
  digested_at: Date | null;
}

// Notification e-mail preferences (0013_notification_preferences).
export const DELIVERIES = ["immediate", "digest", "off"] as const;
export type Delivery = (typeof DELIVERIES)[number];
export type DigestState = "none" | "waiting" | "sent";

export interface NotificationPreferencesTable {
  user_id: number;
  kind: string;
  delivery: Delivery;
  updated_at: Date;
}

export interface Database {
  notification_preferences: NotificationPreferencesTable;
  sell_through_reseller_totals: SellThroughResellerTotalsTable;
  regions: RegionsTable;
  region_areas: RegionAreasTable;
  product_lines: ProductLinesTable;
  products: ProductsTable;
  tiers: TiersTable;
  users: UsersTable;
  partners: PartnersTable;
  partner_product_lines: PartnerProductLinesTable;
  user_sessions: UserSessionsTable;
  login_throttles: LoginThrottlesTable;
  user_tokens: UserTokensTable;
  email_outbox: EmailOutboxTable;
  jobs: JobsTable;
  audit_log: AuditLogTable;
  portal_settings: PortalSettingsTable;
  leads: LeadsTable;
  lead_offers: LeadOffersTable;
  lead_events: LeadEventsTable;
  notifications: NotificationsTable;
  deals: DealsTable;
  deal_lines: DealLinesTable;
  deal_events: DealEventsTable;
  deal_conflicts: DealConflictsTable;
  deal_customer_keys: DealCustomerKeysTable;
  deal_protections: DealProtectionsTable;
  sell_through_periods: SellThroughPeriodsTable;
  sell_through_submissions: SellThroughSubmissionsTable;
  sell_through_rejects: SellThroughRejectsTable;
  sell_through_lines: SellThroughLinesTable;
  sell_through_submission_totals: SellThroughSubmissionTotalsTable;
  sell_through_monthly: SellThroughMonthlyTable;
  sell_through_header_mappings: SellThroughHeaderMappingsTable;
  sell_through_left_out: SellThroughLeftOutTable;
  sell_through_header_names: SellThroughHeaderNamesTable;
  sku_aliases: SkuAliasesTable;
  reseller_aliases: ResellerAliasesTable;
  sell_through_direct_sale_names: SellThroughDirectSaleNamesTable;
  exchange_rates: ExchangeRatesTable;
  api_keys: ApiKeysTable;
  sell_through_api_requests: SellThroughApiRequestsTable;
  sell_through_reminders: SellThroughRemindersTable;
  sell_through_monthly_summary: SellThroughMonthlySummaryTable;
  sell_through_monthly_totals: SellThroughMonthlyTotalsTable;
}

export interface SellThroughApiRequestsTable {
  distributor_id: number;
  idempotency_key: string;
  body_sha256: string;
  api_key_id: number;
  submission_id: number | null;
  status_code: number | null;
  response_json: string | null;
  created_at: CreatedAt;
}

export type Partner = Selectable<PartnersTable>;
export type NewPartner = Insertable<PartnersTable>;
export type PartnerUpdate = Updateable<PartnersTable>;
export type User = Selectable<UsersTable>;
export type Product = Selectable<ProductsTable>;
export type TierBenefits = Selectable<TiersTable>;
export type Job = Selectable<JobsTable>;
export type Lead = Selectable<LeadsTable>;
export type LeadOffer = Selectable<LeadOffersTable>;

export interface SellThroughRemindersTable {
  distributor_id: number;
  period: string;
  reminded_at: Date;
}

export interface SellThroughMonthlySummaryTable {
  distributor_id: number;
  period: string;
  product_line_id: number;
  region_id: number;
  currency: string;
  quantity: ColumnType<string, number | string, number | string>;
  amount: Decimal;
  line_count: number;
}

export interface SellThroughResellerTotalsTable {
  distributor_id: number;
  period: string;
  /** 0: sold direct. */
  reseller_id: number;
  currency: string;
  quantity: ColumnType<string, number | string, number | string>;
  amount: Decimal;
  line_count: number;
}

export interface SellThroughMonthlyTotalsTable {
  distributor_id: number;
  period: string;
  currency: string;
  quantity: ColumnType<string, number | string, number | string>;
  amount: Decimal;
  line_count: number;
}

// Co-marketing funds (0005_funds). Declared as interface merges so the tables stay in one
// appended block.
export const FUND_KINDS = ["mdf", "coop"] as const;
export type FundKind = (typeof FUND_KINDS)[number];
export const ACTIVITY_TYPES = ["event", "digital_ads", "webinar", "print", "trade_show", "training"] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const FUND_REQUEST_STATUSES = ["submitted", "more_info", "approved", "rejected", "withdrawn", "lapsed", "claimed"] as const;
export type FundRequestStatus = (typeof FUND_REQUEST_STATUSES)[number];
export const FUND_CLAIM_STATUSES = ["submitted", "more_info", "approved", "rejected", "paid"] as const;
export type FundClaimStatus = (typeof FUND_CLAIM_STATUSES)[number];
export const LEDGER_ENTRIES = ["allocation", "accrual", "reservation", "release", "payable", "payment", "expiry"] as const;
export type LedgerEntry = (typeof LEDGER_ENTRIES)[number];

export interface FundsTable {
  id: Generated<number>;
  partner_id: number;
  kind: FundKind;
  quarter: string;
  currency: string;
  expires_at: Date;
  created_at: CreatedAt;
}

export interface FundRequestsTable {
  id: Generated<number>;
  partner_id: number;
  fund_id: number;
  created_by: number;
  activity_type: ActivityType;
  description: string;
  /** DATE, read as "YYYY-MM-DD". */
  start_date: string;
  end_date: string;
  planned_cost: Decimal;
  share_pct: Decimal;
  requested_amount: Decimal;
  approved_amount: ColumnType<string | null, string | null | undefined, string | null>;
  expected_results: ColumnType<string, string | undefined, string>;
  status: ColumnType<FundRequestStatus, FundRequestStatus | undefined, FundRequestStatus>;
  submitted_at: Date;
  decided_at: Date | null;
  decided_by: number | null;
  claim_reminded_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FundClaimsTable {
  id: Generated<number>;
  request_id: number;
  partner_id: number;
  fund_id: number;
  created_by: number;
  actual_cost: Decimal;
  claimed_amount: Decimal;
  approved_amount: ColumnType<string | null, string | null | undefined, string | null>;
  results: ColumnType<string, string | undefined, string>;
  leads_count: ColumnType<number, number | undefined, number>;
  attendees: ColumnType<number, number | undefined, number>;
  status: ColumnType<FundClaimStatus, FundClaimStatus | undefined, FundClaimStatus>;
  checklist_json: string | null;
  submitted_at: Date;
  decided_at: Date | null;
  decided_by: number | null;
  payment_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FundClaimFilesTable {
  id: Generated<number>;
  claim_id: number;
  partner_id: number;
  file_name: string;
  content_type: string;
  size: number;
  path: string;
  sha256: string;
  uploaded_by: number;
  created_at: CreatedAt;
}

export interface FundPaymentsTable {
  id: Generated<number>;
  partner_id: number;
  reference: string;
  /** DATE, read as "YYYY-MM-DD". */
  paid_on: string;
  amount: Decimal;
  currency: string;
  created_by: number;
  created_at: CreatedAt;
}

export interface FundLedgerTable {
  id: Generated<number>;
  fund_id: number;
  partner_id: number;
  entry: LedgerEntry;
  amount: Decimal;
  request_id: number | null;
  claim_id: number | null;
  payment_id: number | null;
  source_period: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Date;
}

export interface FundAccrualsTable {
  partner_id: number;
  period: string;
  fund_id: number;
  sales_base: Decimal;
  accrual_pct: Decimal;
  accrued_amount: Decimal;
  missing_currencies: ColumnType<string, string | undefined, string>;
  computed_at: Date;
}

export interface FundEventsTable {
  id: Generated<number>;
  request_id: number;
  claim_id: number | null;
  at: Date;
  actor_user_id: number | null;
  actor_email: string | null;
  event: string;
  from_status: string | null;
  to_status: string | null;
  amount: string | null;
  text: string | null;
}

export interface LeadsTable {
  fund_request_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface Database {
  funds: FundsTable;
  fund_requests: FundRequestsTable;
  fund_claims: FundClaimsTable;
  fund_claim_files: FundClaimFilesTable;
  fund_payments: FundPaymentsTable;
  fund_ledger: FundLedgerTable;
  fund_accruals: FundAccrualsTable;
  fund_events: FundEventsTable;
}

export type Fund = Selectable<FundsTable>;
export type FundRequest = Selectable<FundRequestsTable>;
export type FundClaim = Selectable<FundClaimsTable>;

// Sell-through targets and tier requirements (0011_targets).
export interface TiersTable {
  min_sell_through_12m: ColumnType<string | null, string | null | undefined, string | null>;
  min_won_deals_12m: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface SellThroughTargetsTable {
  id: Generated<number>;
  partner_id: number;
  /** "2026-Q3". */
  quarter: string;
  amount: Decimal;
  set_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  sell_through_targets: SellThroughTargetsTable;
}

// A partner's profile (0069_partner_profile): what co-branded material prints and what onboarding
// calls a complete profile. logo_key comes only from storage.server.ts.
export interface PartnersTable {
  legal_name: ColumnType<string, string | undefined, string>;
  website: ColumnType<string, string | undefined, string>;
  contact_email: ColumnType<string, string | undefined, string>;
  contact_phone: ColumnType<string, string | undefined, string>;
  address: ColumnType<string, string | undefined, string>;
  logo_key: ColumnType<string | null, string | null | undefined, string | null>;
  logo_content_type: ColumnType<string | null, string | null | undefined, string | null>;
}

// The content library (0070_content_library).
export const CONTENT_KINDS = ["pdf", "image", "slides", "video_link", "text"] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];
export const CONTENT_STATUSES = ["draft", "published", "archived"] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export interface ContentAssetsTable {
  id: Generated<number>;
  kind: ContentKind;
  title: string;
  title_zh: ColumnType<string, string | undefined, string>;
  description: ColumnType<string, string | undefined, string>;
  description_zh: ColumnType<string, string | undefined, string>;
  co_brandable: ColumnType<number, number | undefined, number>;
  /** A SET read as "gold,platinum"; "" means every tier. */
  tiers: ColumnType<string, string | undefined, string>;
  /** A SET read as "distributor,reseller"; "" means every type. */
  partner_types: ColumnType<string, string | undefined, string>;
  /** DATE, read as "YYYY-MM-DD". */
  valid_from: string | null;
  valid_until: string | null;
  status: ColumnType<ContentStatus, ContentStatus | undefined, ContentStatus>;
  current_version_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_by: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ContentAssetRegionsTable {
  asset_id: number;
  region_id: number;
}

export interface ContentAssetProductLinesTable {
  asset_id: number;
  product_line_id: number;
}

export interface ContentAssetVersionsTable {
  id: Generated<number>;
  asset_id: number;
  version: number;
  file_key: string | null;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  url: string | null;
  body: string | null;
  body_zh: string | null;
  note: ColumnType<string, string | undefined, string>;
  created_by: number;
  created_at: CreatedAt;
}

export interface ContentDownloadsTable {
  id: Generated<number>;
  partner_id: number;
  asset_id: number;
  version_id: number;
  user_id: number;
  co_branded: ColumnType<number, number | undefined, number>;
  downloaded_at: ColumnType<Date, Date | undefined, never>;
}

export interface Database {
  content_assets: ContentAssetsTable;
  content_asset_regions: ContentAssetRegionsTable;
  content_asset_product_lines: ContentAssetProductLinesTable;
  content_asset_versions: ContentAssetVersionsTable;
  content_downloads: ContentDownloadsTable;
}

// Campaign kits and their adoptions (0071_campaign_kits).
export const KIT_ACTIVITY_TYPES = ["seminar", "webinar", "trade_show", "email", "product_promotion"] as const;
export type KitActivityType = (typeof KIT_ACTIVITY_TYPES)[number];
export const KIT_STATUSES = ["draft", "published", "closed"] as const;
export type KitStatus = (typeof KIT_STATUSES)[number];
export const ADOPTION_STATUSES = ["invited", "adopted", "running", "reported", "closed", "declined"] as const;
export type AdoptionStatus = (typeof ADOPTION_STATUSES)[number];

export interface CampaignKitsTable {
  id: Generated<number>;
  title: string;
  title_zh: ColumnType<string, string | undefined, string>;
  goal: ColumnType<string, string | undefined, string>;
  goal_zh: ColumnType<string, string | undefined, string>;
  audience: ColumnType<string, string | undefined, string>;
  audience_zh: ColumnType<string, string | undefined, string>;
  brief: string | null;
  brief_zh: string | null;
  activity_type: KitActivityType;
  /** DATE, read as "YYYY-MM-DD". */
  starts_on: string;
  ends_on: string;
  tiers: ColumnType<string, string | undefined, string>;
  partner_types: ColumnType<string, string | undefined, string>;
  vendor_share_pct: Decimal;
  per_partner_cap: Decimal;
  currency: string;
  budget: ColumnType<string | null, string | null | undefined, string | null>;
  budget_used: ColumnType<string, string | undefined, string>;
  target_leads: number | null;
  target_deals: number | null;
  target_sell_through: ColumnType<string | null, string | null | undefined, string | null>;
  status: ColumnType<KitStatus, KitStatus | undefined, KitStatus>;
  published_at: Date | null;
  published_by: number | null;
  created_by: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CampaignKitAssetsTable {
  kit_id: number;
  asset_id: number;
  position: ColumnType<number, number | undefined, number>;
}

export interface CampaignKitRegionsTable {
  kit_id: number;
  region_id: number;
}

export interface CampaignKitProductLinesTable {
  kit_id: number;
  product_line_id: number;
}

export interface CampaignKitPartnersTable {
  kit_id: number;
  partner_id: number;
}

export interface CampaignAdoptionsTable {
  id: Generated<number>;
  kit_id: number;
  partner_id: number;
  status: ColumnType<AdoptionStatus, AdoptionStatus | undefined, AdoptionStatus>;
  invited_at: Date;
  adopted_at: Date | null;
  adopted_by: number | null;
  /** DATE, read as "YYYY-MM-DD". */
  starts_on: string | null;
  ends_on: string | null;
  expected_attendees: number | null;
  actual_attendees: number | null;
  fund_request_id: number | null;
  budget_drawn: ColumnType<string, string | undefined, string>;
  reported_at: Date | null;
  closed_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CampaignFeedbackTable {
  id: Generated<number>;
  partner_id: number;
  adoption_id: number;
  user_id: number;
  rating: number;
  comments: ColumnType<string, string | undefined, string>;
  what_worked: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LeadsTable {
  campaign_adoption_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface Database {
  campaign_kits: CampaignKitsTable;
  campaign_kit_assets: CampaignKitAssetsTable;
  campaign_kit_regions: CampaignKitRegionsTable;
  campaign_kit_product_lines: CampaignKitProductLinesTable;
  campaign_kit_partners: CampaignKitPartnersTable;
  campaign_adoptions: CampaignAdoptionsTable;
  campaign_feedback: CampaignFeedbackTable;
}

// Partner lifecycle: applications and the partner's own history (0080_partner_applications).
export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-1000", "1000+"] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];
export const APPLICATION_STATUSES = ["submitted", "more_info", "approved", "declined"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface PartnerApplicationsTable {
  id: Generated<number>;
  company_name: string;
  /** The name folded as deal conflicts fold customer names, for duplicate checks. */
  name_key: string;
  partner_type: PartnerType;
  country: string;
  /** JSON arrays of ids. */
  region_ids_json: ColumnType<string, string | undefined, string>;
  product_line_ids_json: ColumnType<string, string | undefined, string>;
  website: ColumnType<string, string | undefined, string>;
  domain_key: ColumnType<string, string | undefined, string>;
  company_size: CompanySize;
  references_text: ColumnType<string, string | undefined, string>;
  message: ColumnType<string, string | undefined, string>;
  contact_name: string;
  contact_email: string;
  contact_phone: ColumnType<string, string | undefined, string>;
  locale: ColumnType<string, string | undefined, string>;
  status: ColumnType<ApplicationStatus, ApplicationStatus | undefined, ApplicationStatus>;
  assigned_manager_id: number | null;
  info_request: string | null;
  info_token_hash: string | null;
  info_token_expires_at: Date | null;
  duplicate_of_partner_id: number | null;
  duplicate_reason: "name" | "domain" | null;
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  partner_id: number | null;
  submitted_from: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PartnerApplicationEventsTable {
  id: Generated<number>;
  application_id: number;
  at: Date;
  actor_user_id: number | null;
  event: string;
  text: string | null;
}

export interface PartnerEventsTable {
  id: Generated<number>;
  partner_id: number;
  at: Date;
  actor_user_id: number | null;
  event: string;
  from_value: string | null;
  to_value: string | null;
  text: string | null;
}

// Agreements and reminders (0081_agreements).
export const AGREEMENT_STATUSES = ["draft", "published", "retired"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const REMINDER_SUBJECTS = ["agreement_due", "agreement_renewal", "certification_expiry", "tier_at_risk"] as const;
export type ReminderSubject = (typeof REMINDER_SUBJECTS)[number];

export interface AgreementVersionsTable {
  id: Generated<number>;
  partner_type: PartnerType | null;
  region_id: number | null;
  version_label: string;
  title: string;
  title_zh: ColumnType<string, string | undefined, string>;
  body: string;
  body_zh: string;
  sha256: string;
  term_months: number | null;
  /** DATE, read as "YYYY-MM-DD". */
  accept_by: string | null;
  status: ColumnType<AgreementStatus, AgreementStatus | undefined, AgreementStatus>;
  published_at: Date | null;
  published_by: number | null;
  created_by: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AgreementAcceptancesTable {
  id: Generated<number>;
  partner_id: number;
  version_id: number;
  user_id: number;
  accepted_at: Date;
  ip_address: string;
  user_agent: ColumnType<string, string | undefined, string>;
  document_sha256: string;
  locale: string;
  /** DATE, read as "YYYY-MM-DD". */
  ends_on: string | null;
}

export interface LifecycleRemindersTable {
  partner_id: number;
  subject: ReminderSubject;
  subject_id: number;
  days_before: number;
  sent_at: Date;
}

// Certifications (0082_certifications).
export const CERTIFICATION_LEVELS = ["associate", "professional", "expert"] as const;
export type CertificationLevel = (typeof CERTIFICATION_LEVELS)[number];
export const AWARD_STATUSES = ["pending", "valid", "rejected", "revoked"] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

export interface CertificationsTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_zh: ColumnType<string, string | undefined, string>;
  product_line_id: number | null;
  level: CertificationLevel;
  validity_months: number;
  /** A SET read as "distributor,agent"; "" means no type must hold it. */
  required_for_types: ColumnType<string, string | undefined, string>;
  active: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UserCertificationsTable {
  id: Generated<number>;
  partner_id: number;
  user_id: number;
  certification_id: number;
  status: ColumnType<AwardStatus, AwardStatus | undefined, AwardStatus>;
  /** DATE, read as "YYYY-MM-DD". */
  earned_on: string;
  expires_on: string;
  source: "upload" | "import";
  external_ref: string | null;
  file_key: string | null;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  checked_by: number | null;
  checked_at: Date | null;
  reject_reason: string | null;
  created_by: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

// Tier review (0083_tier_reviews).
export const TIER_REVIEW_OUTCOMES = ["promotion", "demotion", "at_risk", "keep"] as const;
export type TierReviewOutcome = (typeof TIER_REVIEW_OUTCOMES)[number];
export const TIER_REVIEW_STATUSES = ["proposed", "approved", "overridden", "noted"] as const;
export type TierReviewStatus = (typeof TIER_REVIEW_STATUSES)[number];

export interface TiersTable {
  min_certified_users: ColumnType<number | null, number | null | undefined, number | null>;
  min_reporting_compliance_pct: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TierReviewsTable {
  id: Generated<number>;
  partner_id: number;
  /** "2026-Q4". */
  quarter: string;
  from_tier: Tier;
  proposed_tier: Tier;
  outcome: TierReviewOutcome;
  measures_json: string;
  /** DATE, read as "YYYY-MM-DD". */
  grace_until: string | null;
  status: ColumnType<TierReviewStatus, TierReviewStatus | undefined, TierReviewStatus>;
  final_tier: Tier | null;
  decided_by: number | null;
  decided_at: Date | null;
  reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  partner_applications: PartnerApplicationsTable;
  partner_application_events: PartnerApplicationEventsTable;
  partner_events: PartnerEventsTable;
  agreement_versions: AgreementVersionsTable;
  agreement_acceptances: AgreementAcceptancesTable;
  lifecycle_reminders: LifecycleRemindersTable;
  certifications: CertificationsTable;
  user_certifications: UserCertificationsTable;
  tier_reviews: TierReviewsTable;
}
