import { Fragment } from "react";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { rowAction } from "~/lib/row-action.server";
import { isVendor } from "~/lib/scope.server";
import { closeKit, eligibleCount, getKit, publishKit } from "~/modules/campaigns/kits.server";
import { kitMeasures } from "~/modules/campaigns/measures.server";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import { Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, useIntentFeedback } from "~/components/fields";
import { AdoptionStatusBadge, KitStatusBadge, useKitText } from "~/components/CampaignBits";
import { ADOPTION_STATUSES } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Campaign kit · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaigns);
  const db = getDb();
  const detail = await getKit(db, scope, idParam(params.kitId));
  const vendor = isVendor(scope);
  const admin = scope.kind === "admin";
  return {
    ...detail,
    vendor,
    admin,
    measures: vendor ? await kitMeasures(db, scope, detail.kit) : null,
    eligible: admin && detail.kit.status === "draft" ? await eligibleCount(db, scope, detail.kit.id) : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  return rowAction(
    args,
    { roles: ROUTE_ROLES.campaignsEdit, param: "kitId", find: getKit },
    {
      publish: async ({ db, scope, actor, id }) => {
        const { invited } = await publishKit(db, scope, actor, id);
        return redirect(`/campaigns/${id}?notice=published&invited=${invited}`);
      },
      close: async ({ db, scope, actor, id }) => {
        await closeKit(db, scope, actor, id);
        return redirect(`/campaigns/${id}?notice=closed`);
      },
    },
  );
}

function Paragraphs({ text }: { text: string }) {
  return <p className="keep-lines">{text}</p>;
}

export default function KitPage() {
  const { kit, regions, lines, partners, assets, adoptions, vendor, admin, measures, eligible } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const feedbackFor = useIntentFeedback();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const text = useKitText();
  const day = (value: string) => formatDate(`${value}T00:00:00Z`, locale, "UTC");
  const money = (amount: string | null) => (amount === null ? "—" : formatMoney(amount, kit.currency, locale));
  const notice = params.get("notice");
  const actionErrors = { ...feedbackFor("publish").errors, ...feedbackFor("close").errors };
  const tiers = kit.tiers ? kit.tiers.split(",") : [];
  const types = kit.partner_types ? kit.partner_types.split(",") : [];
  const all = t("campaigns.everyone");
  const goal = text(kit.goal, kit.goal_zh);
  const audience = text(kit.audience, kit.audience_zh);
  const brief = text(kit.brief, kit.brief_zh);
  return (
    <>
      <PageHeader
        title={text(kit.title, kit.title_zh)}
        subtitle={
          <>
            <KitStatusBadge status={kit.status} /> {t(`campaigns.activity.${kit.activity_type}`)} · {day(kit.starts_on)} – {day(kit.ends_on)}
          </>
        }
        actions={
          <>
            {vendor && (
              <a className="button" href={`/campaigns/${kit.id}/adoptions.csv`} download>
                {t("campaigns.exportAdoptions")}
              </a>
            )}
            {admin && kit.status !== "closed" && (
              <Link className="button" to={`/campaigns/${kit.id}/edit`}>
                {t("campaigns.edit")}
              </Link>
            )}
            {admin && kit.status === "published" && (
              <Form method="post">
                <button type="submit" name="intent" value="close" className="button">
                  {t("campaigns.close")}
                </button>
              </Form>
            )}
          </>
        }
      />
      {notice && (
        <Notice>
          {notice === "published"
            ? t("campaigns.notice.published", { count: Number(params.get("invited") ?? 0) })
            : notice === "saved" && params.get("invited")
              ? t("campaigns.notice.savedInvited", { count: Number(params.get("invited")) })
              : t(notice === "created" ? "campaigns.notice.created" : notice === "closed" ? "campaigns.notice.closed" : "campaigns.notice.saved")}
        </Notice>
      )}
      <FormErrorSummary errors={actionErrors} />
      {admin && kit.status === "draft" && (
        <Form method="post" className="card">
          <p>{t("campaigns.publishIntro", { count: eligible ?? 0 })}</p>
          <button type="submit" name="intent" value="publish" className="button button-primary">
            {t("campaigns.publish")}
          </button>
        </Form>
      )}
      {!vendor && (
        <section className="card" data-testid="my-adoptions">
          <h2>{t("campaigns.yourAdoption")}</h2>
          <ul className="plain-list">
            {adoptions.map((a) => (
              <li key={a.id}>
                {a.partner_name}: <AdoptionStatusBadge status={a.status} />{" "}
                <Link to={`/campaigns/adoptions/${a.id}`}>{a.status === "invited" ? t("campaigns.openToAdopt") : t("campaigns.openAdoption")}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="detail-grid">
        <section className="card">
          <h2>{t("campaigns.form.brief")}</h2>
          <dl className="facts">
            {goal && (
              <>
                <dt>{t("campaigns.field.goal")}</dt>
                <dd>{goal}</dd>
              </>
            )}
            {audience && (
              <>
                <dt>{t("campaigns.field.audience")}</dt>
                <dd>{audience}</dd>
              </>
            )}
            <dt>{t("campaigns.field.vendorSharePct")}</dt>
            <dd>{formatNumber(kit.vendor_share_pct, locale)} %</dd>
            <dt>{t("campaigns.field.perPartnerCap")}</dt>
            <dd>{money(kit.per_partner_cap)}</dd>
          </dl>
          {brief && <Paragraphs text={brief} />}
        </section>
        <section className="card">
          <h2>{t("campaigns.form.assets")}</h2>
          {assets.length === 0 ? (
            <p className="muted">{t("campaigns.noAssets")}</p>
          ) : (
            <ul className="plain-list" data-testid="kit-assets">
              {assets.map((a) => (
                <li key={a.id}>
                  <strong>{vendor ? <Link to={`/content/${a.id}`}>{text(a.title, a.title_zh)}</Link> : text(a.title, a.title_zh)}</strong>{" "}
                  <span className="muted">({a.kind})</span>
                  {!vendor && (
                    <>
                      {" "}
                      <a href={`/content/${a.id}/download`}>{t("campaigns.download")}</a>
                      {a.co_brandable ? (
                        <>
                          {" · "}
                          <a href={`/content/${a.id}/download?cobrand=1`}>{t("campaigns.downloadCobranded")}</a>
                        </>
                      ) : null}
                    </>
                  )}
                  {text(a.description, a.description_zh) && <p className="muted">{text(a.description, a.description_zh)}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
        {vendor && (
          <section className="card">
            <h2>{t("campaigns.form.eligibility")}</h2>
            <dl className="facts">
              {partners.length > 0 ? (
                <>
                  <dt>{t("campaigns.field.partnerCodes")}</dt>
                  <dd>{partners.map((p) => `${p.name} (${p.code})`).join(", ")}</dd>
                </>
              ) : (
                <>
                  <dt>{t("campaigns.field.tiers")}</dt>
                  <dd>{tiers.length ? tiers.map((x) => t(`tier.${x as "gold"}`)).join(", ") : all}</dd>
                  <dt>{t("campaigns.field.partnerTypes")}</dt>
                  <dd>{types.length ? types.map((x) => t(`partnerType.${x as "reseller"}`)).join(", ") : all}</dd>
                  <dt>{t("campaigns.field.regions")}</dt>
                  <dd>{regions.length ? regions.map((r) => text(r.name, r.name_zh)).join(", ") : all}</dd>
                </>
              )}
              <dt>{t("campaigns.field.productLines")}</dt>
              <dd>{lines.length ? lines.map((l) => text(l.name, l.name_zh)).join(", ") : all}</dd>
            </dl>
          </section>
        )}
        {measures && (
          <section className="card" data-testid="kit-budget">
            <h2>{t("campaigns.budget")}</h2>
            <dl className="facts">
              <dt>{t("campaigns.field.budget")}</dt>
              <dd>{measures.budget.budget === null ? t("campaigns.noBudget") : money(measures.budget.budget)}</dd>
              <dt>{t("campaigns.budgetUsed")}</dt>
              <dd>{money(measures.budget.used)}</dd>
              {measures.budget.left !== null && (
                <>
                  <dt>{t("campaigns.budgetLeft")}</dt>
                  <dd>{money(measures.budget.left)}</dd>
                </>
              )}
            </dl>
          </section>
        )}
      </div>
      {measures && (
        <>
          <section className="card" data-testid="kit-measures">
            <h2>{t("campaigns.measures")}</h2>
            <dl className="facts">
              <dt>{t("campaigns.adoptions")}</dt>
              <dd>{t("campaigns.adoptedOfInvited", { adopted: measures.totals.adopted, invited: measures.totals.adoptions })}</dd>
              <dt>{t("campaigns.committed")}</dt>
              <dd>{money(measures.totals.committed)}</dd>
              <dt>{t("campaigns.paid")}</dt>
              <dd>{money(measures.totals.paid)}</dd>
              <dt>{t("campaigns.leads")}</dt>
              <dd>{kit.target_leads ? t("campaigns.ofTarget", { value: measures.totals.leads, target: kit.target_leads }) : measures.totals.leads}</dd>
              <dt>{t("campaigns.deals")}</dt>
              <dd>{kit.target_deals ? t("campaigns.ofTarget", { value: measures.totals.deals, target: kit.target_deals }) : measures.totals.deals}</dd>
            </dl>
            <p className="hint">{t("campaigns.dealsDefinition")}</p>
            <p>
              {ADOPTION_STATUSES.map((s) => (
                <Fragment key={s}>
                  <span className="nowrap">
                    <AdoptionStatusBadge status={s} /> {measures.byStatus[s]}
                  </span>{" "}
                </Fragment>
              ))}
            </p>
          </section>
          <section className="card">
            <h2>{t("campaigns.adoptionsByPartner")}</h2>
            {measures.adoptions.length === 0 ? (
              <p className="muted">{t("campaigns.noAdoptions")}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table line-table" data-testid="kit-adoptions">
                  <thead>
                    <tr>
                      <th>{t("campaigns.partner")}</th>
                      <th>{t("common.status")}</th>
                      <th>{t("campaigns.invitedAt")}</th>
                      <th className="num">{t("campaigns.committed")}</th>
                      <th className="num">{t("campaigns.paid")}</th>
                      <th className="num">{t("campaigns.leads")}</th>
                      <th className="num">{t("campaigns.deals")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {measures.adoptions.map((a) => (
                      <tr key={a.id}>
                        <td data-label={t("campaigns.partner")}>
                          <Link to={`/campaigns/adoptions/${a.id}`}>{a.partner_name}</Link>
                        </td>
                        <td data-label={t("common.status")}>
                          <AdoptionStatusBadge status={a.status} />
                        </td>
                        <td data-label={t("campaigns.invitedAt")}>{formatDate(a.invited_at, locale, "UTC")}</td>
                        <td className="num" data-label={t("campaigns.committed")}>
                          {money(a.committed)}
                        </td>
                        <td className="num" data-label={t("campaigns.paid")}>
                          {money(a.paid)}
                        </td>
                        <td className="num" data-label={t("campaigns.leads")}>
                          {a.leads}
                        </td>
                        <td className="num" data-label={t("campaigns.deals")}>
                          {a.deals}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={3}>
                        {t("campaigns.total")}
                      </th>
                      <td className="num" data-label={t("campaigns.committed")} data-testid="total-committed">
                        {money(measures.totals.committed)}
                      </td>
                      <td className="num" data-label={t("campaigns.paid")}>
                        {money(measures.totals.paid)}
                      </td>
                      <td className="num" data-label={t("campaigns.leads")}>
                        {measures.totals.leads}
                      </td>
                      <td className="num" data-label={t("campaigns.deals")}>
                        {measures.totals.deals}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            )}
          </section>
          <SellThroughComparison sellThrough={measures.sellThrough} />
          <section className="card" data-testid="kit-feedback">
            <h2>{t("campaigns.feedback")}</h2>
            {measures.feedback.rows.length === 0 ? (
              <p className="muted">{t("campaigns.noFeedback")}</p>
            ) : (
              <>
                <p>{t("campaigns.averageRating", { average: measures.feedback.average ?? "—", count: measures.feedback.rows.length })}</p>
                <ul className="plain-list">
                  {measures.feedback.rows.map((f) => (
                    <li key={f.id}>
                      <strong>
                        {"★".repeat(f.rating)}
                        {"☆".repeat(5 - f.rating)}
                      </strong>{" "}
                      {f.partner_name} · {f.user_name} · {formatDate(f.created_at, locale, "UTC")}
                      {f.comments && <p>{f.comments}</p>}
                      {f.what_worked && <p className="muted">{message("campaigns.whatWorked", { text: f.what_worked })}</p>}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}

type Measures = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["measures"]>;

function SellThroughComparison({ sellThrough }: { sellThrough: Measures["sellThrough"] }) {
  const t = useT();
  const locale = useLocale();
  const money = (amount: string | null) => (amount === null ? t("campaigns.unknown") : formatMoney(amount, sellThrough.base, locale));
  const pct = (value: string | null) => (value === null ? "—" : `${Number(value) > 0 ? "+" : ""}${formatNumber(value, locale)} %`);
  const { periods } = sellThrough;
  const groups = [
    { key: "adopters", label: t("campaigns.adopters"), group: sellThrough.adopters },
    { key: "comparison", label: t("campaigns.comparisonGroup"), group: sellThrough.comparison },
  ] as const;
  return (
    <section className="card" data-testid="kit-sell-through">
      <h2>{t("campaigns.sellThrough")}</h2>
      <p className="alert alert-info">{t("campaigns.notProof")}</p>
      {!periods ? (
        <p className="muted">{t("campaigns.notStarted")}</p>
      ) : (
        <>
          <p className="hint">
            {t("campaigns.periods", {
              from: periods.during.from,
              to: periods.during.to,
              beforeFrom: periods.before.from,
              beforeTo: periods.before.to,
              after: sellThrough.monthsAfter,
              currency: sellThrough.base,
            })}
          </p>
          <div className="table-scroll">
            <table className="data-table line-table" data-testid="comparison">
              <thead>
                <tr>
                  <th>{t("campaigns.partner")}</th>
                  <th className="num">{t("campaigns.before")}</th>
                  <th className="num">{t("campaigns.during")}</th>
                  <th className="num">{t("campaigns.change")}</th>
                </tr>
              </thead>
              {groups.map(({ key, label, group }) => (
                <tbody key={key} data-testid={`comparison-${key}`}>
                  <tr className="group-row">
                    <th scope="rowgroup" data-label="">
                      {label} ({group.rows.length})
                    </th>
                    <td className="num" data-label={t("campaigns.before")}>
                      <strong>{money(group.before)}</strong>
                    </td>
                    <td className="num" data-label={t("campaigns.during")}>
                      <strong>{money(group.during)}</strong>
                    </td>
                    <td className="num" data-label={t("campaigns.change")}>
                      <strong>{pct(group.change)}</strong>
                    </td>
                  </tr>
                  {group.rows.map((r) => (
                    <tr key={r.partnerId}>
                      <td data-label={t("campaigns.partner")}>{r.partnerName}</td>
                      <td className="num" data-label={t("campaigns.before")}>
                        {money(r.before)}
                      </td>
                      <td className="num" data-label={t("campaigns.during")}>
                        {money(r.during)}
                      </td>
                      <td className="num" data-label={t("campaigns.change")}>
                        {pct(r.change)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
          {sellThrough.missingRates.length > 0 && (
            <p className="hint">{t("campaigns.missingRates", { rates: sellThrough.missingRates.map((m) => `${m.currency} ${m.period}`).join(", ") })}</p>
          )}
        </>
      )}
    </section>
  );
}
