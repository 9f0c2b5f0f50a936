// The signed-in session: the cookie form of login, the refresh token kept for this tab only,
// the chosen tenant, and `me` with its memberships and permissions.
import { graphql } from "../gql";
import type { MeQuery } from "../gql/graphql";
import { GraphQLClient, RequestError } from "./client";
import type { UserError } from "./errors";

const REFRESH_KEY = "rustok.admin.refresh";
const TENANT_KEY = "rustok.admin.tenant";

export const MeDocument = graphql(`
  query Me {
    me {
      user { id email displayName isPlatformAdmin }
      memberships { tenant { slug name } roles permissions }
    }
  }
`);

const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { refreshToken errors { code field message } }
  }
`);

const TokenRefreshDocument = graphql(`
  mutation TokenRefresh($input: TokenRefreshInput!) {
    tokenRefresh(input: $input) { refreshToken errors { code field message } }
  }
`);

const LogoutDocument = graphql(`
  mutation Logout {
    logout { revoked errors { code field message } }
  }
`);

export type Me = MeQuery["me"];
export type Membership = Me["memberships"][number];

/** Storage the session uses (window.sessionStorage / localStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * One browser tab's session. The access token lives only in the HttpOnly cookie the server
 * sets; the refresh token is kept in sessionStorage (this tab, cleared when it closes) so a
 * reload or an expired access token does not force a new sign-in.
 */
export class Session {
  readonly client: GraphQLClient;
  private tenantSlug: string | null;
  private renewing: Promise<boolean> | null = null;
  private readonly tabStore: KeyValueStore;
  private readonly prefsStore: KeyValueStore;

  constructor(tabStore: KeyValueStore, prefsStore: KeyValueStore) {
    this.tabStore = tabStore;
    this.prefsStore = prefsStore;
    this.tenantSlug = prefsStore.getItem(TENANT_KEY);
    this.client = new GraphQLClient({ tenant: () => this.tenantSlug, renewSession: () => this.renew() });
  }

  get tenant(): string | null {
    return this.tenantSlug;
  }

  /** Pick the tenant later requests act in (remembered across visits). */
  selectTenant(slug: string | null): void {
    this.tenantSlug = slug;
    if (slug) {
      this.prefsStore.setItem(TENANT_KEY, slug);
    } else {
      this.prefsStore.removeItem(TENANT_KEY);
    }
  }

  /** Sign in; return the payload's errors (empty when signed in). */
  async signIn(email: string, password: string): Promise<UserError[]> {
    const data = await this.client.request(
      LoginDocument,
      { input: { email, password, useCookie: true } },
      { renew: false },
    );
    if (data.login.errors.length === 0 && data.login.refreshToken) {
      this.tabStore.setItem(REFRESH_KEY, data.login.refreshToken);
    }
    return data.login.errors;
  }

  /** Sign out on the server (best effort) and forget the refresh token. */
  async signOut(): Promise<void> {
    try {
      await this.client.request(LogoutDocument, {}, { renew: false });
    } catch (error) {
      if (!(error instanceof RequestError)) {
        throw error;
      }
    } finally {
      this.tabStore.removeItem(REFRESH_KEY);
    }
  }

  /** Load `me`; SessionExpired propagates when there is no session to renew. */
  async me(): Promise<Me> {
    const data = await this.client.request(MeDocument, {});
    return data.me;
  }

  /** Whether a refresh token was kept (a session that may have expired, not a new visitor). */
  get hadSession(): boolean {
    return this.tabStore.getItem(REFRESH_KEY) !== null;
  }

  private renew(): Promise<boolean> {
    // Refresh tokens rotate and a reused one ends the session: share one attempt.
    this.renewing ??= this.tradeRefreshToken().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async tradeRefreshToken(): Promise<boolean> {
    const refreshToken = this.tabStore.getItem(REFRESH_KEY);
    if (refreshToken === null) {
      return false;
    }
    try {
      const data = await this.client.request(
        TokenRefreshDocument,
        { input: { refreshToken, useCookie: true } },
        { renew: false },
      );
      const next = data.tokenRefresh.refreshToken;
      if (data.tokenRefresh.errors.length === 0 && next) {
        this.tabStore.setItem(REFRESH_KEY, next);
        return true;
      }
    } catch (error) {
      if (!(error instanceof RequestError)) {
        throw error;
      }
    }
    this.tabStore.removeItem(REFRESH_KEY);
    return false;
  }
}

/** The membership of `slug` in `me`, if any. */
export function membershipOf(me: Me, slug: string | null): Membership | undefined {
  return me.memberships.find((membership) => membership.tenant.slug === slug);
}
