// Sell-through by API: one request of 10,000 lines (the most a request takes) from Northwind
// Distribution for 2024-10, over HTTP against the running app with a key made on the keys page.
// Timed three times each, median reported: checking and staging only ("commit": false), and
// checking, staging and committing (the month replaced). Every line is good, so the commit
// carries all 10,000. No goal is set for it; the figures are for reading. Afterwards (and first,
// for a run that died half-way) everything the bench wrote for NWD's 2024-10 is deleted, and its
// keys with their audit rows: the bench owns NWD's 2024-10 in the bench database.
import { performance } from "node:perf_hooks";
import { createConnection, type DB } from "../../app/lib/db.server";
import type { BenchContext, Figure } from "./lib";

const PERIOD = "2024-10";
const LINES = 10_000;
const RUNS = 3;
const KEY_NAME = "bench sell-through api";

function body(commit: boolean, skus: string[]): string {
  const lines = Array.from({ length: LINES }, (_, i) => ({
    transactionDate: `${PERIOD}-${String((i % 28) + 1).padStart(2, "0")}`,
    invoiceNo: `BENCH-${Math.floor(i / 4)}`,
    lineNo: String((i % 4) + 1),
    reseller: "BPS",
    endCustomerName: `Customer ${i % 500} GmbH`,
    endCustomerCountry: "DE",
    endCustomerPostcode: String(10000 + (i % 900)),
    sku: skus[i % skus.length],
    quantity: (i % 7) + 1,
    unitPrice: `${(i % 900) + 10}.${String(i % 100).padStart(2, "0")}`,
    currency: "EUR",
  }));
  return JSON.stringify({ period: PERIOD, commit, lines });
}

async function cleanUp(db: DB, distributorId: number): Promise<void> {
  const submissions = (
    await db.selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", distributorId).where("period", "=", PERIOD).execute()
  ).map((s) => s.id);
  await db.deleteFrom("sell_through_lines").where("distributor_id", "=", distributorId).where("period", "=", PERIOD).execute();
  await db.deleteFrom("sell_through_monthly").where("distributor_id", "=", distributorId).where("period", "=", PERIOD).execute();
  await db.deleteFrom("sell_through_periods").where("distributor_id", "=", distributorId).where("period", "=", PERIOD).execute();
  if (submissions.length) {
    await db.deleteFrom("sell_through_lines").where("submission_id", "in", submissions).execute();
    await db.deleteFrom("sell_through_rejects").where("submission_id", "in", submissions).execute();
    await db.deleteFrom("audit_log").where("entity_type", "=", "sell_through_submission").where("entity_id", "in", submissions.map(String)).execute();
    await db.deleteFrom("sell_through_submissions").where("id", "in", submissions).execute();
  }
  const keys = (await db.selectFrom("api_keys").select("id").where("partner_id", "=", distributorId).where("name", "=", KEY_NAME).execute()).map((k) => k.id);
  if (keys.length) {
    await db.deleteFrom("sell_through_api_requests").where("api_key_id", "in", keys).execute();
    await db.deleteFrom("audit_log").where("entity_type", "=", "api_key").where("entity_id", "in", keys.map(String)).execute();
    await db.deleteFrom("api_keys").where("id", "in", keys).execute();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export default async function sellThroughApiBench({ baseUrl, signIn, log }: BenchContext): Promise<Figure[]> {
  const { db } = createConnection(process.env.DATABASE_URL!, 2);
  try {
    const distributor = await db.selectFrom("partners").select("id").where("code", "=", "NWD").executeTakeFirstOrThrow();
    await cleanUp(db, distributor.id);
    const skus = (await db.selectFrom("products").select("sku").where("active", "=", 1).orderBy("sku").limit(10).execute()).map((p) => p.sku);

    const cookie = await signIn("distributor@example.com");
    const page = await fetch(`${baseUrl}/settings/api-keys`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "create", name: KEY_NAME }).toString(),
    });
    const key = /ppk_[A-Za-z0-9_-]{32}/.exec(await page.text())?.[0];
    if (!key) throw new Error(`creating a key answered ${page.status} without a key`);

    const timed = async (commit: boolean) => {
      const raw = body(commit, skus);
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const response = await fetch(`${baseUrl}/api/v1/sell-through`, {
          method: "POST",
          headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
          body: raw,
        });
        const answer = (await response.json()) as { status?: string; request?: { accepted: number } };
        times.push(performance.now() - started);
        if (response.status !== 201 || answer.request?.accepted !== LINES || answer.status !== (commit ? "committed" : "checked")) {
          throw new Error(`a ${LINES}-line request answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
        }
      }
      log(`${LINES} lines, commit ${commit}: ${times.map((t) => t.toFixed(0)).join(", ")} ms (${(raw.length / 1024 / 1024).toFixed(1)} MiB of JSON)`);
      return median(times);
    };
    const checked = await timed(false);
    const committed = await timed(true);
    return [
      { name: "sell_through_api_10k_check_ms", value: checked, unit: "ms" },
      { name: "sell_through_api_10k_commit_ms", value: committed, unit: "ms" },
      { name: "sell_through_api_10k_commit_lines_per_s", value: LINES / (committed / 1000), unit: "lines/s" },
    ];
  } finally {
    const distributor = await db.selectFrom("partners").select("id").where("code", "=", "NWD").executeTakeFirst();
    if (distributor) await cleanUp(db, distributor.id);
    await db.destroy();
  }
}
