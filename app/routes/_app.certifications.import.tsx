import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction } from "~/lib/row-action.server";
import { importAwards } from "~/modules/certifications/import.server";
import { useT } from "~/lib/i18n-react";
import { ImportFileError, ImportRowErrors } from "~/components/ImportErrors";
import { Notice, PageHeader } from "~/components/Page";
import type { ImportRowError } from "~/modules/settings/products.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Import certifications · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.certificationsVendor);
  return null;
}

interface ImportAnswer {
  fileError: string | null;
  rowErrors: ImportRowError[];
  imported: number;
  unchanged: number;
}

export async function action(args: ActionFunctionArgs) {
  return formAction<never, Response | ReturnType<typeof data<ImportAnswer>>>(
    args,
    { roles: ROUTE_ROLES.certificationsVendor },
    async ({ db, scope, actor, form }) => {
      const answer = (values: Partial<ImportAnswer>, status = 200) =>
        data<ImportAnswer>({ fileError: null, rowErrors: [], imported: 0, unchanged: 0, ...values }, { status });
      const upload = await readCsvUpload(form);
      if (!upload.ok) return answer({ fileError: upload.error }, 400);
      const result = await importAwards(db, scope, actor, upload.text);
      if (!result.ok) return answer({ fileError: result.fileError }, 400);
      if (result.rowErrors.length === 0) return redirect(`/certifications?imported=${result.imported}&unchanged=${result.unchanged}`);
      return answer(result);
    },
  );
}

export default function ImportCertifications() {
  const result = useActionData<typeof action>() as ImportAnswer | undefined;
  const t = useT();
  return (
    <>
      <PageHeader
        title={t("certifications.importTitle")}
        subtitle={t("certifications.importIntro")}
        actions={<Link to="/certifications">← {t("certifications.title")}</Link>}
      />
      {result && result.rowErrors.length > 0 && (
        <Notice tone="info">
          {t("certifications.importPartly", { imported: result.imported, unchanged: result.unchanged, failed: result.rowErrors.length })}
        </Notice>
      )}
      <Form method="post" encType="multipart/form-data" className="card stack narrow-card">
        <p className="hint">{t("certifications.importColumns")}</p>
        <div className={`field${result?.fileError ? " field-invalid" : ""}`}>
          <label htmlFor="f-file">{t("certifications.importFile")}</label>
          <input id="f-file" type="file" name="file" accept=".csv,text/csv" />
          <ImportFileError error={result?.fileError} />
        </div>
        <button type="submit" className="button button-primary">
          {t("certifications.importRun")}
        </button>
      </Form>
      {result && <ImportRowErrors title={t("certifications.importRowsFailed")} rows={result.rowErrors} />}
    </>
  );
}
