// The registration form, for a new deal and for a draft or returned one: the end customer, the
// deal, and its line items with totals worked out as the partner types (in exact cents, the
// same arithmetic the server uses). Without JavaScript the blank lines are there to fill in, and the server gives a line left without a price its list price.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { addAmounts, multiplyAmount, parseAmount } from "~/lib/money";
import { formatMoney } from "~/lib/format";
import { listPriceIn, type LatestRates } from "~/modules/deals/list-price";
import { referenceName } from "~/lib/reference-name";
import { FormErrorSummary, SelectField, TextField } from "./fields";

export interface ProductChoice {
  id: number;
  sku: string;
  name: string;
  list_price: string;
  currency: string;
  product_line_name: string;
  product_line_name_zh: string | null;
}

export interface DealFormLine {
  product: string;
  quantity: string;
  price: string;
}

/** The form's lines as the browser sent them, to show again after an error. */
export function postedLines(values: Record<string, string | string[]>): DealFormLine[] {
  const list = (name: string) => (Array.isArray(values[name]) ? (values[name] as string[]) : []);
  const quantities = list("lineQuantity");
  const prices = list("linePrice");
  return list("lineProduct")
    .map((product, i) => ({ product, quantity: quantities[i] ?? "", price: prices[i] ?? "" }))
    .filter((l) => l.product || l.quantity || l.price);
}

const BLANK: DealFormLine = { product: "", quantity: "", price: "" };
const BLANK_LINES = 3;

function lineTotal(line: DealFormLine): string | null {
  const price = parseAmount(line.price);
  if (price === null || !/^\d+$/.test(line.quantity.trim())) return null;
  return multiplyAmount(price, Number(line.quantity.trim()));
}

export function DealForm({
  values,
  errors = {},
  lines: initialLines,
  products,
  rates,
  distributors,
  currencies,
  submitLabel,
}: {
  values: Record<string, string>;
  errors?: Record<string, string>;
  lines: DealFormLine[];
  products: ProductChoice[];
  /** The latest exchange rates, to offer a list price in the deal's currency. */
  rates: LatestRates;
  /** Distributors a reseller may name to fulfil the deal; empty for everyone else. */
  distributors: { id: number; name: string }[];
  currencies: readonly string[];
  submitLabel: string;
}) {
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [lines, setLines] = useState<DealFormLine[]>(() => [
    ...initialLines,
    ...Array.from({ length: Math.max(1, BLANK_LINES - initialLines.length) }, () => BLANK),
  ]);
  const [currency, setCurrency] = useState(values.currency || "EUR");
  const update = (index: number, change: Partial<DealFormLine>) => setLines((all) => all.map((l, i) => (i === index ? { ...l, ...change } : l)));
  const choose = (index: number, productId: string) => {
    const listed = (id: string) => {
      const product = products.find((p) => String(p.id) === id);
      return product ? (listPriceIn(product, currency, rates) ?? "") : "";
    };
    // The list price, in the deal's currency, is a starting point the partner may change; a
    // price still the previous product's list price follows the new product.
    const current = lines[index].price;
    const price = !current || current === listed(lines[index].product) ? listed(productId) : current;
    update(index, { product: productId, price, quantity: lines[index].quantity || "1" });
  };
  const totals = lines.map(lineTotal);
  const complete = totals.filter((x): x is string => x !== null);
  const total = addAmounts("0.00", ...complete);
  const lineError = (i: number, part: string) => errors[`line-${i}-${part}`];

  return (
    <Form method="post" className="form-grid deal-form" noValidate>
      <FormErrorSummary errors={errors} />
      <fieldset className="form-section">
        <legend>{t("deals.customer")}</legend>
        <TextField name="customerName" label={t("deals.customerName")} required defaultValue={values.customerName} error={errors.customerName} />
        <TextField
          name="customerDomain"
          label={t("deals.customerDomain")}
          defaultValue={values.customerDomain}
          error={errors.customerDomain}
          placeholder="acme.com"
          hint={t("deals.customerDomainHint")}
        />
        <TextField
          name="customerCountry"
          label={t("common.country")}
          required
          defaultValue={values.customerCountry}
          error={errors.customerCountry}
          hint={t("partners.countryHint")}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("deals.deal")}</legend>
        <TextField name="name" label={t("deals.name")} required defaultValue={values.name} error={errors.name} />
        <TextField
          name="expectedCloseDate"
          label={t("deals.expectedClose")}
          type="date"
          required
          defaultValue={values.expectedCloseDate}
          error={errors.expectedCloseDate}
        />
        <div className="field">
          <label htmlFor="f-currency">{t("deals.currency")}</label>
          <select id="f-currency" name="currency" value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        {distributors.length > 0 && (
          <SelectField
            name="fulfillingPartnerId"
            label={t("deals.fulfillingDistributor")}
            defaultValue={values.fulfillingPartnerId}
            error={errors.fulfillingPartnerId}
            emptyLabel={t("deals.noDistributor")}
            options={distributors.map((d) => ({ value: d.id, label: d.name }))}
          />
        )}
        <TextField name="competitors" label={t("deals.competitors")} defaultValue={values.competitors} error={errors.competitors} />
        <TextField name="notes" label={t("deals.notes")} defaultValue={values.notes} error={errors.notes} />
        {values.sourceLeadId && <input type="hidden" name="sourceLeadId" value={values.sourceLeadId} />}
      </fieldset>

      <fieldset className="form-section deal-lines">
        <legend>{t("deals.lines")}</legend>
        {errors.lines && (
          <p className="field-error" role="alert">
            {message(errors.lines, { minValue: errors.minValue ?? "" })}
          </p>
        )}
        <table className="data-table line-table">
          <thead>
            <tr>
              <th>{t("deals.product")}</th>
              <th className="num">{t("deals.quantity")}</th>
              <th className="num">{t("deals.unitPrice")}</th>
              <th className="num">{t("deals.lineTotal")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => (
              <tr key={i}>
                <td data-label={t("deals.product")}>
                  <select
                    name="lineProduct"
                    aria-label={t("deals.productOfLine", { n: i + 1 })}
                    value={line.product}
                    onChange={(e) => choose(i, e.currentTarget.value)}
                    aria-invalid={lineError(i, "product") ? true : undefined}
                  >
                    <option value="">—</option>
                    {products.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.sku} · {p.name} ({referenceName(locale, { name: p.product_line_name, name_zh: p.product_line_name_zh })})
                      </option>
                    ))}
                  </select>
                  {lineError(i, "product") && <span className="field-error">{message(lineError(i, "product")!)}</span>}
                </td>
                <LineInputCell
                  name="lineQuantity"
                  inputMode="numeric"
                  label={t("deals.quantityOfLine", { n: i + 1 })}
                  columnLabel={t("deals.quantity")}
                  value={line.quantity}
                  onChange={(quantity) => update(i, { quantity })}
                  error={lineError(i, "quantity")}
                  size={6}
                />
                <LineInputCell
                  name="linePrice"
                  inputMode="decimal"
                  label={t("deals.priceOfLine", { n: i + 1 })}
                  columnLabel={t("deals.unitPrice")}
                  value={line.price}
                  onChange={(price) => update(i, { price })}
                  error={lineError(i, "price")}
                  size={10}
                />
                <td className="num" data-label={t("deals.lineTotal")}>
                  {totals[i] ? formatMoney(totals[i]!, currency, locale) : ""}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>
                <button type="button" className="button-quiet" onClick={() => setLines((all) => [...all, BLANK])}>
                  {t("deals.addLine")}
                </button>
              </td>
              <td className="num" data-label={t("deals.total")}>
                <strong data-testid="deal-total">{formatMoney(total, currency, locale)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </fieldset>
      <div className="form-actions">
        <button type="submit" name="intent" value="draft" className="button" disabled={busy}>
          {t("deals.saveDraft")}
        </button>
        <button type="submit" name="intent" value="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

function LineInputCell({
  name,
  inputMode,
  label,
  columnLabel,
  value,
  onChange,
  error,
  size,
}: {
  name: string;
  inputMode: "numeric" | "decimal";
  label: string;
  /** The column's heading, shown beside the cell when a phone stacks the line's cells. */
  columnLabel: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  size: number;
}) {
  const message = useMessage();
  return (
    <td className="num" data-label={columnLabel}>
      <input
        name={name}
        inputMode={inputMode}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        size={size}
      />
      {error && <span className="field-error">{message(error)}</span>}
    </td>
  );
}
