// The opening every page's action shares, written once: sign in with the route's roles, on a
// detail page read the row's id and answer 404 before anything else when the row is outside the
// caller's scope, read the form once, read the intent, run its handler, and turn a
// ValidationError into a 400 that names the fields and keeps what was typed.
import { data } from "@remix-run/node";
import { requireAuth, type Auth } from "./auth.server";
import { getDb, type DB } from "./db.server";
import { parseForm, ValidationError, type FieldErrors } from "./forms";
import { idParam } from "./http.server";
import type { Role } from "../../db/types";
import type { Scope } from "./scope.server";
import type { ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";

export interface FormActionInput<F = never> extends Auth {
  db: DB;
  form: FormData;
  intent: string;
  /** A text field of the form, trimmed ("" when absent). */
  text(name: string): string;
  /** The files a multipart form brought, as the route's `upload` reader stored and checked them. */
  files: F[];
}

export interface RowActionInput<F = never> extends FormActionInput<F> {
  /** The row's id, already found in the caller's scope. */
  id: number;
}

/** A handler answers with a redirect, or with data of its own (an import's row problems, say). */
export type IntentHandler<F = never, I extends FormActionInput<F> = RowActionInput<F>, R = Response> = (input: I) => Promise<R>;

/**
 * An intent whose fields are read by a zod schema, once: what does not parse comes back as
 * field errors in the same shape as a module's ValidationError.
 */
export function parsedIntent<S extends z.ZodTypeAny, I extends FormActionInput<unknown> = FormActionInput, R = Response>(
  schema: S,
  run: (input: I, fields: z.output<S>) => Promise<R>,
  arrayFields: readonly string[] = [],
): (input: I) => Promise<R> {
  return async (input) => {
    const parsed = parseForm(schema, input.form, arrayFields);
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    return run(input, parsed.data);
  };
}

/** A multipart form read with its files, or the field errors its files earned (too large, wrong type). */
export type UploadedForm<F> = { form: FormData; files: F[] } | { form: FormData; errors: FieldErrors };

export interface FormActionOptions<F = never> {
  roles: readonly Role[];
  /** A check of the signed-in user beyond the roles, made before the form is read; throws to refuse. */
  allow?(auth: Auth): void;
  /** Fields sent more than once (ticked boxes): kept as lists when a form comes back with errors. */
  lists?: readonly string[];
  /** Fields never sent back when a form comes back with errors (passwords): the page must not hold them. */
  secret?: readonly string[];
  /**
   * Reads a multipart form, storing its files: only for pages whose forms carry files. On a
   * detail page it runs after the scope check, so nothing is stored for a row the caller may not see.
   */
  upload?(request: Request): Promise<UploadedForm<F>>;
}

export interface RowActionOptions<F = never> extends FormActionOptions<F> {
  /** The route parameter holding the row's id. */
  param: string;
  /** Reads the row through the caller's scope; throws a 404 outside it. */
  find(db: DB, scope: Scope, id: number): Promise<unknown>;
}

function isMultipart(request: Request) {
  return (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
}

async function dispatch<F, I extends FormActionInput<F>, R>(
  request: Request,
  options: FormActionOptions<F>,
  intents: Record<string, (input: I) => Promise<R>> | ((input: I) => Promise<R>),
  input: (body: Omit<FormActionInput<F>, keyof Auth | "db">) => I,
) {
  const body: UploadedForm<F> = options.upload && isMultipart(request) ? await options.upload(request) : { form: await request.formData(), files: [] };
  const { form } = body;
  const intent = String(form.get("intent") ?? "");
  const refused = (errors: FieldErrors) => {
    const values = Object.fromEntries(
      [...form].filter(([name, value]) => typeof value === "string" && !options.secret?.includes(name)).map(([name, value]) => [name, String(value)]),
    );
    const lists = Object.fromEntries((options.lists ?? []).map((name) => [name, form.getAll(name).map(String)]));
    return data({ intent, errors, values, lists }, { status: 400 });
  };
  if ("errors" in body) return refused(body.errors);
  const handler = typeof intents === "function" ? intents : Object.hasOwn(intents, intent) ? intents[intent] : undefined;
  if (!handler)
    return data(
      { intent, errors: { form: "errors.invalid" } as FieldErrors, values: {} as Record<string, string>, lists: {} as Record<string, string[]> },
      { status: 400 },
    );
  try {
    return await handler(input({ form, intent, text: (name) => String(form.get(name) ?? "").trim(), files: body.files }));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return refused(error.errors);
  }
}

/** A detail page's action: the row is found in the caller's scope before the form is read. */
export async function rowAction<F = never, R = Response>(
  { request, params }: ActionFunctionArgs,
  options: RowActionOptions<F>,
  intents: Record<string, IntentHandler<F, RowActionInput<F>, R>>,
) {
  const auth = await requireAuth(request, options.roles);
  options.allow?.(auth);
  const id = idParam(params[options.param]);
  const db = getDb();
  await options.find(db, auth.scope, id);
  return dispatch(request, options, intents, (body) => ({ ...auth, db, id, ...body }));
}

/**
 * A page's action with no row of its own (a list, an import, a settings page): one handler for
 * a page with one form, or one per intent.
 */
export async function formAction<F = never, R = Response>(
  { request }: ActionFunctionArgs,
  options: FormActionOptions<F>,
  intents: Record<string, IntentHandler<F, FormActionInput<F>, R>> | IntentHandler<F, FormActionInput<F>, R>,
) {
  const auth = await requireAuth(request, options.roles);
  options.allow?.(auth);
  const db = getDb();
  return dispatch(request, options, intents, (body) => ({ ...auth, db, ...body }));
}
