import { Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { isVendor } from "~/lib/scope.server";
import { campaignList } from "~/modules/campaigns/kits.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatDate, formatMoney } from "~/lib/format";
import { PageHeader } from "~/components/Page";
import { AdoptionStatusBadge, KitStatusBadge, useKitText } from "~/components/CampaignBits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Campaigns · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaigns);
  return { ...(await campaignList(getDb(), scope)), vendor: isVendor(scope), admin: scope.kind === "admin" };
}

export default function Campaigns() {
  const { kits, vendor, admin } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const text = useKitText();
  const day = (value: string) => formatDate(`${value}T00:00:00Z`, locale, "UTC");
  return (
    <>
      <PageHeader
        title={t("campaigns.title")}
        subtitle={vendor ? t("campaigns.vendorIntro") : t("campaigns.partnerIntro")}
        actions={
          <>
            <a className="button" href="/campaigns.csv" download>
              {t("common.exportCsv")}
            </a>
            {admin && (
              <Link className="button button-primary" to="/campaigns/new">
                {t("campaigns.new")}
              </Link>
            )}
          </>
        }
      />
      {kits.length === 0 ? (
        <p className="card muted">{vendor ? t("campaigns.noKits") : t("campaigns.noInvitations")}</p>
      ) : (
        <div className="table-scroll card">
          <table className="data-table line-table" data-testid="kit-list">
            <thead>
              <tr>
                <th>{t("campaigns.kit")}</th>
                <th>{t("campaigns.field.activityType")}</th>
                <th>{t("campaigns.window")}</th>
                <th>{t("common.status")}</th>
                {vendor ? (
                  <>
                    <th className="num">{t("campaigns.adoptions")}</th>
                    <th className="num">{t("campaigns.committed")}</th>
                    <th className="num">{t("campaigns.paid")}</th>
                  </>
                ) : (
                  <>
                    <th>{t("campaigns.partner")}</th>
                    <th>{t("campaigns.yourAdoption")}</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {kits.map((k) => (
                <tr key={`${k.id}-${k.adoption_id ?? 0}`}>
                  <td data-label={t("campaigns.kit")}>
                    <Link to={`/campaigns/${k.id}`}>{text(k.title, k.title_zh)}</Link>
                  </td>
                  <td data-label={t("campaigns.field.activityType")}>{t(`campaigns.activity.${k.activity_type}`)}</td>
                  <td data-label={t("campaigns.window")} className="nowrap">
                    {day(k.starts_on)} – {day(k.ends_on)}
                  </td>
                  <td data-label={t("common.status")}>
                    <KitStatusBadge status={k.status} />
                  </td>
                  {vendor ? (
                    <>
                      <td className="num" data-label={t("campaigns.adoptions")}>
                        {t("campaigns.adoptedOfInvited", { adopted: k.totals.adopted, invited: k.totals.adoptions })}
                      </td>
                      <td className="num" data-label={t("campaigns.committed")}>
                        {formatMoney(k.totals.committed, k.currency, locale)}
                      </td>
                      <td className="num" data-label={t("campaigns.paid")}>
                        {formatMoney(k.totals.paid, k.currency, locale)}
                      </td>
                    </>
                  ) : (
                    <>
                      <td data-label={t("campaigns.partner")}>{k.partner_name}</td>
                      <td data-label={t("campaigns.yourAdoption")}>
                        {k.adoption_id && k.adoption_status && (
                          <Link to={`/campaigns/adoptions/${k.adoption_id}`}>
                            <AdoptionStatusBadge status={k.adoption_status} />
                          </Link>
                        )}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
