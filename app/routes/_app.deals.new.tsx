import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { forbidden } from "~/lib/http.server";
import { CURRENCIES } from "~/lib/money";
import { now } from "~/lib/clock.server";
import { leadFilter } from "~/lib/scope.server";
import { formAction } from "~/lib/row-action.server";
import { answerDealForm, dealFormChoices } from "~/modules/deals/form.server";
import { useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { DealForm, postedLines } from "~/components/DealForm";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Register a deal · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.dealsPartner);
  if (scope.kind !== "partner") forbidden();
  const db = getDb();
  const choices = await dealFormChoices(db, scope);
  // A converted lead opens the form filled in with what the lead already says.
  const leadId = Number(new URL(request.url).searchParams.get("lead"));
  const lead =
    Number.isInteger(leadId) && leadId > 0
      ? await db
          .selectFrom("leads")
          .select(["id", "company", "company_domain", "country", "currency", "notes"])
          .where("id", "=", leadId)
          .where(leadFilter(scope))
          .executeTakeFirst()
      : undefined;
  const close = new Date(now().getTime() + 60 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const values: Record<string, string> = {
    currency: lead?.currency ?? choices.currency,
    expectedCloseDate: close,
    fulfillingPartnerId: choices.parentDistributorId ? String(choices.parentDistributorId) : "",
    ...(lead
      ? {
          customerName: lead.company,
          customerDomain: lead.company_domain,
          customerCountry: lead.country,
          name: `${lead.company} — `,
          sourceLeadId: String(lead.id),
        }
      : {}),
  };
  return { ...choices, values };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, { roles: ROUTE_ROLES.dealsPartner }, { draft: answerDealForm, submit: answerDealForm });
}

export default function NewDeal() {
  const { products, distributors, rates, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const posted = actionData?.values as Record<string, string> | undefined;
  return (
    <>
      <PageHeader title={t("deals.new")} subtitle={t("deals.newIntro")} />
      <DealForm
        key={actionData ? "posted" : "fresh"}
        values={posted ?? values}
        errors={actionData?.errors}
        lines={actionData ? postedLines(actionData.values) : []}
        products={products}
        rates={rates}
        distributors={distributors}
        currencies={CURRENCIES}
        submitLabel={t("deals.submit")}
      />
    </>
  );
}
