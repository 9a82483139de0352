// Form fields that show their error next to them and keep what was typed. Errors arrive as
// message keys from the server.
import { useMessage, useT } from "~/lib/i18n-react";
import type { ReactNode } from "react";

interface BaseProps {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

function FieldFrame({ name, label, error, hint, required, children }: BaseProps & { children: ReactNode }) {
  const message = useMessage();
  const t = useT();
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={`f-${name}`}>
        {label}
        {!required && <span className="optional"> ({t("common.optional")})</span>}
      </label>
      {children}
      {hint && !error && (
        <p className="hint" id={`f-${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`f-${name}-error`} role="alert">
          {message(error)}
        </p>
      )}
    </div>
  );
}

function describedBy(name: string, error?: string, hint?: string) {
  return error ? `f-${name}-error` : hint ? `f-${name}-hint` : undefined;
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
        id={`f-${name}`}
        name={name}
        type={type}
        defaultValue={defaultValue ?? ""}
        required={required}
        autoComplete={autoComplete}
        placeholder={placeholder}
        readOnly={readOnly}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
      />
    </FieldFrame>
  );
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
        id={`f-${name}`}
        name={name}
        defaultValue={defaultValue == null ? "" : String(defaultValue)}
        required={required}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
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
