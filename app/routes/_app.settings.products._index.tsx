import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { requireAuth } from "~/lib/auth.server";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { ValidationError, type FieldErrors } from "~/lib/forms";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { readId, readPaging, readText } from "~/lib/list-query";
import {
  importProducts,
  listProductLines,
  listProducts,
  productLineSchema,
  productSchema,
  saveProduct,
  saveProductLine,
} from "~/modules/settings/products.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { ImportFileError, ImportRowErrors } from "~/components/ImportErrors";
import { formatMoney } from "~/lib/format";
import { CURRENCIES } from "~/lib/money";
import { DataTable } from "~/components/DataTable";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, SelectField, TextField, useIntentFeedback } from "~/components/fields";
import { referenceName } from "~/lib/reference-name";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Products · Partner Portal" }];

const NO_ERRORS: FieldErrors = {};

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.settings);
  const params = new URL(request.url).searchParams;
  const query = { ...readPaging(params, ["sku"] as const, "sku"), q: readText(params, "q"), productLineId: readId(params, "line") };
  const db = getDb();
  const [{ rows, total }, lines] = await Promise.all([listProducts(db, query), listProductLines(db)]);
  return { rows, total, query, lines, canEdit: user.role === "admin" };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit },
    {
      create: parsedIntent(productSchema, async ({ db, scope, actor }, product) => {
        await saveProduct(db, scope, actor, null, product);
        return redirect(`/settings/products?saved=${encodeURIComponent(product.sku)}`);
      }),
      /** Creates or renames a product line; a refusal names its line by `productLineId` (none: the new one). */
      line: parsedIntent(productLineSchema, async ({ db, scope, actor, text }, line) => {
        const lineId = /^\d+$/.test(text("productLineId")) ? Number(text("productLineId")) : null;
        await saveProductLine(db, scope, actor, lineId, line);
        return redirect("/settings/products?lineSaved=1#product-lines");
      }),
      import: async ({ db, scope, actor, form }) => {
        const upload = await readCsvUpload(form);
        if (!upload.ok) throw new ValidationError({ file: upload.error });
        const result = await importProducts(db, scope, actor, upload.text);
        if (result.ok) return redirect(`/settings/products?imported=${result.created}-${result.updated}`);
        if (result.fileError) throw new ValidationError({ file: result.fileError });
        return data({ intent: "import", rowErrors: result.rowErrors }, { status: 400 });
      },
    },
  );
}

function ProductLineForm({ lineId, values, errors }: { lineId: number | null; values: Record<string, string>; errors: FieldErrors }) {
  const t = useT();
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="line" />
      {lineId !== null && <input type="hidden" name="productLineId" value={lineId} />}
      <FormErrorSummary errors={errors} />
      <TextField name="code" label={t("common.code")} required defaultValue={values.code} error={errors.code} />
      <TextField name="name" label={t("referenceNames.nameEn")} required defaultValue={values.name} error={errors.name} />
      <TextField name="nameZh" label={t("referenceNames.nameZh")} defaultValue={values.nameZh} error={errors.nameZh} hint={t("referenceNames.nameZhHint")} />
      <button type="submit" className="button">
        {lineId === null ? t("common.create") : t("common.save")}
      </button>
    </Form>
  );
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];
const column = createColumnHelper<Row>();

export default function Products() {
  const { rows, total, query, lines, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor("sku", {
        header: t("products.sku"),
        cell: (c) => (canEdit ? <Link to={`/settings/products/${c.row.original.id}`}>{c.getValue()}</Link> : c.getValue()),
      }),
      column.accessor("name", { header: t("products.name") }),
      column.accessor("product_line_name", {
        header: t("products.line"),
        cell: (c) => referenceName(locale, { name: c.getValue(), name_zh: c.row.original.product_line_name_zh }),
      }),
      column.accessor("list_price", {
        header: t("products.listPrice"),
        cell: (c) => <span className="num">{formatMoney(c.getValue(), c.row.original.currency, locale)}</span>,
      }),
      column.accessor("active", {
        header: t("common.status"),
        cell: (c) => (c.getValue() ? <Badge tone="active">{t("products.active")}</Badge> : <Badge tone="suspended">{t("products.inactive")}</Badge>),
      }),
    ],
    [t, locale, canEdit],
  );
  const imported = params.get("imported")?.split("-");
  const feedback = useIntentFeedback();
  const { errors, values } = feedback("create");
  const lineFeedback = feedback("line");
  const failedLine = (key: string) => (actionData?.intent === "line" && (lineFeedback.values.productLineId || "new") === key ? lineFeedback : undefined);
  const fileError = feedback("import").errors.file;
  const rowErrors = actionData && "rowErrors" in actionData ? actionData.rowErrors : [];
  return (
    <>
      <PageHeader title={t("products.title")} />
      {params.get("saved") && <Notice>{t("products.saved")}</Notice>}
      {params.get("lineSaved") && <Notice>{t("productLines.saved")}</Notice>}
      {imported && <Notice>{t("products.imported", { created: imported[0], updated: imported[1] ?? "0" })}</Notice>}
      <FilterBar clearTo="/settings/products">
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("products.searchPlaceholder")} />
        <FilterSelect
          name="line"
          label={t("products.line")}
          value={query.productLineId}
          options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
        />
      </FilterBar>
      <DataTable columns={columns} rows={rows} total={total} paging={query} caption={t("products.title")} rowKey={(r) => r.id} />
      {canEdit && (
        <div className="detail-grid">
          <section className="card">
            <h2>{t("products.new")}</h2>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="create" />
              <FormErrorSummary errors={errors} />
              <TextField name="sku" label={t("products.sku")} required defaultValue={values.sku} error={errors.sku} />
              <TextField name="name" label={t("products.name")} required defaultValue={values.name} error={errors.name} />
              <SelectField
                name="productLineId"
                label={t("products.line")}
                required
                defaultValue={values.productLineId}
                error={errors.productLineId}
                emptyLabel=""
                options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
              />
              <TextField
                name="listPrice"
                label={t("products.listPrice")}
                required
                inputMode="decimal"
                defaultValue={values.listPrice}
                error={errors.listPrice}
              />
              <SelectField
                name="currency"
                label={t("products.currency")}
                required
                defaultValue={values.currency ?? "USD"}
                error={errors.currency}
                options={CURRENCIES.map((c) => ({ value: c, label: c }))}
              />
              <input type="hidden" name="active" value="on" />
              <button type="submit" className="button button-primary">
                {t("common.create")}
              </button>
            </Form>
          </section>
          <section className="card">
            <h2>{t("products.import")}</h2>
            <p className="hint">{t("products.importHint")}</p>
            <Form method="post" encType="multipart/form-data" className="stack">
              <input type="hidden" name="intent" value="import" />
              <div className={`field${fileError ? " field-invalid" : ""}`}>
                <label htmlFor="f-file">CSV</label>
                <input id="f-file" type="file" name="file" accept=".csv,text/csv" />
                <ImportFileError error={fileError} />
              </div>
              <button type="submit" className="button">
                {t("products.import")}
              </button>
            </Form>
            <ImportRowErrors title={t("products.importFailed")} rows={rowErrors} />
          </section>
        </div>
      )}
      <section id="product-lines" aria-labelledby="product-lines-title">
        <h2 id="product-lines-title">{t("productLines.title")}</h2>
        <p className="hint">{t("productLines.intro")}</p>
        <div className="cards">
          {lines.map((line) => (
            <section className="card" key={line.id}>
              <h3>
                {referenceName(locale, line)} <span className="muted">({line.code})</span>
              </h3>
              {canEdit && (
                <ProductLineForm
                  lineId={line.id}
                  values={failedLine(String(line.id))?.values ?? { code: line.code, name: line.name, nameZh: line.name_zh ?? "" }}
                  errors={failedLine(String(line.id))?.errors ?? NO_ERRORS}
                />
              )}
            </section>
          ))}
          {canEdit && (
            <section className="card">
              <h3>{t("productLines.new")}</h3>
              <ProductLineForm lineId={null} values={failedLine("new")?.values ?? {}} errors={failedLine("new")?.errors ?? NO_ERRORS} />
            </section>
          )}
        </div>
      </section>
    </>
  );
}
