import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { forbidden, idParam } from "~/lib/http.server";
import { CURRENCIES } from "~/lib/money";
import { getDeal } from "~/modules/deals/read.server";
import { rowAction, type RowActionInput } from "~/lib/row-action.server";
import { answerDealForm, dealFormChoices } from "~/modules/deals/form.server";
import { useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { DealForm, postedLines } from "~/components/DealForm";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Edit registration · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.dealsPartner);
  const db = getDb();
  const { deal, lines } = await getDeal(db, scope, idParam(params.dealId));
  if (scope.kind !== "partner" || deal.partner_id !== scope.partnerId || (deal.status !== "draft" && deal.status !== "more_info")) forbidden();
  const choices = await dealFormChoices(db, scope);
  const values: Record<string, string> = {
    name: deal.name,
    customerName: deal.customer_name,
    customerDomain: deal.customer_domain,
    customerCountry: deal.customer_country,
    currency: deal.currency,
    expectedCloseDate: deal.expected_close_date,
    competitors: deal.competitors,
    notes: deal.notes ?? "",
    fulfillingPartnerId: deal.fulfilling_partner_id ? String(deal.fulfilling_partner_id) : "",
    sourceLeadId: deal.source_lead_id ? String(deal.source_lead_id) : "",
  };
  return { ...choices, id: deal.id, values, lines: lines.map((l) => ({ product: String(l.product_id), quantity: String(l.quantity), price: l.unit_price })) };
}

export async function action(args: ActionFunctionArgs) {
  const save = (input: RowActionInput) => answerDealForm(input, input.id);
  return rowAction(args, { roles: ROUTE_ROLES.dealsPartner, param: "dealId", find: getDeal }, { draft: save, submit: save });
}

export default function EditDeal() {
  const { products, distributors, rates, values, lines, id } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("deals.editTitle", { id })} />
      <DealForm
        key={actionData ? "posted" : "saved"}
        values={(actionData?.values as Record<string, string> | undefined) ?? values}
        errors={actionData?.errors}
        lines={actionData ? postedLines(actionData.values) : lines}
        products={products}
        rates={rates}
        distributors={distributors}
        currencies={CURRENCIES}
        submitLabel={t("deals.submit")}
      />
    </>
  );
}
