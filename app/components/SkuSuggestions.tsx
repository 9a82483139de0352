import { useCallback, useEffect, useRef, useState } from "react";
import { useLocale } from "~/lib/i18n-react";
import { referenceName } from "~/lib/reference-name";
import type { CatalogueMatch } from "~/modules/sell-through/catalogue.server";

/** The id of the one list every SKU field of a form points at (`list=`): only the field being typed in needs it. */
export const SKU_SUGGESTIONS_ID = "catalogue-skus";

/** Waits for a pause in typing before asking, so a fast typist sends one request, not one per key. */
const PAUSE_MS = 150;

/**
 * SKU suggestions from the catalogue as one types: `suggest(text)` from a SKU field's input,
 * and `list`, the <datalist> to render once in the form. Without JavaScript the fields stay
 * plain text fields, and the form links to the lookup page instead.
 */
export function useSkuSuggestions(label: string) {
  const locale = useLocale();
  const [matches, setMatches] = useState<CatalogueMatch[]>([]);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout> | null; request: AbortController | null }>({ timer: null, request: null });

  const suggest = useCallback((text: string) => {
    const state = pending.current;
    if (state.timer) clearTimeout(state.timer);
    state.request?.abort();
    if (!text.trim()) return setMatches([]);
    state.timer = setTimeout(() => {
      const request = new AbortController();
      state.request = request;
      fetch(`/sell-through/catalogue.json?q=${encodeURIComponent(text)}`, { signal: request.signal, headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? (response.json() as Promise<{ matches: CatalogueMatch[] }>) : { matches: [] }))
        .then((answer) => setMatches(answer.matches))
        // An aborted request was overtaken by newer typing; a failed one leaves the field as it is.
        .catch(() => undefined);
    }, PAUSE_MS);
  }, []);

  useEffect(() => {
    const state = pending.current;
    return () => {
      if (state.timer) clearTimeout(state.timer);
      state.request?.abort();
    };
  }, []);

  const list = (
    <datalist id={SKU_SUGGESTIONS_ID} aria-label={label}>
      {matches.map((m) => (
        <option key={m.sku} value={m.sku} label={`${m.name} · ${referenceName(locale, { name: m.productLine, name_zh: m.productLineZh })}`} />
      ))}
    </datalist>
  );
  return { suggest, list };
}
