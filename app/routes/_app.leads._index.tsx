import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo, useRef } from "react";
import { requireAuth } from "~/lib/auth.server";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { ValidationError } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { findPartnerChoice } from "~/modules/partners/picker.server";
import { filterChoices } from "~/modules/settings/choices.server";
import { partnerChoiceLabel } from "~/modules/partners/picker";
import { PartnerPicker } from "~/components/PartnerPicker";
import { listLeads, readLeadListQuery, type LeadRow } from "~/modules/leads/read.server";
import { assignLeads, leadBulkFormSchema } from "~/modules/leads/lifecycle.server";
import { routeLeads } from "~/modules/leads/routing.server";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime, formatMoney } from "~/lib/format";
import { DataTable, SELECT_COLUMN } from "~/components/DataTable";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { Notice, PageHeader } from "~/components/Page";
import { LeadStatusBadge, TimeLeft } from "~/components/LeadBits";
import { referenceName } from "~/lib/reference-name";
import { LEAD_SOURCES, LEAD_STATUSES } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Leads · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.leads);
  const query = readLeadListQuery(new URL(request.url).searchParams, scope);
  const db = getDb();
  const vendor = scope.kind !== "partner";
  const [{ rows, total, totalIsLowerBound }, partner, choices] = await Promise.all([
    listLeads(db, scope, query),
    vendor && query.partner ? findPartnerChoice(db, scope, query.partner) : null,
    filterChoices(db),
  ]);
  const regions = vendor ? choices.regions : [];
  const lines = choices.lines;
  const offeredSince = query.offeredSince ? query.offeredSince.toISOString().slice(0, 10) : "";
  // A partner filter from a link arrives as an id; the field shows who it is.
  const partnerText = partner ? partnerChoiceLabel(partner) : query.partner;
  // Only what the table shows travels to the browser; the CSV export has the other columns.
  const shown = rows.map(({ postcode: _postcode, source: _source, offered_at: _offeredAt, ...row }) => row);
  const offers = (ROUTE_ROLES.leadOffers as readonly string[]).includes(user.role);
  return {
    rows: shown,
    total,
    totalIsLowerBound,
    query: { ...query, offeredSince, partner: partnerText },
    vendor,
    offers,
    regions,
    lines,
    renderedAt: now().getTime(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const backTo = (search: string, notice: string) => redirect(`/leads${search}${search ? "&" : "?"}${notice}`);
  return formAction(
    args,
    { roles: ROUTE_ROLES.leadsVendor },
    {
      assign: parsedIntent(
        leadBulkFormSchema,
        async ({ db, scope, actor }, { leadIds, partner: typed, back }) => {
          const partner = await findPartnerChoice(db, scope, typed);
          if (!partner) throw new ValidationError({ partner: "leads.errors.partnerUnknown" });
          const count = await assignLeads(db, scope, actor, leadIds, partner.id);
          return backTo(back, `assigned=${count}`);
        },
        ["leadIds"],
      ),
      route: parsedIntent(
        leadBulkFormSchema,
        async ({ db, scope, actor }, { leadIds, back }) => {
          const result = await routeLeads(db, scope, actor, leadIds);
          return backTo(back, `routed=${result.offered}-${result.unroutable}`);
        },
        ["leadIds"],
      ),
    },
  );
}

type ShownLeadRow = Omit<LeadRow, "postcode" | "source" | "offered_at">;

const column = createColumnHelper<ShownLeadRow>();

export default function Leads() {
  const { rows, total, totalIsLowerBound, query, vendor, offers, regions, lines, renderedAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  // The columns stay the same objects when the loader runs again (after a rejected bulk
  // action, say): TanStack renders each cell function as a component, so new functions would
  // remount every row and untick the boxes the user ticked.
  const renderedAtRef = useRef(renderedAt);
  renderedAtRef.current = renderedAt;
  const columns = useMemo(
    () => [
      ...(vendor
        ? [
            column.display({
              id: SELECT_COLUMN,
              header: "",
              cell: (c) =>
                c.row.original.status === "new" ? (
                  <input type="checkbox" name="leadIds" value={c.row.original.id} form="bulk" aria-label={t("leads.select", { id: c.row.original.id })} />
                ) : null,
            }),
          ]
        : []),
      column.accessor("company", {
        header: t("leads.company"),
        cell: (c) => (
          <>
            <Link to={`/leads/${c.row.original.id}`}>{c.getValue()}</Link>
            {vendor && c.row.original.duplicate_of_id && <span className="muted small"> · {t("leads.duplicate", { id: c.row.original.duplicate_of_id })}</span>}
          </>
        ),
      }),
      column.accessor("status", {
        header: t("common.status"),
        cell: (c) => (
          <>
            <LeadStatusBadge status={c.getValue()} />
            {vendor && c.row.original.needs_attention === 1 && c.getValue() === "new" ? (
              <span className="badge badge-applied">{t("leads.attention")}</span>
            ) : null}
          </>
        ),
      }),
      column.accessor("offer_expires_at", {
        header: t("leads.timeLeft"),
        cell: (c) => (c.row.original.status === "offered" ? <TimeLeft deadline={c.getValue()} renderedAt={renderedAtRef.current} /> : ""),
      }),
      ...(vendor ? [column.accessor("partner_name", { id: "partner", header: t("leads.partner"), cell: (c) => c.getValue() ?? "—" })] : []),
      column.accessor("owner_name", { header: t("leads.owner"), cell: (c) => c.getValue() ?? "—" }),
      column.accessor("product_line_name", {
        header: t("leads.productLine"),
        cell: (c) => referenceName(locale, { name: c.getValue(), name_zh: c.row.original.product_line_name_zh }),
      }),
      column.accessor("country", {
        header: t("common.country"),
        cell: (c) => `${c.getValue()}${c.row.original.region_code ? ` · ${c.row.original.region_code}` : ""}`,
      }),
      column.accessor("estimated_value", {
        header: t("leads.value"),
        cell: (c) => (c.getValue() ? <span className="num">{formatMoney(c.getValue()!, c.row.original.currency, locale)}</span> : "—"),
      }),
      column.accessor("created_at", { header: t("leads.created"), cell: (c) => formatDateTime(c.getValue(), locale, timeZone) }),
    ],
    [t, vendor, locale, timeZone],
  );
  const routed = params.get("routed")?.split("-");
  const errors: Record<string, string> | undefined = actionData?.errors;
  const assignError = errors?.partner ?? errors?.partnerId;
  return (
    <>
      <PageHeader
        title={vendor ? t("leads.title") : t("leads.inboxTitle")}
        actions={
          <>
            <a className="button" href={`/leads.csv${location.search}`} download>
              {t("common.exportCsv")}
            </a>
            {offers && (
              <Link className="button" to="/leads/offers">
                {t("offers.title")}
              </Link>
            )}
            {vendor && (
              <>
                <Link className="button" to="/leads/import">
                  {t("leads.import")}
                </Link>
                <Link className="button button-primary" to="/leads/new">
                  {t("leads.new")}
                </Link>
              </>
            )}
          </>
        }
      />
      {params.get("imported") && <Notice>{t("leads.importDone", { count: params.get("imported")! })}</Notice>}
      {params.get("rejected") && <Notice>{t("leads.rejected")}</Notice>}
      {params.get("assigned") && <Notice>{t("leads.assigned", { count: params.get("assigned")! })}</Notice>}
      {routed && <Notice>{t("leads.routed", { offered: routed[0], unroutable: routed[1] ?? "0" })}</Notice>}
      {actionData?.errors && "form" in actionData.errors && <Notice tone="error">{message(String(actionData.errors.form))}</Notice>}
      <FilterBar clearTo="/leads" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("leads.searchPlaceholder")} />
        <FilterSelect
          name="status"
          label={t("common.status")}
          value={query.status}
          options={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leadStatus.${s}`) }))}
        />
        {vendor && <PartnerPicker name="partner" label={t("leads.partner")} defaultValue={query.partner} placeholder={t("leads.partnerPlaceholder")} />}
        {vendor && (
          <FilterSelect
            name="region"
            label={t("leads.region")}
            value={query.regionId}
            options={regions.map((r) => ({ value: r.id, label: referenceName(locale, r) }))}
          />
        )}
        <FilterSelect
          name="line"
          label={t("leads.productLine")}
          value={query.productLineId}
          options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
        />
        {vendor && (
          <FilterSelect
            name="source"
            label={t("leads.source")}
            value={query.source}
            options={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leadSource.${s}`) }))}
          />
        )}
        {vendor && (
          <label>
            <span>{t("leads.offeredSince")}</span>
            <input type="date" name="offeredSince" defaultValue={query.offeredSince} />
          </label>
        )}
        {vendor && (
          <label className="checkbox">
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} /> {t("leads.overdue")}
          </label>
        )}
        {vendor && (
          <label className="checkbox">
            <input type="checkbox" name="attention" value="1" defaultChecked={query.attention} /> {t("leads.attention")}
          </label>
        )}
      </FilterBar>
      {vendor && (
        <Form method="post" id="bulk" className="bulk-bar">
          <input type="hidden" name="back" value={location.search} />
          <strong>{t("leads.bulkTitle")}:</strong>
          <PartnerPicker
            name="partner"
            label={t("leads.assignTo")}
            labelHidden
            placeholder={`${t("leads.assignTo")}…`}
            defaultValue={actionData?.values.partner}
            error={assignError ? message(assignError) : undefined}
          />
          <button type="submit" name="intent" value="assign" className="button">
            {t("leads.assign")}
          </button>
          <button type="submit" name="intent" value="route" className="button button-primary">
            {t("leads.route")}
          </button>
        </Form>
      )}
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={
          vendor
            ? ["company", "status", "offer_expires_at", "estimated_value", "country", "created_at"]
            : ["company", "status", "offer_expires_at", "created_at"]
        }
        caption={t("leads.title")}
        rowKey={(r) => r.id}
        totalIsLowerBound={totalIsLowerBound}
      />
    </>
  );
}
