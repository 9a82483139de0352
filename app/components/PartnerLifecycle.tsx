// The partner's onboarding checklist, its history, and its profile form: shown on the partner
// home page, on /partners/:id and on /partner-profile.
import { Form, Link } from "@remix-run/react";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatDateTime } from "~/lib/format";
import { Badge } from "./Page";
import { FormErrorSummary, TextAreaField, TextField } from "./fields";
import type { MessageKey } from "~/lib/i18n";
import type { Checklist, OnboardingItem } from "~/modules/partners/onboarding.server";
import type { PartnerEventRow } from "~/modules/partners/history.server";
import type { Profile } from "~/modules/partners/profile.server";

/** Where a partner admin goes to complete each item. */
const ITEM_LINKS: Partial<Record<OnboardingItem, string>> = {
  agreement: "/agreement",
  profile: "/partner-profile",
  activeUser: "/users",
  reporting: "/settings/api-keys",
};

export function OnboardingChecklist({ checklist, links }: { checklist: Checklist; links: boolean }) {
  const t = useT();
  const message = useMessage();
  return (
    <section className="card" data-testid="onboarding-checklist">
      <h2>
        {t("onboarding.title")} <span className="muted">{t("onboarding.progress", { done: checklist.done, total: checklist.total })}</span>
      </h2>
      <progress className="onboarding-progress" max={checklist.total} value={checklist.done} aria-label={t("onboarding.title")} />
      <ul className="checklist">
        {checklist.items.map((item) => {
          const link = links && !item.done ? ITEM_LINKS[item.item] : undefined;
          const label = t(`onboarding.item.${item.item}`);
          return (
            <li key={item.item} className={item.done ? "checklist-done" : "checklist-open"} data-testid={`onboarding-${item.item}`} data-done={item.done}>
              <Badge tone={item.done ? "active" : "onboarding"}>{item.done ? t("onboarding.done") : t("onboarding.open")}</Badge>{" "}
              {link ? <Link to={link}>{label}</Link> : label}
              {item.note && <span className="muted"> · {message(item.note.key, item.note.params)}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const EVENT_LABEL = (event: string): MessageKey | null =>
  (
    ["applied", "approved", "status_changed", "agreement_accepted", "onboarding_item_done", "activated", "certified", "tier_changed", "tier_at_risk"] as const
  ).includes(event as never)
    ? (`partnerHistory.event.${event}` as MessageKey)
    : null;

export function PartnerHistory({ events }: { events: PartnerEventRow[] }) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const itemLabel = (value: string | null) =>
    value && ["agreement", "profile", "activeUser", "certifications", "reporting"].includes(value) ? t(`onboarding.item.${value as OnboardingItem}`) : value;
  return (
    <section className="card" data-testid="partner-history">
      <h2>{t("partnerHistory.title")}</h2>
      {events.length === 0 ? (
        <p className="muted">{t("partnerHistory.none")}</p>
      ) : (
        <ul className="activity">
          {events.map((e) => {
            const label = EVENT_LABEL(e.event);
            const to = e.event === "onboarding_item_done" ? itemLabel(e.to_value) : e.to_value;
            return (
              <li key={e.id}>
                <span className="activity-action">{label ? t(label) : e.event}</span>
                {(e.from_value || to) && (
                  <span>
                    {" "}
                    {e.from_value && `${e.from_value} → `}
                    {to}
                  </span>
                )}
                <span className="muted">
                  {" "}
                  · {formatDateTime(e.at, locale, timeZone)}
                  {e.actor_name ? ` · ${e.actor_name}` : ` · ${t("common.system")}`}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function ProfileForm({
  profile,
  logoUrl,
  errors,
  values,
}: {
  profile: Profile;
  logoUrl: string;
  errors: Record<string, string>;
  values: Record<string, string>;
}) {
  const t = useT();
  const value = (name: string, current: string) => (name in values ? values[name] : current);
  return (
    <Form method="post" encType="multipart/form-data" className="form-grid" noValidate>
      <FormErrorSummary errors={errors} />
      <input type="hidden" name="intent" value="profile" />
      <TextField name="legalName" label={t("profile.legalName")} defaultValue={value("legalName", profile.legal_name)} error={errors.legalName} />
      <TextField
        name="website"
        label={t("profile.website")}
        type="url"
        hint={t("profile.websiteHint")}
        defaultValue={value("website", profile.website)}
        error={errors.website}
      />
      <TextField
        name="contactEmail"
        label={t("profile.contactEmail")}
        type="email"
        defaultValue={value("contactEmail", profile.contact_email)}
        error={errors.contactEmail}
      />
      <TextField
        name="contactPhone"
        label={t("profile.contactPhone")}
        type="tel"
        defaultValue={value("contactPhone", profile.contact_phone)}
        error={errors.contactPhone}
      />
      <TextAreaField name="address" label={t("profile.address")} rows={3} defaultValue={value("address", profile.address)} error={errors.address} />
      <div className={`field${errors.logo ? " field-invalid" : ""}`}>
        <label htmlFor="f-logo">
          {t("profile.logo")} <span className="optional">({t("common.optional")})</span>
        </label>
        {profile.hasLogo ? (
          <img className="partner-logo" src={logoUrl} alt={t("profile.currentLogo", { partner: profile.name })} />
        ) : (
          <p className="muted">{t("profile.noLogo")}</p>
        )}
        <input
          id="f-logo"
          name="logo"
          type="file"
          accept="image/png,image/jpeg"
          aria-invalid={errors.logo ? true : undefined}
          aria-describedby={errors.logo ? "f-logo-error" : "f-logo-hint"}
        />
        {errors.logo ? (
          <LogoError message={errors.logo} />
        ) : (
          <p className="hint" id="f-logo-hint">
            {t("profile.logoHint")}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t("common.save")}
        </button>
      </div>
    </Form>
  );
}

function LogoError({ message: key }: { message: string }) {
  const message = useMessage();
  return (
    <p className="field-error" id="f-logo-error" role="alert">
      {message(key)}
    </p>
  );
}

/** The app shell's line about an agreement waiting for acceptance, with what to do. */
export function AgreementBanner({ reminder, canAccept }: { reminder: { version: string; acceptBy: string; restricted: boolean }; canAccept: boolean }) {
  const t = useT();
  const locale = useLocale();
  const params = { version: reminder.version, date: formatDate(reminder.acceptBy, locale) };
  return (
    <div className={`alert ${reminder.restricted ? "alert-error" : "alert-info"} agreement-banner`} role="status" data-testid="agreement-banner">
      {reminder.restricted ? t("agreements.banner.restricted", params) : t("agreements.banner.due", params)}{" "}
      {canAccept ? <Link to="/agreement">{t("agreements.banner.open")}</Link> : t("agreements.banner.askAdmin")}
    </div>
  );
}
