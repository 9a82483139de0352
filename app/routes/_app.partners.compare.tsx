import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { COMPARE_MAX, compareScorecards, type Scorecard } from "~/modules/scorecards/scorecard.server";
import { findPartnerChoice } from "~/modules/partners/picker.server";
import { partnerChoiceLabel } from "~/modules/partners/picker";
import { notFound } from "~/lib/http.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney, formatPercent } from "~/lib/format";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { PartnerPicker } from "~/components/PartnerPicker";
import type { ReactNode } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Compare partners · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.scorecardsCompare);
  const db = getDb();
  // Partners come as ids (ticked on the list) or as picker text ("CODE · Name"); one outside
  // the scope, or unknown, makes the whole page not found.
  const refs = new URL(request.url).searchParams
    .getAll("partner")
    .map((p) => p.trim())
    .filter(Boolean);
  const ids: number[] = [];
  for (const ref of refs.slice(0, COMPARE_MAX)) {
    const partner = await findPartnerChoice(db, scope, ref);
    if (!partner) notFound();
    if (!ids.includes(partner.id)) ids.push(partner.id);
  }
  const cards = ids.length >= 2 ? await compareScorecards(db, scope, ids, now()) : [];
  return { cards, chosen: cards.map((c) => partnerChoiceLabel(c.partner)), tooMany: refs.length > COMPARE_MAX, max: COMPARE_MAX };
}

export default function ComparePartners() {
  const { cards, chosen, tooMany, max } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const pct = (value: string | null) => (value === null ? "—" : formatPercent(value, locale));
  const money = (c: Scorecard, amount: string | null) => (amount === null ? t("scorecards.unknownShort") : formatMoney(amount, c.base, locale));
  const rows: { label: string; value: (c: Scorecard) => ReactNode }[] = [
    { label: t("partners.tier"), value: (c) => <Badge tone={c.partner.tier}>{t(`tier.${c.partner.tier}`)}</Badge> },
    { label: t("scorecards.sellThrough", { currency: cards[0]?.base ?? "" }), value: (c) => money(c, c.sellThrough.total) },
    { label: t("scorecards.growthShort"), value: (c) => pct(c.sellThrough.growthPct) },
    { label: t("scorecards.pipeline"), value: (c) => t("scorecards.openDeals", { count: c.pipeline.open }) },
    { label: t("scorecards.winRate"), value: (c) => `${pct(c.winRate.pct)} (${c.winRate.won}/${c.winRate.won + c.winRate.lost})` },
    { label: t("scorecards.leadAcceptance"), value: (c) => `${pct(c.leads.acceptancePct)} (${c.leads.accepted}/${c.leads.ended})` },
    { label: t("scorecards.medianHours"), value: (c) => c.leads.medianHoursToAccept ?? "—" },
    { label: t("scorecards.conversion"), value: (c) => pct(c.leads.conversionPct) },
    { label: t("scorecards.fundUseShort"), value: (c) => pct(c.funds.quarters[c.funds.quarters.length - 1].pct) },
    { label: t("scorecards.timeliness"), value: (c) => (c.timeliness ? pct(c.timeliness.pct) : "—") },
    { label: t("scorecards.rank"), value: (c) => (c.rank ? t("scorecards.rankValue", { position: c.rank.position, of: c.rank.of }) : "—") },
    { label: t("scorecards.targetShort"), value: (c) => (c.attainment ? pct(c.attainment.attainmentPct) : t("targets.noTarget")) },
  ];
  return (
    <>
      <PageHeader
        title={t("scorecards.compareTitle")}
        subtitle={t("scorecards.compareIntro", { max })}
        actions={<Link to="/partners">← {t("partners.title")}</Link>}
      />
      {tooMany && <Notice tone="info">{t("scorecards.compareTooMany", { max })}</Notice>}
      <Form method="get" className="filters">
        {Array.from({ length: max }, (_, i) => (
          <PartnerPicker key={i} name="partner" label={t("scorecards.comparePartner", { n: i + 1 })} defaultValue={chosen[i] ?? ""} />
        ))}
        <div className="filter-buttons">
          <button type="submit" className="button button-primary">
            {t("scorecards.compare")}
          </button>
        </div>
      </Form>
      {cards.length < 2 ? (
        <p className="hint">{t("scorecards.comparePick")}</p>
      ) : (
        <div className="table-wrap table-scroll">
          <table className="data-table compare-table">
            <caption className="visually-hidden">{t("scorecards.compareTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("scorecards.metric")}</th>
                {cards.map((c) => (
                  <th scope="col" key={c.partner.id}>
                    <Link to={`/partners/${c.partner.id}/scorecard`}>{c.partner.name}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {cards.map((c) => (
                    <td key={c.partner.id}>{row.value(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
