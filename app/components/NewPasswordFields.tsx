// The new password and its confirmation, as setting a password and changing it both ask them.
import { useT } from "~/lib/i18n-react";
import { TextField } from "./fields";
import type { FieldErrors } from "~/lib/forms";

export function NewPasswordFields({ errors }: { errors: FieldErrors }) {
  const t = useT();
  return (
    <>
      <TextField
        name="password"
        label={t("setPassword.password")}
        type="password"
        autoComplete="new-password"
        required
        hint={t("setPassword.hint")}
        error={errors.password}
      />
      <TextField name="confirm" label={t("setPassword.confirm")} type="password" autoComplete="new-password" required error={errors.confirm} />
    </>
  );
}
