import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { rowAction, parsedIntent, type RowActionInput } from "~/lib/row-action.server";
import { getProduct, listProductLines, productSchema, saveProduct } from "~/modules/settings/products.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { CURRENCIES } from "~/lib/money";
import { PageHeader } from "~/components/Page";
import { FormErrorSummary, SelectField, TextField } from "~/components/fields";
import { referenceName } from "~/lib/reference-name";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Edit product · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.settingsEdit);
  const db = getDb();
  const [product, lines] = await Promise.all([getProduct(db, idParam(params.productId)), listProductLines(db)]);
  return { product, lines };
}

export async function action(args: ActionFunctionArgs) {
  return rowAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit, param: "productId", find: (db, _scope, id) => getProduct(db, id) },
    {
      save: parsedIntent(productSchema, async ({ db, scope, actor, id }: RowActionInput, product) => {
        await saveProduct(db, scope, actor, id, product);
        return redirect(`/settings/products?saved=${encodeURIComponent(product.sku)}`);
      }),
    },
  );
}

export default function EditProduct() {
  const { product, lines } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const values = (actionData?.values ?? {
    sku: product.sku,
    name: product.name,
    productLineId: String(product.product_line_id),
    listPrice: product.list_price,
    currency: product.currency,
    active: product.active ? "on" : "",
  }) as Record<string, string>;
  const errors = actionData?.errors ?? {};
  return (
    <>
      <PageHeader title={t("products.editTitle", { sku: product.sku })} actions={<Link to="/settings/products">← {t("products.title")}</Link>} />
      <Form method="post" className="form-grid narrow" noValidate>
        <FormErrorSummary errors={errors} />
        <TextField name="sku" label={t("products.sku")} required defaultValue={values.sku} error={errors.sku} />
        <TextField name="name" label={t("products.name")} required defaultValue={values.name} error={errors.name} />
        <SelectField
          name="productLineId"
          label={t("products.line")}
          required
          defaultValue={values.productLineId}
          error={errors.productLineId}
          options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
        />
        <TextField name="listPrice" label={t("products.listPrice")} required inputMode="decimal" defaultValue={values.listPrice} error={errors.listPrice} />
        <SelectField
          name="currency"
          label={t("products.currency")}
          required
          defaultValue={values.currency}
          error={errors.currency}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
        <label className="checkbox">
          <input type="checkbox" name="active" defaultChecked={values.active === "on"} /> {t("products.active")}
        </label>
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button button-primary">
            {t("common.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
