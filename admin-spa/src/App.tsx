import { useCallback, useEffect, useMemo, useState } from "react";
import { AdminContext, permissionsIn, type Admin } from "./admin";
import { SessionExpired } from "./api/client";
import { membershipOf, type Me, type Session } from "./api/session";
import { Link } from "./components/Link";
import { describeError } from "./components/Notice";
import { navigate, useRoute } from "./lib/router";
import { ApiKeys } from "./screens/ApiKeys";
import { AuditLog } from "./screens/AuditLog";
import { BlogComments } from "./screens/BlogComments";
import { BlogPost } from "./screens/BlogPost";
import { BlogPosts } from "./screens/BlogPosts";
import { ContentEntries } from "./screens/ContentEntries";
import { ContentEntry } from "./screens/ContentEntry";
import { CustomerScreen } from "./screens/Customer";
import { CustomerGroups } from "./screens/CustomerGroups";
import { Customers } from "./screens/Customers";
import { Discounts } from "./screens/Discounts";
import { Media } from "./screens/Media";
import { Members } from "./screens/Members";
import { Modules } from "./screens/Modules";
import { OrderScreen } from "./screens/Order";
import { Orders } from "./screens/Orders";
import { ProductScreen } from "./screens/Product";
import { Products } from "./screens/Products";
import { Warehouses } from "./screens/Warehouses";
import { ModuleSettings } from "./screens/ModuleSettings";
import { Roles } from "./screens/Roles";
import { Shipping } from "./screens/Shipping";
import { SignIn } from "./screens/SignIn";
import { Status } from "./screens/Status";
import { Taxes } from "./screens/Taxes";
import { Taxonomy } from "./screens/Taxonomy";
import { Tenants } from "./screens/Tenants";
import { WebhookEndpoint } from "./screens/WebhookEndpoint";
import { Webhooks } from "./screens/Webhooks";

type View = { kind: "loading" } | { kind: "signedOut"; message: string | null } | { kind: "signedIn"; me: Me };

const EXPIRED = "Your session has expired. Please sign in again.";

/** Signed out: the sign-in form; signed in: the shell around the current screen. */
export function App({ session }: { session: Session }) {
  const [view, setView] = useState<View>({ kind: "loading" });

  const loadMe = useCallback(async () => {
    const hadSession = session.hadSession;
    try {
      const me = await session.me();
      if (!membershipOf(me, session.tenant)) {
        session.selectTenant(me.memberships[0]?.tenant.slug ?? null);
      }
      setView({ kind: "signedIn", me });
    } catch (error) {
      const message = error instanceof SessionExpired ? (hadSession ? EXPIRED : null) : describeError(error);
      setView({ kind: "signedOut", message });
    }
  }, [session]);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  if (view.kind === "loading") {
    return <p className="loading">Loading…</p>;
  }
  if (view.kind === "signedOut") {
    return <SignIn session={session} message={view.message} onSignedIn={() => void loadMe()} />;
  }
  return (
    <Shell
      session={session}
      me={view.me}
      onSignedOut={(message) => setView({ kind: "signedOut", message })}
    />
  );
}

interface ShellProps {
  session: Session;
  me: Me;
  onSignedOut: (message: string | null) => void;
}

function Shell({ session, me, onSignedOut }: ShellProps) {
  const route = useRoute();
  const [tenant, setTenant] = useState(session.tenant);
  const admin = useMemo<Admin>(
    () => ({ session, me, tenant, can: permissionsIn(me, tenant), expire: () => onSignedOut(EXPIRED) }),
    [session, me, tenant, onSignedOut],
  );
  const switchTenant = (slug: string) => {
    session.selectTenant(slug);
    setTenant(slug);
  };
  const signOut = async () => {
    await session.signOut();
    onSignedOut("You have signed out.");
  };
  const screens = [
    { route: "modules", label: "Modules", shown: admin.can("core.view_modules") },
    { route: "status", label: "System status", shown: admin.can("core.view_events") || admin.can("core.view_index") },
    { route: "audit", label: "Audit log", shown: admin.can("core.view_audit_log") },
    { route: "content", label: "Content", shown: admin.can("content.view_entries") },
    { route: "media", label: "Media", shown: admin.can("content.view_media") },
    { route: "taxonomy", label: "Taxonomy", shown: admin.can("content.manage_taxonomy") },
    { route: "blog", label: "Blog", shown: admin.can("blog.view_posts") },
    { route: "comments", label: "Comments", shown: admin.can("blog.moderate_comments") },
    { route: "products", label: "Products", shown: admin.can("commerce.view_products") },
    { route: "warehouses", label: "Warehouses", shown: admin.can("commerce.view_inventory") },
    { route: "orders", label: "Orders", shown: admin.can("commerce.view_orders") },
    { route: "customers", label: "Customers", shown: admin.can("commerce.view_customers") },
    { route: "customer-groups", label: "Customer groups", shown: admin.can("commerce.view_customers") },
    { route: "taxes", label: "Taxes", shown: admin.can("commerce.manage_taxes") },
    { route: "shipping", label: "Shipping", shown: admin.can("commerce.manage_shipping") },
    { route: "discounts", label: "Discounts", shown: admin.can("commerce.manage_discounts") },
    { route: "webhooks", label: "Webhooks", shown: admin.can("webhooks.view_endpoints") },
    { route: "members", label: "Members", shown: admin.can("core.manage_users") },
    { route: "roles", label: "Roles", shown: admin.can("core.manage_roles") },
    { route: "api-keys", label: "API keys", shown: admin.can("core.manage_api_keys") },
    { route: "tenants", label: "Tenants", shown: me.user.isPlatformAdmin },
  ].filter((screen) => screen.shown);
  const section = route.split("/")[0] ?? "";
  const first = screens[0];
  useEffect(() => {
    if (first && !screens.some((screen) => screen.route === section)) {
      navigate(first.route);
    }
  });

  return (
    <AdminContext.Provider value={admin}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">RusToK admin</span>
        <nav aria-label="Main">
          <ul>
            {screens.map((screen) => (
              <li key={screen.route}>
                <Link to={screen.route} current={section === screen.route}>
                  {screen.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {me.memberships.length > 0 && (
            <>
              <label htmlFor="tenant-switcher">Tenant</label>
              <select id="tenant-switcher" value={tenant ?? ""} onChange={(event) => switchTenant(event.target.value)}>
                {me.memberships.map(({ tenant: option }) => (
                  <option key={option.slug} value={option.slug}>
                    {option.name} ({option.slug})
                  </option>
                ))}
              </select>
            </>
          )}
          <span className="muted">{me.user.email}</span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" key={tenant ?? ""}>
        <Screen route={route} hasScreens={screens.length > 0} />
      </main>
    </AdminContext.Provider>
  );
}

function Screen({ route, hasScreens }: { route: string; hasScreens: boolean }) {
  const parts = route.split("/");
  if (!hasScreens) {
    return <p>There is nothing you may manage here: you hold no admin permission in a tenant.</p>;
  }
  if (parts[0] === "modules" && parts[2] === "settings" && parts[1]) {
    return <ModuleSettings module={decodeURIComponent(parts[1])} />;
  }
  if (parts[0] === "content" && parts[1]) {
    const locale = parts[2] ? decodeURIComponent(parts[2]) : null;
    return <ContentEntry key={route} id={parts[1] === "new" ? null : decodeURIComponent(parts[1])} locale={locale} />;
  }
  if (parts[0] === "blog" && parts[1]) {
    return <BlogPost key={parts[1]} id={parts[1] === "new" ? null : decodeURIComponent(parts[1])} />;
  }
  if (parts[0] === "products" && parts[1]) {
    return <ProductScreen key={parts[1]} id={parts[1] === "new" ? null : decodeURIComponent(parts[1])} />;
  }
  if (parts[0] === "orders" && parts[1]) {
    return <OrderScreen key={parts[1]} id={decodeURIComponent(parts[1])} />;
  }
  if (parts[0] === "customers" && parts[1]) {
    return <CustomerScreen key={parts[1]} id={decodeURIComponent(parts[1])} />;
  }
  if (parts[0] === "webhooks" && parts[1]) {
    return <WebhookEndpoint id={decodeURIComponent(parts[1])} />;
  }
  switch (parts[0]) {
    case "modules":
      return <Modules />;
    case "status":
      return <Status />;
    case "audit":
      return <AuditLog />;
    case "content":
      return <ContentEntries />;
    case "media":
      return <Media />;
    case "taxonomy":
      return <Taxonomy />;
    case "blog":
      return <BlogPosts />;
    case "comments":
      return <BlogComments />;
    case "products":
      return <Products />;
    case "warehouses":
      return <Warehouses />;
    case "orders":
      return <Orders />;
    case "customers":
      return <Customers />;
    case "customer-groups":
      return <CustomerGroups />;
    case "taxes":
      return <Taxes />;
    case "shipping":
      return <Shipping />;
    case "discounts":
      return <Discounts />;
    case "webhooks":
      return <Webhooks />;
    case "members":
      return <Members />;
    case "roles":
      return <Roles />;
    case "api-keys":
      return <ApiKeys />;
    case "tenants":
      return <Tenants />;
    default:
      return null;
  }
}
