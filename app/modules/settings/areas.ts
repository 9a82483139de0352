// A region's areas written as one line of text ("DE, AT, GB:SW"): parsed on the server, shown
// in the browser, so this module has no server-only imports.
export interface Area {
  country: string;
  postcodePrefix: string;
}

/** "DE, AT gb:sw" → [{DE,""},{AT,""},{GB,"SW"}]; null when a part is not COUNTRY or COUNTRY:PREFIX. */
export function parseAreas(text: string): Area[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const areas: Area[] = [];
  for (const part of parts) {
    const match = /^([A-Za-z]{2})(?::([A-Za-z0-9]{1,16}))?$/.exec(part);
    if (!match) return null;
    const area = { country: match[1].toUpperCase(), postcodePrefix: (match[2] ?? "").toUpperCase() };
    if (!areas.some((a) => a.country === area.country && a.postcodePrefix === area.postcodePrefix)) areas.push(area);
  }
  return areas;
}

export function formatAreas(areas: Area[]): string {
  return areas.map((a) => (a.postcodePrefix ? `${a.country}:${a.postcodePrefix}` : a.country)).join(", ");
}
