// The keys that say two registrations are about the same end customer: the company name with
// case, punctuation and legal suffixes removed ("ACME Corp." and "acme corp" are both "acme"),
// and the registrable web domain ("www.acme.com" and "shop.acme.com" are both "acme.com").
const LEGAL_SUFFIXES = [
  "incorporated",
  "inc",
  "corporation",
  "corp",
  "company",
  "co",
  "limited",
  "ltd",
  "llc",
  "llp",
  "plc",
  "lp",
  "gmbh",
  "mbh",
  "ag",
  "kg",
  "ohg",
  "ug",
  "se",
  "sa",
  "sas",
  "sarl",
  "srl",
  "spa",
  "bv",
  "nv",
  "oy",
  "ab",
  "as",
  "aps",
  "pty",
  "pte",
  "kk",
  "bhd",
  "sdn",
  "holdings",
  "group",
];
const CJK_SUFFIXES = ["股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "株式会社"];

export function customerKey(name: string): string {
  let text = name.normalize("NFKC").toLowerCase();
  for (const suffix of CJK_SUFFIXES) if (text.endsWith(suffix) && text.length > suffix.length) text = text.slice(0, -suffix.length);
  const words = text
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.includes(words[words.length - 1])) words.pop();
  return words.join(" ");
}

// Second-level labels under which companies register (acme.co.uk, acme.com.cn, ...).
const SECOND_LEVEL = new Set(["co", "com", "net", "org", "gov", "edu", "ac", "ltd", "plc", "or", "ne", "go"]);

/** The registrable domain, or "" when the text is empty; null when it is not a domain at all. */
export function customerDomain(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (!text) return "";
  text = text
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/:\d+$/, "")
    .replace(/\.$/, "");
  if (text.includes("@")) text = text.slice(text.lastIndexOf("@") + 1);
  const labels = text.split(".");
  const valid = labels.length >= 2 && labels.every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l)) && /^[a-z]{2,63}$/.test(labels[labels.length - 1]);
  if (!valid) return null;
  const keep = labels.length >= 3 && labels[labels.length - 1].length === 2 && SECOND_LEVEL.has(labels[labels.length - 2]) ? 3 : 2;
  return labels.slice(-keep).join(".");
}

/** The rows in deal_customer_keys and deal_protections a registration holds. */
export function matchKeys(deal: { customer_key: string; customer_domain: string }): string[] {
  return [`name:${deal.customer_key}`, ...(deal.customer_domain ? [`domain:${deal.customer_domain}`] : [])].sort();
}
