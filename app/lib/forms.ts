// Form parsing with zod: errors come back per field as message keys, together with what was
// typed, so a form can show each error next to its field and keep the input.
import { z } from "zod";
import { isCountryCode } from "./countries";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string | string[]>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

/** Thrown by module functions for rule violations found after parsing (a taken e-mail, say). */
export class ValidationError extends Error {
  constructor(public readonly errors: FieldErrors) {
    super(Object.values(errors).join("; "));
  }
}

export function formValues(formData: FormData, arrayFields: readonly string[] = []): FormValues {
  const values: FormValues = {};
  for (const key of new Set(formData.keys())) {
    if (arrayFields.includes(key)) values[key] = formData.getAll(key).filter((v): v is string => typeof v === "string");
    else {
      const value = formData.get(key);
      if (typeof value === "string") values[key] = value;
    }
  }
  for (const key of arrayFields) values[key] ??= [];
  return values;
}

export function issuesToErrors(issues: z.ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    errors[field] ??= issue.message;
  }
  return errors;
}

export function parseForm<S extends z.ZodTypeAny>(schema: S, formData: FormData, arrayFields: readonly string[] = []): FormResult<z.output<S>> {
  const values = formValues(formData, arrayFields);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: issuesToErrors(result.error.issues), values };
}

// Field builders whose messages are catalog keys.
export const field = {
  text: (max = 200) => z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong"),
  /** A short upper-case code that names a reference row (a region, a product line). */
  code: (max = 32) =>
    z
      .string({ required_error: "errors.required" })
      .trim()
      .toUpperCase()
      .min(1, "errors.required")
      .max(max, "errors.tooLong")
      .regex(/^[A-Z0-9_-]+$/, "errors.code"),
  optionalText: (max = 200) => z.string().trim().max(max, "errors.tooLong").optional().default(""),
  email: () => z.string({ required_error: "errors.required" }).trim().toLowerCase().min(1, "errors.required").max(254, "errors.tooLong").email("errors.email"),
  id: () => z.coerce.number({ invalid_type_error: "errors.required" }).int("errors.required").positive("errors.required"),
  optionalId: () => z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().positive("errors.invalid").nullable()),
  country: () => z.string({ required_error: "errors.required" }).trim().toUpperCase().refine(isCountryCode, "errors.country"),
  enumOf: <T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values as unknown as [T[number], ...T[number][]], { errorMap: () => ({ message: "errors.choose" }) }),
};
