// The filter bar above a server-side table: a GET form, so filters land in the URL and work
// without JavaScript. Paging resets to the first page whenever the filters change.
import { Form, Link } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import type { ReactNode } from "react";
import type { Option } from "./fields";

export function FilterBar({ clearTo, keep = {}, children }: { clearTo: string; keep?: Record<string, string | number>; children: ReactNode }) {
  const t = useT();
  return (
    <Form method="get" className="filters" role="search">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <div className="filter-buttons">
        <button type="submit" className="button">
          {t("common.filter")}
        </button>
        <Link to={clearTo} className="button-quiet">
          {t("common.clear")}
        </Link>
      </div>
    </Form>
  );
}

export function FilterSearch({ name = "q", label, value, placeholder }: { name?: string; label: string; value: string; placeholder?: string }) {
  return (
    <label>
      <span>{label}</span>
      <input type="search" name={name} defaultValue={value} placeholder={placeholder} />
    </label>
  );
}

/** A select whose first choice, "All", removes the filter. */
export function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | number | null; options: Option[] }) {
  const t = useT();
  return (
    <label>
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ""}>
        <option value="">{t("common.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
