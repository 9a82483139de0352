// A fund ledger note written by the portal names amounts as "<decimal> <currency>"; the fund
// page shows them as money in the reader's language, the rest of the note as written.
import { describe, expect, it } from "vitest";
import { formatLedgerNote } from "~/modules/funds/ledger-note";

describe("a ledger note on the fund page", () => {
  const accrual = "2026-05: 3.00% of 1234567.80 USD; left out (no exchange rate): SGD; 12.34 USD could not be taken back (already committed or expired)";

  it("shows each amount as money in the reader's locale", () => {
    expect(formatLedgerNote(accrual, "en")).toBe(
      "2026-05: 3.00% of $1,234,567.80; left out (no exchange rate): SGD; $12.34 could not be taken back (already committed or expired)",
    );
    expect(formatLedgerNote("2026-05: 3.00% of 1234567.80 EUR", "zh-CN")).toBe(
      `2026-05: 3.00% of ${new Intl.NumberFormat("zh-CN", { style: "currency", currency: "EUR" }).format(1234567.8)}`,
    );
  });

  it("leaves a note without amounts, and typed text, as written", () => {
    expect(formatLedgerNote("2026-Q2 MDF plan", "en")).toBe("2026-Q2 MDF plan");
    expect(formatLedgerNote("Catering above 40 EUR per person is not covered", "en")).toBe("Catering above 40 EUR per person is not covered");
  });
});
