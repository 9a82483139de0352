import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { activeCertifications } from "~/modules/certifications/catalogue.server";
import { readAwardQuery, listAwards, uploadableUsers, uploadCertificate, uploadSchema } from "~/modules/certifications/awards.server";
import { AWARD_FILTER_STATES } from "~/modules/certifications/constants";
import { readCertificateForm } from "~/modules/certifications/uploads.server";
import { partnerCertifiedLines } from "~/modules/certifications/held.server";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { referenceName } from "~/lib/reference-name";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, SelectField, TextField, useIntentFeedback } from "~/components/fields";
import { AwardStateBadge, Day } from "~/components/CertificationBits";
import { isVendor } from "~/lib/scope.server";
import type { CheckedProof } from "~/modules/funds/claims.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Certifications · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.certifications);
  const db = getDb();
  const query = readAwardQuery(new URL(request.url).searchParams);
  const vendor = isVendor(scope);
  const [list, pending, users, certifications, certifiedLines] = await Promise.all([
    listAwards(db, scope, query),
    vendor ? listAwards(db, scope, { ...query, q: "", state: "pending", sort: "created_at", dir: "asc", page: 1, pageSize: 100 }) : null,
    uploadableUsers(db, scope),
    vendor ? [] : activeCertifications(db),
    scope.kind === "partner" ? partnerCertifiedLines(db, scope.partnerId) : [],
  ]);
  return { ...list, query, vendor, pending: pending?.rows ?? [], users, certifications, certifiedLines, canImport: vendor };
}

export async function action(args: ActionFunctionArgs) {
  return formAction<CheckedProof>(
    args,
    { roles: ROUTE_ROLES.certificationsPartner, upload: readCertificateForm },
    {
      upload: parsedIntent(uploadSchema, async ({ db, scope, actor, files }, input) => {
        const id = await uploadCertificate(db, scope, actor, input, files[0]);
        return redirect(`/certifications/${id}?notice=uploaded`);
      }),
    },
  );
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];
const column = createColumnHelper<Row>();

function useAwardColumns(vendor: boolean) {
  const t = useT();
  const locale = useLocale();
  return useMemo(
    () => [
      column.accessor("id", { header: "#", cell: (c) => <Link to={`/certifications/${c.getValue()}`}>#{c.getValue()}</Link> }),
      column.accessor("user_name", { header: t("certifications.person") }),
      ...(vendor ? [column.accessor("partner_name", { header: t("certifications.partner") })] : []),
      column.accessor("code", {
        header: t("certifications.certification"),
        cell: (c) => (
          <>
            <strong>{c.getValue()}</strong> {referenceName(locale, { name: c.row.original.name, name_zh: c.row.original.name_zh })}
          </>
        ),
      }),
      column.accessor("product_line_name", {
        header: t("certifications.productLine"),
        cell: (c) => (c.getValue() ? referenceName(locale, { name: c.getValue()!, name_zh: c.row.original.product_line_name_zh }) : "—"),
      }),
      column.accessor("state", { header: t("common.status"), cell: (c) => <AwardStateBadge state={c.getValue()} expiresSoon={c.row.original.expiresSoon} /> }),
      column.accessor("earned_on", { header: t("certifications.earnedOn"), cell: (c) => <Day day={c.getValue()} /> }),
      column.accessor("expires_on", { header: t("certifications.expiresOn"), cell: (c) => <Day day={c.getValue()} /> }),
    ],
    [t, locale, vendor],
  );
}

export default function Certifications() {
  const { rows, total, query, vendor, pending, users, certifications, certifiedLines, canImport } = useLoaderData<typeof loader>();
  const feedback = useIntentFeedback()("upload");
  const [params] = useSearchParams();
  const location = useLocation();
  const t = useT();
  const locale = useLocale();
  const columns = useAwardColumns(vendor);
  return (
    <>
      <PageHeader
        title={t("certifications.title")}
        subtitle={vendor ? t("certifications.vendorIntro") : t("certifications.partnerIntro")}
        actions={
          <>
            {canImport && (
              <Link className="button" to="/certifications/import">
                {t("certifications.importTitle")}
              </Link>
            )}{" "}
            <a className="button" href={`/certifications.csv${location.search}`} download>
              {t("common.exportCsv")}
            </a>
          </>
        }
      />
      {params.get("imported") && (
        <Notice>{t("certifications.importDone", { imported: params.get("imported")!, unchanged: params.get("unchanged") ?? "0" })}</Notice>
      )}
      {vendor && (
        <section className="card" aria-labelledby="pending-title">
          <h2 id="pending-title">{t("certifications.queueTitle", { count: pending.length })}</h2>
          {pending.length === 0 ? (
            <p className="muted">{t("certifications.queueEmpty")}</p>
          ) : (
            <ul className="plain-list" data-testid="pending-awards">
              {pending.map((a) => (
                <li key={a.id}>
                  <Link to={`/certifications/${a.id}`}>
                    #{a.id} · {a.partner_name} · {a.user_name} · <strong>{a.code}</strong>
                  </Link>{" "}
                  <span className="muted">
                    · {t("certifications.earnedOn")} <Day day={a.earned_on} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {!vendor && (
        <div className="detail-grid">
          <section className="card" aria-labelledby="lines-title">
            <h2 id="lines-title">{t("certifications.certifiedLines")}</h2>
            <p className="hint">{t("certifications.certifiedLinesHint")}</p>
            {certifiedLines.length === 0 ? (
              <p className="muted">{t("certifications.noCertifiedLines")}</p>
            ) : (
              <ul className="plain-list" data-testid="certified-lines">
                {certifiedLines.map((line) => (
                  <li key={line.id}>✓ {referenceName(locale, line)}</li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="upload-title">
            <h2 id="upload-title">{t("certifications.uploadTitle")}</h2>
            <p className="hint">{t("certifications.uploadHint")}</p>
            <Form method="post" encType="multipart/form-data" className="stack" noValidate>
              <input type="hidden" name="intent" value="upload" />
              <FormErrorSummary errors={feedback.errors} />
              <SelectField
                name="userId"
                label={t("certifications.person")}
                required
                defaultValue={feedback.values.userId ?? (users.length === 1 ? users[0].id : "")}
                error={feedback.errors.userId}
                emptyLabel={users.length === 1 ? undefined : ""}
                options={users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
              />
              <SelectField
                name="certificationId"
                label={t("certifications.certification")}
                required
                defaultValue={feedback.values.certificationId}
                error={feedback.errors.certificationId}
                emptyLabel=""
                options={certifications.map((c) => ({ value: c.id, label: `${c.code} · ${referenceName(locale, c)}` }))}
              />
              <TextField
                name="earnedOn"
                type="date"
                label={t("certifications.earnedOn")}
                required
                defaultValue={feedback.values.earnedOn}
                error={feedback.errors.earnedOn}
              />
              <div className={`field${feedback.errors.certificate ? " field-invalid" : ""}`}>
                <label htmlFor="f-certificate">{t("certifications.file")}</label>
                <input
                  id="f-certificate"
                  type="file"
                  name="certificate"
                  accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                  aria-describedby={feedback.errors.certificate ? "f-certificate-error" : "f-certificate-hint"}
                />
                {feedback.errors.certificate ? (
                  <CertificateError error={feedback.errors.certificate} />
                ) : (
                  <p className="hint" id="f-certificate-hint">
                    {t("certifications.fileHint")}
                  </p>
                )}
              </div>
              <button type="submit" className="button button-primary">
                {t("certifications.upload")}
              </button>
            </Form>
          </section>
        </div>
      )}
      <h2>{t("certifications.awards")}</h2>
      <FilterBar clearTo="/certifications">
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("certifications.searchPlaceholder")} />
        <FilterSelect
          name="state"
          label={t("common.status")}
          value={query.state}
          options={AWARD_FILTER_STATES.map((s) => ({ value: s, label: t(`certifications.filter.${s}`) }))}
        />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["user_name", "code", "earned_on", "expires_on"]}
        caption={t("certifications.awards")}
        rowKey={(r) => r.id}
        emptyText={t("certifications.noAwards")}
      />
    </>
  );
}

function CertificateError({ error }: { error: string }) {
  const message = useMessage();
  return (
    <p className="field-error" id="f-certificate-error" role="alert">
      {message(error)}
    </p>
  );
}
