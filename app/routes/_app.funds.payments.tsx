import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { readId } from "~/lib/list-query";
import { now } from "~/lib/clock.server";
import { type FieldErrors } from "~/lib/forms";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { addAmounts } from "~/lib/money";
import { payableClaims, paymentFormSchema, recordPayment } from "~/modules/funds/payments.server";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { formatMoney } from "~/lib/format";
import { PageHeader } from "~/components/Page";
import { FormErrorSummary, TextField } from "~/components/fields";
import { ActionNotice, Money } from "~/components/FundBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Fund payments · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.fundsAdmin);
  const partnerId = readId(new URL(request.url).searchParams, "partner");
  const db = getDb();
  const all = await payableClaims(db, scope);
  const partners = [...new Map(all.map((c) => [c.partner_id, { id: c.partner_id, name: c.partner_name, total: "0.00", count: 0 }])).values()].map((p) => {
    const own = all.filter((c) => c.partner_id === p.id);
    return { ...p, count: own.length, total: addAmounts("0.00", ...own.map((c) => c.approved_amount ?? "0.00")) };
  });
  const claims = partnerId ? all.filter((c) => c.partner_id === partnerId) : [];
  return { partners, claims, partnerId, today: now().toISOString().slice(0, 10) };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.fundsAdmin, lists: ["claimIds"] },
    parsedIntent(
      paymentFormSchema,
      async ({ db, scope, actor }, payment) => {
        await recordPayment(db, scope, actor, payment);
        return redirect(`/funds/payments?notice=paid`);
      },
      ["claimIds"],
    ),
  );
}

export default function FundPayments() {
  const { partners, claims, partnerId, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const picked = new Set(actionData ? actionData.lists.claimIds?.map(Number) : claims.map((c) => c.id));
  const currency = claims[0]?.currency ?? "USD";
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={t("funds.payments")} subtitle={t("funds.paymentsIntro")} actions={<Link to="/funds">← {t("funds.title")}</Link>} />
      <ActionNotice notice={params.get("notice")} />
      <section className="card">
        <h2>{t("funds.partnersToPay")}</h2>
        {partners.length === 0 ? (
          <p className="muted">{t("funds.nothingToPay")}</p>
        ) : (
          <ul className="plain-list">
            {partners.map((p) => (
              <li key={p.id}>
                <Link to={`/funds/payments?partner=${p.id}`} aria-current={p.id === partnerId ? "page" : undefined}>
                  {p.name}
                </Link>{" "}
                · {t("funds.claimsWaiting", { count: p.count })} · <Money amount={p.total} currency={currency} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {claims.length > 0 && (
        <Form method="post" className="card" noValidate>
          <h2>{t("funds.recordPayment")}</h2>
          <FormErrorSummary errors={errors} />
          <input type="hidden" name="partnerId" value={partnerId ?? ""} />
          <fieldset className={`table-scroll${errors.claimIds ? " field-invalid" : ""}`}>
            <legend>{t("funds.claimsToSettle")}</legend>
            <table className="data-table">
              <thead>
                <tr>
                  <th />
                  <th>{t("funds.claim")}</th>
                  <th>{t("funds.fund")}</th>
                  <th className="num">{t("funds.approved")}</th>
                </tr>
              </thead>
              <tbody>
                {claims.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <input type="checkbox" name="claimIds" value={c.id} defaultChecked={picked.has(c.id)} aria-label={`${t("funds.claim")} #${c.id}`} />
                    </td>
                    <td>
                      <Link to={`/funds/claims/${c.id}`}>#{c.id}</Link> · {t(`funds.activity.${c.activity_type}`)}{" "}
                      <span className="muted small">{c.description.slice(0, 60)}</span>
                    </td>
                    <td>
                      {t(`funds.kind.${c.kind}`)} · {c.quarter}
                    </td>
                    <td className="num">
                      <Money amount={c.approved_amount} currency={c.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {errors.claimIds && (
              <p className="field-error" role="alert">
                {message(errors.claimIds)}
              </p>
            )}
          </fieldset>
          <div className="form-grid narrow">
            <TextField name="reference" label={t("funds.paymentReference")} required defaultValue={values.reference} error={errors.reference} />
            <TextField name="paidOn" label={t("funds.paidOn")} type="date" required defaultValue={values.paidOn ?? today} error={errors.paidOn} />
            <TextField
              name="amount"
              label={t("funds.paymentAmount", { currency })}
              required
              inputMode="decimal"
              defaultValue={values.amount ?? addAmounts("0.00", ...claims.map((c) => c.approved_amount ?? "0.00"))}
              error={errors.amount ? message(errors.amount, { total: formatMoney(errors.total ?? "0.00", currency, locale) }) : undefined}
              hint={t("funds.paymentAmountHint")}
            />
            <div className="form-actions">
              <button type="submit" className="button button-primary">
                {t("funds.recordPayment")}
              </button>
            </div>
          </div>
        </Form>
      )}
    </>
  );
}
