import { z } from "zod";
import { field } from "~/lib/forms";
import { ROLES } from "../../../db/types";

export const inviteSchema = z.object({
  email: field.email(),
  name: field.text(200),
  role: field.enumOf(ROLES),
  partnerId: field.optionalId(),
});
export type InviteInput = z.output<typeof inviteSchema>;

export const passwordSchema = z
  .object({
    password: z.string().min(12, "errors.passwordShort").max(200, "errors.tooLong"),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: "errors.passwordMismatch", path: ["confirm"] });

export const signInSchema = z.object({
  email: field.email(),
  password: z.string().min(1, "errors.required"),
});
