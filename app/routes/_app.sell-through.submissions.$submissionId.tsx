import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { ValidationError } from "~/lib/forms";
import { parsedIntent, rowAction, type RowActionInput } from "~/lib/row-action.server";
import { getSubmission, inspectSubmissionFile } from "~/modules/sell-through/read.server";
import {
  UNKNOWN_NAMES_LISTS,
  chooseLayout,
  layoutFormSchema,
  mapUnknownNames,
  proposeMapping,
  readMapping,
  startCheck,
  unknownNames,
  unknownNamesFormSchema,
} from "~/modules/sell-through/submissions.server";
import { findPartnerChoice } from "~/modules/partners/picker.server";
import { PartnerPicker } from "~/components/PartnerPicker";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { productNamesBySku } from "~/modules/sell-through/catalogue.server";
import { findUnusualMonth, submissionFlags } from "~/modules/sell-through/unusual-months.server";
import { UnusualMonthFlag, UnusualMonthQuestion } from "~/components/UnusualMonth";
import { REJECTS_SHOWN, REQUIRED_FIELDS, SALES_FIELDS } from "~/modules/sell-through/fields";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { formatNumber } from "~/lib/format";
import { Notice, PageHeader } from "~/components/Page";
import { ProgressBar, SubmissionStatusBadge } from "~/components/SellThroughBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Sell-through ${data?.submission.period ?? ""} · Partner Portal` },
  // Without JavaScript the page reloads itself while the file is being checked.
  ...(data?.submission.status === "processing" ? [{ httpEquiv: "refresh", content: "3" } as const] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  const view = await getSubmission(getDb(), scope, idParam(params.submissionId));
  // The mapping step shows the file's header and first rows again, read from the stored file.
  const preview = view.submission.status === "received" ? await inspectSubmissionFile(getDb(), scope, view.submission.id) : null;
  const header = preview?.ok ? preview.header : [];
  const checked = view.submission.status === "checked";
  const [unknown, products] = await Promise.all([
    checked ? unknownNames(getDb(), view.submission.id) : { skus: [], resellers: [] },
    checked ? getDb().selectFrom("products").select(["id", "sku", "name"]).where("active", "=", 1).orderBy("sku").execute() : [],
  ]);
  const flags = await submissionFlags(getDb(), scope, [view.submission.id]);
  const proposed = view.mapping ?? (await proposeMapping(getDb(), view.submission.distributor_id, header));
  const sample = preview?.ok ? preview.sample.slice(0, 5) : [];
  // The first rows show what their SKUs are, as the proposed mapping reads them.
  const skuColumn = proposed.sku;
  const productNames =
    skuColumn === null
      ? {}
      : await productNamesBySku(
          getDb(),
          view.submission.distributor_id,
          sample.map((row) => row[skuColumn] ?? ""),
        );
  // "Is this right?" lives in the address, so a reload (the checking page refreshes itself) keeps asking.
  const question = checked && new URL(request.url).searchParams.get("unusual") === "1" ? await findUnusualMonth(getDb(), view.submission) : null;
  return {
    ...view,
    unusual: flags.get(view.submission.id) ?? null,
    question,
    unknown,
    products,
    header,
    sample,
    productNames,
    // Where the table starts, to pick another worksheet or header row from.
    layout: preview?.ok
      ? {
          sheet: preview.format.sheet ?? null,
          sheets: preview.sheets,
          headerRow: preview.format.headerRow ?? null,
          top: preview.top.map((row) => ({ rowNumber: row.rowNumber, cells: row.cells.filter((cell) => cell.trim() !== "").slice(0, 6) })),
        }
      : null,
    proposed,
    canReport: (ROUTE_ROLES.sellThroughReport as readonly string[]).includes(user.role),
  };
}

export async function action(args: ActionFunctionArgs) {
  return rowAction(
    args,
    { roles: ROUTE_ROLES.sellThroughReport, param: "submissionId", find: getSubmission },
    {
      map: async ({ db, scope, actor, id, form }) => {
        const inspected = await inspectSubmissionFile(db, scope, id);
        if (!inspected?.ok) throw new ValidationError({ form: "sellThrough.errors.notMappable" });
        await startCheck(db, scope, actor, id, readMapping(form, inspected.header.length), inspected.header);
        return redirect(`/sell-through/submissions/${id}`);
      },
      layout: parsedIntent(layoutFormSchema, async ({ db, scope, id }: RowActionInput, { sheet, headerRow }) => {
        const preview = await inspectSubmissionFile(db, scope, id);
        // The rows offered belong to the sheet shown: on another sheet the header is found afresh.
        const sameSheet = !sheet || (preview?.ok && preview.format.sheet === sheet);
        await chooseLayout(db, scope, id, { sheet, headerRow: sameSheet ? headerRow : null });
        return redirect(`/sell-through/submissions/${id}`);
      }),
      names: parsedIntent(
        unknownNamesFormSchema,
        async ({ db, scope, actor, id }: RowActionInput, { skus, resellerChoices, directSales }) => {
          const resellers: Record<string, number> = {};
          for (const { alias, choice } of resellerChoices) {
            const partner = await findPartnerChoice(db, scope, choice);
            if (!partner) throw new ValidationError({ form: "sellThrough.errors.unknownResellerChoice" });
            resellers[alias] = partner.id;
          }
          await mapUnknownNames(db, scope, actor, id, { skus, resellers, directSales });
          return redirect(`/sell-through/submissions/${id}`);
        },
        UNKNOWN_NAMES_LISTS,
      ),
      commit: async ({ db, scope, actor, id, text }) => {
        try {
          await commitSubmission(db, scope, actor, id, { confirmUnusual: text("confirmUnusual") === "yes" });
        } catch (error) {
          // An unusual month is asked about on the page, not refused.
          if (error instanceof ValidationError && error.errors.confirmUnusual) return redirect(`/sell-through/submissions/${id}?unusual=1`);
          throw error;
        }
        return redirect(`/sell-through/submissions/${id}?committed=1`);
      },
    },
  );
}

export default function SubmissionPage() {
  const { submission, rejects, leftOut, header, sample, productNames, layout, proposed, canReport, unknown, products, unusual, question } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const processing = submission.status === "processing";
  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [processing, revalidator]);
  const n = (value: number) => formatNumber(value, locale);

  return (
    <>
      <PageHeader
        title={t("sellThrough.submissionTitle", { period: submission.period, distributor: submission.distributor_name })}
        subtitle={
          <>
            <SubmissionStatusBadge status={submission.status} /> {submission.file_name ?? t(`sellThrough.source.${submission.source}`)}
          </>
        }
        actions={
          <>
            {submission.has_file && (
              <a className="button" href={`/sell-through/submissions/${submission.id}/file`} download>
                {t("sellThrough.downloadFile")}
              </a>
            )}
            <Link to="/sell-through">← {t("sellThrough.title")}</Link>
          </>
        }
      />
      {errors.form && <Notice tone="error">{message(errors.form)}</Notice>}
      {submission.status === "failed" && (
        <Notice tone="error">
          {message(`sellThrough.fileProblems.${submission.problem_code ?? "unreadable"}`)}
          {submission.problem_detail ? ` (${submission.problem_detail})` : ""}
        </Notice>
      )}

      {submission.status === "received" && canReport && layout && (
        <section className="card">
          <h2>{t("sellThrough.layoutTitle")}</h2>
          <p className="muted">{t("sellThrough.layoutIntro", { row: layout.headerRow ?? 1 })}</p>
          <Form method="post" className="form-grid">
            <input type="hidden" name="intent" value="layout" />
            {layout.sheets.length > 1 && (
              <div className="field">
                <label htmlFor="layout-sheet">{t("sellThrough.layoutSheet")}</label>
                <select id="layout-sheet" name="sheet" defaultValue={layout.sheet ?? ""}>
                  {layout.sheets.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className={`field${errors.headerRow ? " field-invalid" : ""}`}>
              <label htmlFor="layout-row">{t("sellThrough.layoutHeaderRow")}</label>
              <select id="layout-row" name="headerRow" defaultValue={layout.headerRow ?? ""} aria-invalid={errors.headerRow ? true : undefined}>
                {layout.top.map((row) => (
                  <option key={row.rowNumber} value={row.rowNumber}>
                    {t("sellThrough.layoutRowOption", { row: row.rowNumber, cells: row.cells.join(" · ").slice(0, 80) })}
                  </option>
                ))}
              </select>
              {errors.headerRow && <p className="field-error">{message(errors.headerRow)}</p>}
            </div>
            <div className="form-actions">
              <button type="submit" className="button">
                {t("sellThrough.layoutApply")}
              </button>
            </div>
          </Form>
        </section>
      )}

      {submission.status === "received" && canReport && (
        <section className="card">
          <h2>{t("sellThrough.mapTitle")}</h2>
          <p className="muted">{t("sellThrough.mapIntro")}</p>
          <Form method="post" className="mapping-form">
            <input type="hidden" name="intent" value="map" />
            <div className="form-grid">
              {SALES_FIELDS.map((field) => (
                <div className={`field${errors[`map-${field}`] ? " field-invalid" : ""}`} key={field}>
                  <label htmlFor={`map-${field}`}>
                    {t(`salesField.${field}`)}
                    {!REQUIRED_FIELDS.includes(field) && <span className="optional"> ({t("common.optional")})</span>}
                  </label>
                  <select id={`map-${field}`} name={`map-${field}`} defaultValue={proposed[field] ?? ""}>
                    <option value="">{t("sellThrough.notInFile")}</option>
                    {header.map((h, i) => (
                      <option key={i} value={i}>
                        {h || `#${i + 1}`}
                      </option>
                    ))}
                  </select>
                  {errors[`map-${field}`] && <p className="field-error">{message(errors[`map-${field}`])}</p>}
                </div>
              ))}
            </div>
            <h3>{t("sellThrough.firstRows")}</h3>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    {header.map((h, i) => (
                      <th key={i}>{h}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {sample.map((row, r) => (
                    <tr key={r}>
                      {header.map((_, i) => (
                        <td key={i}>
                          {row[i]}
                          {i === proposed.sku && productNames[(row[i] ?? "").trim()] && <span className="muted"> · {productNames[(row[i] ?? "").trim()]}</span>}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="form-actions">
              <button type="submit" className="button button-primary">
                {t("sellThrough.checkRows")}
              </button>
            </div>
          </Form>
        </section>
      )}

      {processing && (
        <section className="card" aria-live="polite">
          <h2>{t("sellThrough.checking")}</h2>
          <ProgressBar pct={submission.progress_pct} label={t("sellThrough.checking")} />
          <p>
            {t("sellThrough.progressCounts", { read: n(submission.rows_read), accepted: n(submission.rows_accepted), rejected: n(submission.rows_rejected) })}
          </p>
        </section>
      )}

      {["checked", "committed", "superseded"].includes(submission.status) && (
        <section className="card">
          <h2>{t("sellThrough.resultTitle")}</h2>
          <dl className="facts">
            <dt>{t("sellThrough.rowsRead")}</dt>
            <dd className="num">{n(submission.rows_read)}</dd>
            <dt>{t("sellThrough.accepted")}</dt>
            <dd className="num" data-testid="rows-accepted">
              {n(submission.rows_accepted)}
            </dd>
            <dt>{t("sellThrough.rejected")}</dt>
            <dd className="num" data-testid="rows-rejected">
              {n(submission.rows_rejected)}
            </dd>
            {submission.rows_left_out > 0 && (
              <>
                <dt>{t("sellThrough.rowsLeftOut")}</dt>
                <dd className="num" data-testid="rows-left-out">
                  {n(submission.rows_left_out)}
                </dd>
              </>
            )}
          </dl>
          {unusual && <UnusualMonthFlag flag={unusual} />}
          {submission.status === "checked" && canReport && question && (
            <UnusualMonthQuestion figures={question} commitLabel={t("sellThrough.commit", { count: n(submission.rows_accepted) })} />
          )}
          {submission.status === "checked" && canReport && !question && (
            <Form method="post" className="button-row">
              <button type="submit" name="intent" value="commit" className="button button-primary">
                {t("sellThrough.commit", { count: n(submission.rows_accepted) })}
              </button>
              <Link className="button" to="/sell-through/upload">
                {t("sellThrough.uploadAgain")}
              </Link>
            </Form>
          )}
          {submission.status === "committed" && <Notice>{t("sellThrough.committedNotice", { period: submission.period })}</Notice>}
          {submission.status === "superseded" && <Notice tone="info">{t("sellThrough.supersededNotice")}</Notice>}
        </section>
      )}

      {/* Checking again reads the stored file: lines typed or pushed are corrected by sending them again. */}
      {submission.status === "checked" && canReport && submission.has_file && (unknown.skus.length > 0 || unknown.resellers.length > 0) && (
        <section className="card">
          <h2>{t("sellThrough.namesTitle")}</h2>
          <p className="muted">{t("sellThrough.namesIntro")}</p>
          {unknown.resellers.length > 0 && <p className="muted">{t("sellThroughCatalogue.directSaleHint")}</p>}
          {unknown.skus.length > 0 && (
            <p>
              <a href="/sell-through/catalogue" target="_blank" rel="noopener">
                {t("sellThroughCatalogue.openLookup")}
              </a>
            </p>
          )}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="names" />
            {unknown.skus.map((u) => (
              <div className="field" key={`sku-${u.name}`}>
                <input type="hidden" name="skuAlias" value={u.name} />
                <label htmlFor={`sku-${u.name}`}>{t("sellThrough.unknownSkuLabel", { name: u.name, rows: u.rows })}</label>
                <select id={`sku-${u.name}`} name="skuProduct" defaultValue="">
                  <option value="">{t("sellThrough.leaveUnmapped")}</option>
                  {products.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.sku} · {p.name}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            {unknown.resellers.map((u) => (
              <div key={`reseller-${u.name}`}>
                <input type="hidden" name="resellerAlias" value={u.name} />
                <PartnerPicker
                  name="resellerPartner"
                  label={t("sellThrough.unknownResellerLabel", { name: u.name, rows: u.rows })}
                  placeholder={t("leads.partnerPlaceholder")}
                />
                <label className="checkbox">
                  <input type="checkbox" name="resellerDirect" value={u.name} /> {t("sellThroughCatalogue.directSale", { name: u.name })}
                </label>
              </div>
            ))}
            <div className="button-row">
              <button type="submit" className="button button-primary">
                {t("sellThrough.mapAndRecheck")}
              </button>
            </div>
          </Form>
        </section>
      )}

      {leftOut.length > 0 && (
        <section className="card">
          <h2>{t("sellThrough.leftOutTitle")}</h2>
          <p className="muted">
            {t("sellThrough.leftOutIntro")}
            {submission.rows_left_out > leftOut.length && <> {t("sellThrough.leftOutShown", { count: leftOut.length })}</>}
          </p>
          <div className="table-scroll">
            <table className="data-table line-table" data-testid="left-out">
              <thead>
                <tr>
                  <th className="num">{t("sellThrough.row")}</th>
                  <th>{t("sellThrough.problem")}</th>
                  <th>{t("sellThrough.value")}</th>
                </tr>
              </thead>
              <tbody>
                {leftOut.map((r) => (
                  <tr key={r.row_no}>
                    <td className="num" data-label={t("sellThrough.row")}>
                      {r.row_no}
                    </td>
                    <td data-label={t("sellThrough.problem")}>{message(r.reason)}</td>
                    <td data-label={t("sellThrough.value")}>{r.cells.join(" · ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {rejects.length > 0 && (
        <section className="card">
          <h2>{t("sellThrough.rejectedRows")}</h2>
          <p>
            <a className="button" href={`/sell-through/submissions/${submission.id}/rejects.csv`} download>
              {t("sellThrough.downloadRejects")}
            </a>
            {submission.rows_rejected > REJECTS_SHOWN && <span className="muted"> {t("sellThrough.firstRejects", { count: REJECTS_SHOWN })}</span>}
          </p>
          <div className="table-scroll">
            <table className="data-table line-table import-problems">
              <thead>
                <tr>
                  <th className="num">{t("sellThrough.row")}</th>
                  <th>{t("sellThrough.column")}</th>
                  <th>{t("sellThrough.value")}</th>
                  <th>{t("sellThrough.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {rejects.map((r) => (
                  <tr key={r.row_no}>
                    <td className="num" data-label={t("sellThrough.row")}>
                      {r.row_no}
                    </td>
                    <td data-label={t("sellThrough.column")}>{r.field ? t(`salesField.${r.field as (typeof SALES_FIELDS)[number]}`) : "—"}</td>
                    <td data-label={t("sellThrough.value")}>{r.value}</td>
                    <td data-label={t("sellThrough.problem")}>{message(r.problem)}</td>
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
