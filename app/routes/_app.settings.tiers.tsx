import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { listTiers, tierSchema, updateTier } from "~/modules/settings/tiers.server";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { useMessage, useT } from "~/lib/i18n-react";
import { Badge, Notice, PageHeader } from "~/components/Page";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Tier benefits · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.settings);
  const db = getDb();
  const [tiers, base] = await Promise.all([listTiers(db), baseCurrency(db)]);
  return { tiers, base, canEdit: user.role === "admin" };
}

/** One form per tier's row; a refusal names its row by the `tier` it sent. */
export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit },
    parsedIntent(tierSchema, async ({ db, scope, actor }, tier) => {
      await updateTier(db, scope, actor, tier);
      return redirect(`/settings/tiers?saved=${tier.tier}`);
    }),
  );
}

export default function Tiers() {
  const { tiers, base, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  return (
    <>
      <PageHeader title={t("tiers.title")} subtitle={t("tiers.intro")} />
      {params.get("saved") && <Notice>{t("common.saved")}</Notice>}
      <div className="table-wrap table-scroll">
        <table className="data-table tier-table">
          <thead>
            <tr>
              <th>{t("tiers.tier")}</th>
              <th>{t("tiers.dealDiscount")}</th>
              <th>{t("tiers.coopAccrual")}</th>
              <th>{t("tiers.routingWeight")}</th>
              <th>{t("tiers.slaHours")}</th>
              <th>{t("targets.tierMinSales", { currency: base })}</th>
              <th>{t("targets.tierMinWon")}</th>
              <th>{t("tiers.minCertifiedUsers")}</th>
              <th>{t("tiers.minReportingCompliance")}</th>
              {canEdit && <th />}
            </tr>
          </thead>
          <tbody>
            {tiers.map((tier) => {
              const failed = actionData?.values.tier === tier.tier ? actionData : undefined;
              const value = (name: string, fallback: string | number) => String(failed?.values?.[name] ?? fallback);
              const error = (name: string) => failed?.errors?.[name];
              const cell = (name: string, fallback: string | number | null, label: string) => (
                <td>
                  {canEdit ? (
                    <>
                      <input
                        form={`tier-${tier.tier}`}
                        name={name}
                        defaultValue={value(name, fallback ?? "")}
                        aria-label={`${t(`tier.${tier.tier}`)}: ${label}`}
                        aria-invalid={error(name) ? true : undefined}
                        inputMode="decimal"
                        size={7}
                      />
                      {error(name) && <p className="field-error">{message(error(name)!)}</p>}
                    </>
                  ) : (
                    (fallback ?? "—")
                  )}
                </td>
              );
              return (
                <tr key={tier.tier}>
                  <td>
                    <Badge tone={tier.tier}>{t(`tier.${tier.tier}`)}</Badge>
                  </td>
                  {cell("dealDiscountPct", tier.deal_discount_pct, t("tiers.dealDiscount"))}
                  {cell("coopAccrualPct", tier.coop_accrual_pct, t("tiers.coopAccrual"))}
                  {cell("routingWeight", tier.routing_weight, t("tiers.routingWeight"))}
                  {cell("leadSlaHours", tier.lead_sla_hours, t("tiers.slaHours"))}
                  {cell("minSellThrough12m", tier.min_sell_through_12m, t("targets.tierMinSales", { currency: base }))}
                  {cell("minWonDeals12m", tier.min_won_deals_12m, t("targets.tierMinWon"))}
                  {cell("minCertifiedUsers", tier.min_certified_users, t("tiers.minCertifiedUsers"))}
                  {cell("minReportingCompliancePct", tier.min_reporting_compliance_pct, t("tiers.minReportingCompliance"))}
                  {canEdit && (
                    <td>
                      <Form method="post" id={`tier-${tier.tier}`} noValidate>
                        <input type="hidden" name="tier" value={tier.tier} />
                        <button type="submit" className="button">
                          {t("common.save")}
                        </button>
                      </Form>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
