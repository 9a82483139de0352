import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/lib/db.server";
import { clientIp } from "~/lib/http.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { answerInfoRequest, findInfoRequest } from "~/modules/applications/apply.server";
import { replySchema } from "~/modules/applications/schemas";
import { useT } from "~/lib/i18n-react";
import { AuthCard } from "~/components/AuthCard";
import { TextAreaField } from "~/components/fields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Your application · Partner Portal" }, { name: "referrer", content: "no-referrer" }];

// The token in the URL is the applicant's only credential: it names one application's open
// question, and stops working once answered or after 14 days.
export async function loader({ params }: LoaderFunctionArgs) {
  const request = await findInfoRequest(getDb(), params.token ?? "");
  if (!request) return data({ valid: false as const }, { status: 410 });
  return { valid: true as const, company: request.companyName, question: request.question };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(replySchema, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, answer: String(parsed.values.answer ?? "") }, { status: 400 });
  const answered = await answerInfoRequest(getDb(), params.token ?? "", parsed.data.answer, clientIp(request));
  if (!answered) return data({ errors: { form: "applications.reply.invalid" } as FieldErrors, answer: "" }, { status: 410 });
  // The link is spent: its own page would only say so, so the thanks are on the application page.
  return redirect("/apply?answered=1");
}

export default function ApplyReply() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  if (!loaderData.valid || actionData?.errors.form) {
    return (
      <AuthCard title={t("applications.reply.invalidTitle")}>
        <div className="alert alert-error">{t("applications.reply.invalid")}</div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("applications.reply.title")} intro={t("applications.reply.intro", { company: loaderData.company })}>
      <Form method="post" className="stack" noValidate>
        <div>
          <strong>{t("applications.reply.question")}</strong>
          <p className="event-text">{loaderData.question}</p>
        </div>
        <TextAreaField
          name="answer"
          label={t("applications.reply.answer")}
          required
          rows={6}
          maxLength={2000}
          defaultValue={actionData?.answer}
          error={actionData?.errors.answer}
        />
        <button type="submit" className="button button-primary">
          {t("applications.reply.submit")}
        </button>
      </Form>
    </AuthCard>
  );
}
