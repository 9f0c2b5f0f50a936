// A minimal History API router: routes are paths below the app's base (`/admin/`).
import { useEffect, useState } from "react";

const BASE = import.meta.env.BASE_URL;

/** The current route, without the base or slashes at either end (`modules/blog/settings`). */
export function currentRoute(): string {
  const path = window.location.pathname;
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : "";
  return rest.replace(/^\/+|\/+$/g, "");
}

/** The href of a route. */
export function hrefOf(route: string): string {
  return `${BASE}${route}`;
}

/** Go to `route`, adding a history entry. */
export function navigate(route: string): void {
  window.history.pushState(null, "", hrefOf(route));
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The current route, re-rendering on navigation. */
export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return route;
}
