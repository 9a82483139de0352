import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { requireReportReader } from "~/modules/sell-through/reports.server";
import { LOT_EXPORT_CAP, LOT_LINES_SHOWN, readLotQuery, searchLot } from "~/modules/sell-through/lots.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatNumber } from "~/lib/format";
import { Notice, PageHeader } from "~/components/Page";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Lot search · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  requireReportReader(scope, user.partnerType);
  const query = readLotQuery(new URL(request.url).searchParams);
  // The limits travel with the data: values of .server modules do not exist in the browser.
  return { query, shown: LOT_LINES_SHOWN, exportCap: LOT_EXPORT_CAP, ...(await searchLot(getDb(), scope, query)) };
}

export default function LotSearch() {
  const { query, lines, total, customers, shown, exportCap } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  const exportParams = new URLSearchParams({ lot: query.lot, ...(query.distributorId ? { distributorId: String(query.distributorId) } : {}) });
  return (
    <>
      <PageHeader title={t("lots.title")} subtitle={t("lots.intro")} actions={<Link to="/sell-through">← {t("sellThrough.title")}</Link>} />
      <Form method="get" className="card form-grid narrow" role="search">
        {query.distributorId && <input type="hidden" name="distributorId" value={query.distributorId} />}
        <div className={`field${query.invalid ? " field-invalid" : ""}`}>
          <label htmlFor="lot">{t("lots.lot")}</label>
          <input id="lot" name="lot" defaultValue={query.lot} maxLength={200} aria-invalid={query.invalid ? true : undefined} />
          {query.invalid && <p className="field-error">{t("lots.errors.lot")}</p>}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t("lots.search")}
          </button>
        </div>
      </Form>
      {query.lot && total === 0 && <Notice tone="info">{t("lots.none")}</Notice>}
      {total > 0 && (
        <section className="card">
          <p data-testid="lot-summary">
            {t("lots.found", { count: total, customers })}
            {total > shown && <span className="muted"> {t("lots.capped", { count: shown, max: n(exportCap) })}</span>}
          </p>
          <p>
            <a className="button" href={`/sell-through/lots.csv?${exportParams}`} download>
              {t("lots.export")}
            </a>
          </p>
          <div className="table-scroll">
            <table className="data-table" data-testid="lot-lines">
              <thead>
                <tr>
                  <th>{t("lots.date")}</th>
                  <th>{t("lots.endCustomer")}</th>
                  <th>{t("lots.country")}</th>
                  <th>{t("lots.postcode")}</th>
                  <th>{t("lots.reseller")}</th>
                  <th>{t("lots.distributor")}</th>
                  <th>{t("lots.sku")}</th>
                  <th>{t("lots.invoice")}</th>
                  <th className="num">{t("lots.quantity")}</th>
                  <th>{t("lots.expiry")}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={`${line.distributor_name}-${line.invoice_no}-${line.line_no}`}>
                    <td>{line.transaction_date}</td>
                    <td>{line.end_customer_name}</td>
                    <td>{line.end_customer_country}</td>
                    <td>{line.end_customer_postcode}</td>
                    <td>{line.reseller_name ?? "—"}</td>
                    <td>{line.distributor_name}</td>
                    <td title={line.product_name}>{line.sku}</td>
                    <td>
                      {line.invoice_no} / {line.line_no}
                    </td>
                    <td className="num">{n(line.quantity)}</td>
                    <td>{line.expiry_date ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
