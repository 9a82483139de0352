import { Form } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import { FormErrorSummary } from "./fields";
import type { FieldErrors } from "~/lib/forms";
import type { ReactNode } from "react";

/**
 * The save form of a settings page: everyone with the page sees the values, only those who may
 * edit them get the Save button (the fields say readOnly for the others).
 */
export function SettingsForm({ errors, canEdit, children }: { errors?: FieldErrors; canEdit: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <Form method="post" className="form-grid narrow card" noValidate>
      <FormErrorSummary errors={errors} />
      {children}
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t("common.save")}
          </button>
        </div>
      )}
    </Form>
  );
}
