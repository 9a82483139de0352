import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { z } from "zod";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { forbidden } from "~/lib/http.server";
import { field } from "~/lib/forms";
import { decideTierReview, listTierReviews, readTierReviewQuery, reviewQuarters, runTierReview, type TierReviewRow } from "~/modules/tiers/review.server";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { Notice, PageHeader } from "~/components/Page";
import { SelectField, useIntentFeedback } from "~/components/fields";
import { MeasureList, OutcomeBadge, TierBadge } from "~/components/TierReviewBits";
import { TIER_REVIEW_OUTCOMES, TIER_REVIEW_STATUSES, TIERS } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Tier reviews · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.tierReviews);
  const db = getDb();
  const query = readTierReviewQuery(new URL(request.url).searchParams);
  const [list, quarters] = await Promise.all([listTierReviews(db, scope, query), reviewQuarters(db, scope)]);
  return { ...list, query, quarters, canRun: (ROUTE_ROLES.tierReviewsRun as readonly string[]).includes(user.role) };
}

const reviewId = z.object({ reviewId: field.id() });
const overrideSchema = reviewId.extend({
  tier: field.enumOf(TIERS),
  reason: z.string().trim().min(1, "tierReviews.errors.reason").max(2000, "errors.tooLong"),
});
const runSchema = z.object({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/, "errors.invalid") });

function backTo(form: FormData, notice: string): string {
  const back = String(form.get("back") ?? "");
  return `/tier-reviews${back.startsWith("?") ? back : "?"}${back.length > 1 ? "&" : ""}${notice}`;
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.tierReviews },
    {
      approve: parsedIntent(reviewId, async ({ db, scope, actor, form }, fields) => {
        await decideTierReview(db, scope, actor, fields.reviewId, { action: "approve" });
        return redirect(backTo(form, "approved=1"));
      }),
      override: parsedIntent(overrideSchema, async ({ db, scope, actor, form }, fields) => {
        await decideTierReview(db, scope, actor, fields.reviewId, { action: "override", tier: fields.tier, reason: fields.reason });
        return redirect(backTo(form, "overridden=1"));
      }),
      run: parsedIntent(runSchema, async ({ db, scope, actor, user }, fields) => {
        if (!(ROUTE_ROLES.tierReviewsRun as readonly string[]).includes(user.role)) forbidden();
        const { reviewed } = await runTierReview(db, scope, actor, fields.quarter);
        return redirect(`/tier-reviews?quarter=${fields.quarter}&status=&ran=${reviewed}`);
      }),
    },
  );
}

const column = createColumnHelper<TierReviewRow>();

function withoutNotices(search: string): string {
  const params = new URLSearchParams(search);
  for (const name of ["approved", "overridden", "ran"]) params.delete(name);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function Decision({ row, back }: { row: TierReviewRow; back: string }) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const message = useMessage();
  const feedback = useIntentFeedback();
  if (row.status !== "proposed") {
    return (
      <div>
        {row.finalTier && row.status !== "noted" && <p>{t("tierReviews.finalTier", { tier: t(`tier.${row.finalTier}`) })}</p>}
        {row.decidedBy && <p className="hint">{t("tierReviews.decidedBy", { name: row.decidedBy, date: formatDate(row.decidedAt, locale, timeZone) })}</p>}
        {row.reason && <p className="hint">{row.reason}</p>}
      </div>
    );
  }
  const approve = feedback("approve");
  const override = feedback("override");
  const mine = (f: typeof approve) => (f.values.reviewId === String(row.id) ? f : { errors: {}, values: {} as Record<string, string> });
  const approveErrors = mine(approve).errors;
  const overrideFeedback = mine(override);
  return (
    <div className="decision">
      <Form method="post" className="inline-form" noValidate>
        <input type="hidden" name="reviewId" value={row.id} />
        <input type="hidden" name="back" value={back} />
        <button type="submit" name="intent" value="approve" className="button button-primary">
          {t("tierReviews.approve")}
        </button>
        {approveErrors.form && <p className="field-error">{message(approveErrors.form)}</p>}
      </Form>
      <details open={Object.keys(overrideFeedback.errors).length > 0}>
        <summary>{t("tierReviews.override")}</summary>
        <Form method="post" className="form-grid" noValidate>
          <input type="hidden" name="reviewId" value={row.id} />
          <input type="hidden" name="back" value={back} />
          <SelectField
            id={`tier-${row.id}`}
            name="tier"
            label={t("tierReviews.overrideTier")}
            required
            defaultValue={overrideFeedback.values.tier ?? row.fromTier}
            options={TIERS.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))}
            error={overrideFeedback.errors.tier}
          />
          <div className={`field${overrideFeedback.errors.reason ? " field-invalid" : ""}`}>
            <label htmlFor={`reason-${row.id}`}>{t("tierReviews.reason")}</label>
            <textarea
              id={`reason-${row.id}`}
              name="reason"
              rows={2}
              maxLength={2000}
              defaultValue={overrideFeedback.values.reason ?? ""}
              aria-invalid={overrideFeedback.errors.reason ? true : undefined}
              aria-describedby={overrideFeedback.errors.reason ? `reason-${row.id}-error` : undefined}
            />
            {overrideFeedback.errors.reason && (
              <p className="field-error" id={`reason-${row.id}-error`} role="alert">
                {message(overrideFeedback.errors.reason)}
              </p>
            )}
          </div>
          {overrideFeedback.errors.form && <p className="field-error">{message(overrideFeedback.errors.form)}</p>}
          <div className="form-actions">
            <button type="submit" name="intent" value="override" className="button">
              {t("tierReviews.override")}
            </button>
          </div>
        </Form>
      </details>
    </div>
  );
}

export default function TierReviews() {
  const { rows, total, query, quarters, canRun } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const location = useLocation();
  const t = useT();
  const message = useMessage();
  const feedback = useIntentFeedback();
  const back = withoutNotices(location.search);
  const columns = useMemo(
    () => [
      column.accessor("name", {
        id: "partner",
        header: t("tierReviews.partner"),
        cell: (c) => (
          <>
            <Link to={`/partners/${c.row.original.partnerId}`}>{c.getValue()}</Link> <span className="hint">{c.row.original.code}</span>
          </>
        ),
      }),
      column.accessor("quarter", { header: t("tierReviews.quarter") }),
      column.accessor("outcome", {
        header: t("tierReviews.outcome"),
        cell: (c) => {
          const row = c.row.original;
          return (
            <>
              <OutcomeBadge outcome={row.outcome} />{" "}
              <span className="nowrap">
                <TierBadge tier={row.fromTier} />
                {row.proposedTier !== row.fromTier && (
                  <>
                    {" → "}
                    <TierBadge tier={row.proposedTier} />
                  </>
                )}
              </span>
              {row.graceUntil && <p className="hint">{t("tierReviews.graceUntil", { date: row.graceUntil })}</p>}
            </>
          );
        },
      }),
      column.display({
        id: "measures",
        header: t("tierReviews.measures"),
        cell: (c) => <MeasureList own={c.row.original.own} next={c.row.original.next} base={c.row.original.stored.base} />,
      }),
      column.accessor("status", { header: t("tierReviews.status"), cell: (c) => t(`tierReviews.statusLabel.${c.getValue()}`) }),
      column.display({ id: "decision", header: t("tierReviews.decision"), cell: (c) => <Decision row={c.row.original} back={back} /> }),
    ],
    [t, back],
  );
  const run = feedback("run");
  return (
    <>
      <PageHeader
        title={t("tierReviews.title")}
        subtitle={t("tierReviews.intro")}
        actions={
          <a className="button" href={`/tier-reviews.csv${location.search}`} download>
            {t("tierReviews.exportCsv")}
          </a>
        }
      />
      {params.get("approved") && <Notice>{t("tierReviews.approved")}</Notice>}
      {params.get("overridden") && <Notice>{t("tierReviews.overridden")}</Notice>}
      {params.get("ran") !== null && <Notice tone="info">{t("tierReviews.ran", { count: Number(params.get("ran")) })}</Notice>}
      <FilterBar clearTo="/tier-reviews" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSelect name="quarter" label={t("tierReviews.quarter")} value={query.quarter} options={quarters.map((q) => ({ value: q, label: q }))} />
        <FilterSelect
          name="outcome"
          label={t("tierReviews.outcome")}
          value={query.outcome}
          options={TIER_REVIEW_OUTCOMES.map((o) => ({ value: o, label: t(`tierReviews.outcomeLabel.${o}`) }))}
        />
        <FilterSelect
          name="status"
          label={t("tierReviews.status")}
          value={query.status}
          options={TIER_REVIEW_STATUSES.map((s) => ({ value: s, label: t(`tierReviews.statusLabel.${s}`) }))}
        />
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("tierReviews.search")} />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["partner", "quarter", "outcome", "status"]}
        caption={t("tierReviews.title")}
        rowKey={(r) => r.id}
        emptyText={t("tierReviews.none")}
      />
      {canRun && (
        <Form method="post" className="form-grid card" noValidate>
          <h2>{t("tierReviews.runTitle")}</h2>
          <p className="hint">{t("tierReviews.runHint")}</p>
          <SelectField
            id="run-quarter"
            name="quarter"
            label={t("tierReviews.quarter")}
            required
            defaultValue={run.values.quarter ?? quarters[0]}
            options={quarters.map((q) => ({ value: q, label: q }))}
            error={run.errors.quarter}
          />
          {run.errors.form && <p className="field-error">{message(run.errors.form)}</p>}
          <div className="form-actions">
            <button type="submit" name="intent" value="run" className="button">
              {t("tierReviews.runButton")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
