// What every screen shares: the session, `me`, the current tenant and its permissions.
import { createContext, useCallback, useContext, useEffect, useState } from "react";
import { SessionExpired } from "./api/client";
import { membershipOf, type Me, type Session } from "./api/session";

export interface Admin {
  session: Session;
  me: Me;
  tenant: string | null;
  /** Whether the user holds `permission` in the current tenant. */
  can: (permission: string) => boolean;
  /** The session is gone: back to the sign-in screen with a message. */
  expire: () => void;
}

export const AdminContext = createContext<Admin | null>(null);

/** The shared admin state (inside the signed-in shell). */
export function useAdmin(): Admin {
  const admin = useContext(AdminContext);
  if (admin === null) {
    throw new Error("useAdmin() outside the signed-in shell");
  }
  return admin;
}

/** Build the `can` of a tenant from `me`. */
export function permissionsIn(me: Me, tenant: string | null): (permission: string) => boolean {
  const granted = new Set(membershipOf(me, tenant)?.permissions ?? []);
  return (permission) => granted.has(permission);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Load data for a screen; an expired session sends the user to sign in. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const { expire } = useAdmin();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (error instanceof SessionExpired) {
          expire();
        } else if (live) {
          setState({ data: undefined, error, loading: false });
        }
      },
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render: callers list what it reads in `deps` instead.
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { ...state, reload };
}

/** Run an action; an expired session sends the user to sign in, other errors are returned. */
export function useAction(): <T>(action: () => Promise<T>) => Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  const { expire } = useAdmin();
  return useCallback(
    async (action) => {
      try {
        return { ok: true, value: await action() };
      } catch (error) {
        if (error instanceof SessionExpired) {
          expire();
        }
        return { ok: false, error };
      }
    },
    [expire],
  );
}
