import { data, redirect, unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { ValidationError } from "~/lib/forms";
import { forbidden } from "~/lib/http.server";
import { FileTooLargeError, storeStream, type StoredFile } from "~/lib/storage.server";
import { receiveFile } from "~/modules/sell-through/submissions.server";
import { reportingChoices } from "~/modules/sell-through/read.server";
import { useMessage, useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { FormErrorSummary } from "~/components/fields";
import { ReportFields } from "~/components/SellThroughBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, UploadHandler } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Upload sell-through · Partner Portal" }];

const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThroughReport);
  // A reseller's or agent's partner admin has nothing to report.
  if (scope.kind === "partner" && user.partnerType !== "distributor") forbidden();
  return reportingChoices(getDb(), scope);
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope, actor } = await requireAuth(request, ROUTE_ROLES.sellThroughReport);
  // The file streams to the storage directory as it arrives; it never sits whole in memory.
  // What was stored is kept here, never read back from the form: a text part named "file"
  // must not be able to name a stored file.
  let upload: { fileName: string; stored: StoredFile } | undefined;
  const storeUpload: UploadHandler = async ({ name, filename, data: content }) => {
    if (name !== "file" || !filename || upload) return undefined;
    upload = { fileName: filename, stored: await storeStream(content, "sell-through", { maxBytes: MAX_UPLOAD_BYTES }) };
    return "stored";
  };
  let formData: FormData;
  try {
    // The other fields (distributor, month) are small and read into memory.
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(storeUpload, unstable_createMemoryUploadHandler({ maxPartSize: 10_000 })),
    );
  } catch (error) {
    if (error instanceof FileTooLargeError) return data({ errors: { file: "sellThrough.errors.tooLarge" }, values: {} }, { status: 400 });
    throw error;
  }
  const values = { distributorId: String(formData.get("distributorId") ?? ""), period: String(formData.get("period") ?? "") };
  if (!upload) return data({ errors: { file: "sellThrough.errors.noFile" }, values }, { status: 400 });
  try {
    const received = await receiveFile(getDb(), scope, actor, { distributorId: Number(values.distributorId), period: values.period, ...upload });
    return redirect(`/sell-through/submissions/${received.submissionId}`);
  } catch (error) {
    if (error instanceof ValidationError) return data({ errors: error.errors, values }, { status: 400 });
    throw error;
  }
}

export default function UploadSellThrough() {
  const { distributors, lastMonth } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const message = useMessage();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  return (
    <>
      <PageHeader title={t("sellThrough.upload")} subtitle={t("sellThrough.uploadIntro")} />
      <Form method="post" encType="multipart/form-data" className="form-grid narrow card" noValidate>
        <FormErrorSummary errors={errors.file ? undefined : errors} />
        <ReportFields distributors={distributors} lastMonth={lastMonth} values={values} errors={errors} />
        <div className={`field${errors.file ? " field-invalid" : ""}`}>
          <label htmlFor="f-file">{t("sellThrough.file")}</label>
          <input
            id="f-file"
            type="file"
            name="file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={errors.file ? true : undefined}
          />
          <p className="hint">{t("sellThrough.fileHint")}</p>
          {errors.file && (
            <p className="field-error" role="alert">
              {message(errors.file)}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t("sellThrough.uploading") : t("sellThrough.readFile")}
          </button>
        </div>
      </Form>
    </>
  );
}
