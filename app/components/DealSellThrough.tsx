// "Sell-through that followed" on a deal: totals per currency and the latest lines. Invoice
// numbers and the distributor come empty when the viewer may not see them (see deal-sales.server).
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney, formatNumber } from "~/lib/format";
import type { DealSale } from "~/modules/sell-through/deal-sales.server";

export function DealSellThrough({ totals, latest }: { totals: { currency: string; quantity: number; amount: string; lines: number }[]; latest: DealSale[] }) {
  const t = useT();
  const locale = useLocale();
  const named = latest.some((l) => l.invoiceNo !== null);
  return (
    <section className="card" aria-labelledby="deal-sell-through">
      <h2 id="deal-sell-through">{t("sellThrough.followed.title")}</h2>
      {totals.length === 0 ? (
        <p className="muted">{t("sellThrough.followed.none")}</p>
      ) : (
        <>
          <p className="muted">{t("sellThrough.followed.intro")}</p>
          <h3>{t("sellThrough.followed.totals")}</h3>
          <dl className="facts" data-testid="deal-sell-through-totals">
            {totals.map((total) => (
              <div key={total.currency} style={{ display: "contents" }}>
                <dt>
                  {total.currency} · {t("sellThrough.followed.lines", { count: formatNumber(total.lines, locale) })}
                </dt>
                <dd className="num">
                  {t("sellThrough.followed.quantity")} {formatNumber(total.quantity, locale)} · {formatMoney(total.amount, total.currency, locale)}
                </dd>
              </div>
            ))}
          </dl>
          <h3>{t("sellThrough.followed.latest")}</h3>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("sellThrough.followed.date")}</th>
                  {named && <th>{t("sellThrough.distributor")}</th>}
                  {named && <th>{t("sellThrough.followed.invoice")}</th>}
                  <th>{t("sellThrough.followed.product")}</th>
                  <th className="num">{t("sellThrough.followed.quantity")}</th>
                  <th className="num">{t("sellThrough.followed.amount")}</th>
                </tr>
              </thead>
              <tbody>
                {latest.map((line) => (
                  <tr key={line.id}>
                    <td>{line.transactionDate}</td>
                    {named && <td>{line.distributorName ?? "—"}</td>}
                    {named && <td>{line.invoiceNo === null ? "—" : `${line.invoiceNo} / ${line.lineNo}`}</td>}
                    <td>
                      {line.productSku} · {line.productName}
                    </td>
                    <td className="num">{formatNumber(line.quantity, locale)}</td>
                    <td className="num">{formatMoney(line.amount, line.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
