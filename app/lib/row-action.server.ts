// The opening every detail page's action shares, written once: sign in with the route's roles,
// read the row's id, answer 404 before anything else when the row is outside the caller's
// scope, read the intent, run its handler, and turn a ValidationError into a 400 that names the
// fields and keeps what was typed.
import { data } from "@remix-run/node";
import { requireAuth, type Auth } from "./auth.server";
import { getDb, type DB } from "./db.server";
import { parseForm, ValidationError, type FieldErrors } from "./forms";
import { idParam } from "./http.server";
import type { Role } from "../../db/types";
import type { Scope } from "./scope.server";
import type { ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";

export interface RowActionInput extends Auth {
  db: DB;
  /** The row's id, already found in the caller's scope. */
  id: number;
  form: FormData;
  intent: string;
  /** A text field of the form, trimmed ("" when absent). */
  text(name: string): string;
}

export type IntentHandler = (input: RowActionInput) => Promise<Response>;

/**
 * An intent whose fields are read by a zod schema, once: what does not parse comes back as
 * field errors in the same shape as a module's ValidationError.
 */
export function parsedIntent<S extends z.ZodTypeAny>(schema: S, run: (input: RowActionInput, fields: z.output<S>) => Promise<Response>): IntentHandler {
  return async (input) => {
    const parsed = parseForm(schema, input.form);
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    return run(input, parsed.data);
  };
}

export interface RowActionOptions {
  roles: readonly Role[];
  /** The route parameter holding the row's id. */
  param: string;
  /** Reads the row through the caller's scope; throws a 404 outside it. */
  find(db: DB, scope: Scope, id: number): Promise<unknown>;
}

export async function rowAction({ request, params }: ActionFunctionArgs, options: RowActionOptions, intents: Record<string, IntentHandler>) {
  const auth = await requireAuth(request, options.roles);
  const id = idParam(params[options.param]);
  const db = getDb();
  await options.find(db, auth.scope, id);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const handler = Object.hasOwn(intents, intent) ? intents[intent] : undefined;
  if (!handler) return data({ intent, errors: { form: "errors.invalid" } as FieldErrors, values: {} as Record<string, string> }, { status: 400 });
  try {
    return await handler({ ...auth, db, id, form, intent, text: (name) => String(form.get(name) ?? "").trim() });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const values = Object.fromEntries([...form].map(([name, value]) => [name, String(value)]));
    return data({ intent, errors: error.errors, values }, { status: 400 });
  }
}
