// How a partner is named in a partner picker: "CODE · Name". The code before the dot is what
// the server reads back, so a typed code, a chosen option and an id from a link all work.
export interface PartnerChoice {
  id: number;
  code: string;
  name: string;
}

const SEPARATOR = " · ";

export function partnerChoiceLabel(partner: Pick<PartnerChoice, "code" | "name">): string {
  return `${partner.code}${SEPARATOR}${partner.name}`;
}

/** What a picker's text refers to: a partner id (from a link) or a partner code. */
export function readPartnerRef(text: string | null | undefined): { id: number } | { code: string } | null {
  const value = (text ?? "").trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return { id: Number(value) };
  return { code: value.split(SEPARATOR)[0].trim().toUpperCase() };
}
