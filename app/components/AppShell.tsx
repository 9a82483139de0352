import { Form, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "~/lib/i18n-react";
import { unreadLabel } from "~/modules/notifications/render";
import { LanguageSwitch } from "./LanguageSwitch";
import type { ReactNode } from "react";
import type { NavItem } from "~/lib/navigation";
import type { Role } from "../../db/types";

interface ShellUser {
  name: string;
  email: string;
  role: Role;
  partnerName: string | null;
}

function NavLinks({ items }: { items: NavItem[] }) {
  const t = useT();
  return (
    <ul className="nav-list">
      {items.map((item) => (
        <li key={item.label}>
          {item.children ? (
            <>
              <span className="nav-group">{t(item.label)}</span>
              <ul className="nav-sublist">
                {item.children.map((child) => (
                  <li key={child.to}>
                    <NavLink to={child.to} prefetch="intent">
                      {t(child.label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
              {t(item.label)}
            </NavLink>
          )}
        </li>
      ))}
    </ul>
  );
}

export function AppShell({ user, nav, unread, children }: { user: ShellUser; nav: NavItem[]; unread: number; children: ReactNode }) {
  const t = useT();
  const count = unreadLabel(unread);
  const location = useLocation();
  const phoneMenu = useRef<HTMLDetailsElement>(null);
  // The phone menu covers the page: a link chosen in it closes it again.
  useEffect(() => {
    if (phoneMenu.current) phoneMenu.current.open = false;
  }, [location.pathname, location.search]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="topbar">
        <a href="/" className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t("app.name")}</span>
        </a>
        {/* On a phone the menu folds into the top bar and opens over the page below it. */}
        <details className="mobile-nav" ref={phoneMenu}>
          <summary>
            <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <path d="M4 6h16M4 12h16M4 18h16" />
            </svg>
            <span>{t("nav.menu")}</span>
          </summary>
          <nav aria-label={t("nav.menu")}>
            <NavLinks items={nav} />
          </nav>
        </details>
        <NavLink
          to="/notifications"
          className="bell"
          title={t("nav.notifications")}
          aria-label={`${t("nav.notifications")}${unread ? `: ${t("notifications.unread", { count })}` : ""}`}
        >
          <svg
            aria-hidden="true"
            width="20"
            height="20"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
            <path d="M13.73 21a2 2 0 0 1-3.46 0" />
          </svg>
          {unread > 0 && <span className="bell-count">{count}</span>}
        </NavLink>
        <div className="topbar-user">
          <NavLink to="/account" className="user-name" title={t("nav.account")}>
            {user.name}
          </NavLink>
          <span className="user-meta">
            {t(`role.${user.role}`)}
            {user.partnerName ? ` · ${user.partnerName}` : ""}
          </span>
        </div>
        <LanguageSwitch />
        <Form method="post" action="/logout">
          <button type="submit" className="button-quiet">
            {t("nav.signOut")}
          </button>
        </Form>
      </header>
      <div className="shell-body">
        <nav className="sidebar" aria-label={t("nav.menu")}>
          <NavLinks items={nav} />
        </nav>
        <main id="main" className="content">
          {children}
        </main>
      </div>
    </div>
  );
}
