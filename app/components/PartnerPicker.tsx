// A text field for choosing one partner among hundreds: the browser's own suggestion list,
// filled from /partners/options as the user types. Without JavaScript a partner code typed by
// hand works the same, because the server reads the code back (modules/partners/picker.ts).
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { partnerChoiceLabel, type PartnerChoice } from "~/modules/partners/picker";

const TYPING_PAUSE_MS = 150;

export function PartnerPicker({
  name,
  label,
  defaultValue,
  placeholder,
  form,
  labelHidden = false,
  error,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  placeholder?: string;
  form?: string;
  labelHidden?: boolean;
  /** Already translated. */
  error?: string;
}) {
  const listId = useId();
  const fetcher = useFetcher<PartnerChoice[]>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const search = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => fetcher.load(`/partners/options?q=${encodeURIComponent(text)}`), TYPING_PAUSE_MS);
  };
  return (
    <label>
      <span className={labelHidden ? "visually-hidden" : undefined}>{label}</span>
      <input
        type="search"
        name={name}
        form={form}
        list={listId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${listId}-error` : undefined}
        autoComplete="off"
        defaultValue={defaultValue}
        placeholder={placeholder}
        onFocus={(e) => fetcher.data === undefined && search(e.currentTarget.value)}
        onInput={(e) => search(e.currentTarget.value)}
      />
      <datalist id={listId}>
        {(fetcher.data ?? []).map((p) => (
          <option key={p.id} value={partnerChoiceLabel(p)} />
        ))}
      </datalist>
      {error && (
        <span className="field-error" id={`${listId}-error`} role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
