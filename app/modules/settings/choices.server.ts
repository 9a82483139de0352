// The product lines and regions (both names) that filters offer: read on nearly every list page, changed a
// few times a year. Each process keeps them for half a minute, and a change made through this
// process is seen at once; another process's change shows within the half minute.
import type { DB } from "~/lib/db.server";

const KEEP_MS = 30_000;

interface Choice {
  id: number;
  name: string;
  name_zh: string | null;
}

let kept: { at: number; lines: Choice[]; regions: Choice[] } | undefined;

export async function filterChoices(db: DB): Promise<{ lines: Choice[]; regions: Choice[] }> {
  if (kept && Date.now() - kept.at < KEEP_MS) return kept;
  const [lines, regions] = await Promise.all([
    db.selectFrom("product_lines").select(["id", "name", "name_zh"]).orderBy("name").execute(),
    db.selectFrom("regions").select(["id", "name", "name_zh"]).orderBy("name").execute(),
  ]);
  kept = { at: Date.now(), lines, regions };
  return kept;
}

/** Called after a region or product line changes. */
export function forgetFilterChoices(): void {
  kept = undefined;
}
