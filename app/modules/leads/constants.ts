// Lead vocabulary shared by the server and the browser (no server-only imports here).
export const LEAD_FIELDS = [
  "company",
  "companyDomain",
  "contactName",
  "contactEmail",
  "contactPhone",
  "country",
  "postcode",
  "productLine",
  "estimatedValue",
  "currency",
  "source",
  "notes",
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];
export const REQUIRED_LEAD_FIELDS: readonly LeadField[] = ["company", "country", "productLine"];

export const REJECT_REASONS = ["not_our_territory", "no_capacity", "not_our_product", "bad_contact", "existing_customer", "other"] as const;
