import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { forbidden } from "~/lib/http.server";
import { CURRENCIES } from "~/lib/money";
import { now } from "~/lib/clock.server";
import { leadFilter } from "~/lib/scope.server";
import { dealFormChoices, saveDealForm } from "~/modules/deals/form.server";
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

export async function action({ request }: ActionFunctionArgs) {
  const { scope, actor } = await requireAuth(request, ROUTE_ROLES.dealsPartner);
  const outcome = await saveDealForm(getDb(), scope, actor, await request.formData());
  if (!outcome.ok) return data({ errors: outcome.errors, values: outcome.values }, { status: 400 });
  return redirect(`/deals/${outcome.id}?${outcome.submitted ? (outcome.conflict ? "submitted=conflict" : "submitted=1") : "saved=1"}`);
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
