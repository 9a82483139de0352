// Form fields that show their error next to them and keep what was typed. Errors arrive as
// message keys from the server.
import { useActionData } from "@remix-run/react";
import { useMessage, useT } from "~/lib/i18n-react";
import type { FieldErrors } from "~/lib/forms";
import type { ReactNode } from "react";

interface BaseProps {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  /** Needed only where two forms on one page have a field of the same name. */
  id?: string;
  /** False where the label itself says when the field is needed. */
  markOptional?: boolean;
}

const fieldId = (props: { name: string; id?: string }) => props.id ?? `f-${props.name}`;

function FieldFrame({ label, error, hint, required, markOptional = !required, children, ...props }: BaseProps & { children: ReactNode }) {
  const message = useMessage();
  const t = useT();
  const id = fieldId(props);
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {markOptional && <span className="optional"> ({t("common.optional")})</span>}
      </label>
      {children}
      {hint && !error && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {message(error)}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: string) {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

export function TextField(
  props: BaseProps & {
    defaultValue?: string | number | null;
    type?: string;
    autoComplete?: string;
    placeholder?: string;
    readOnly?: boolean;
    inputMode?: "decimal" | "numeric" | "text" | "email";
  },
) {
  const { name, error, hint, required, defaultValue, type = "text", autoComplete, placeholder, readOnly, inputMode } = props;
  return (
    <FieldFrame {...props}>
      <input
        id={fieldId(props)}
        name={name}
        type={type}
        defaultValue={defaultValue ?? ""}
        required={required}
        autoComplete={autoComplete}
        placeholder={placeholder}
        readOnly={readOnly}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId(props), error, hint)}
      />
    </FieldFrame>
  );
}

export function TextAreaField(props: BaseProps & { defaultValue?: string | null; rows?: number; maxLength?: number; placeholder?: string }) {
  const { name, error, hint, required, defaultValue, rows = 3, maxLength, placeholder } = props;
  return (
    <FieldFrame {...props}>
      <textarea
        id={fieldId(props)}
        name={name}
        rows={rows}
        maxLength={maxLength}
        placeholder={placeholder}
        defaultValue={defaultValue ?? ""}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId(props), error, hint)}
      />
    </FieldFrame>
  );
}

export interface FormFeedback {
  errors: FieldErrors;
  values: Record<string, string>;
}

/**
 * For a page with one form per intent: what the action answered to the form of `intent` (its
 * errors and what was typed), and nothing to the page's other forms.
 */
export function useIntentFeedback(): (intent: string) => FormFeedback {
  const answer = useActionData<{ intent?: string; errors?: FieldErrors; values?: Record<string, string> }>();
  return (intent) => (answer?.intent === intent ? { errors: answer.errors ?? {}, values: answer.values ?? {} } : { errors: {}, values: {} });
}

export interface Option {
  value: string | number;
  label: string;
}

export function SelectField(props: BaseProps & { options: Option[]; defaultValue?: string | number | null; emptyLabel?: string; disabled?: boolean }) {
  const { name, error, hint, required, options, defaultValue, emptyLabel, disabled } = props;
  return (
    <FieldFrame {...props}>
      <select
        id={fieldId(props)}
        name={name}
        defaultValue={defaultValue == null ? "" : String(defaultValue)}
        required={required}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId(props), error, hint)}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxGroup(props: BaseProps & { options: Option[]; defaultValues: (string | number)[] }) {
  const { name, label, error, options, defaultValues } = props;
  const message = useMessage();
  const chosen = new Set(defaultValues.map(String));
  return (
    <fieldset className={`field checkbox-group${error ? " field-invalid" : ""}`}>
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="checkbox" name={name} value={o.value} defaultChecked={chosen.has(String(o.value))} /> {o.label}
        </label>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {message(error)}
        </p>
      )}
    </fieldset>
  );
}

export function FormErrorSummary({ errors }: { errors?: Record<string, string> }) {
  const t = useT();
  const message = useMessage();
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      {errors.form ? message(errors.form) : t("errors.formHasErrors")}
    </div>
  );
}
