// A small fetch-based GraphQL client for /graphql: same-origin cookie auth, the CSRF header,
// the tenant header, and one transparent token refresh when the session has expired.
import type { TypedDocumentString } from "../gql/graphql";

/** The header every cookie-authenticated request sends (app/routes.py: CSRF_HEADER). */
export const CSRF_HEADER = "X-RusToK-CSRF";

/** A top-level GraphQL error: the operation did not run (see DESIGN.md, "Mutations"). */
export class RequestError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "RequestError";
    this.code = code;
  }
}

/** The session ended and could not be refreshed: the user must sign in again. */
export class SessionExpired extends RequestError {
  constructor() {
    super("UNAUTHENTICATED", "Your session has expired. Please sign in again.");
    this.name = "SessionExpired";
  }
}

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

interface ResponseBody<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

export interface ClientHooks {
  /** The tenant slug to send as X-Tenant, if any. */
  tenant: () => string | null;
  /** Try to renew the session; resolve true when the request is worth retrying. */
  renewSession: () => Promise<boolean>;
}

export type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

export class GraphQLClient {
  private readonly hooks: ClientHooks;
  private readonly fetcher: Fetcher;
  private readonly endpoint: string;

  constructor(hooks: ClientHooks, fetcher: Fetcher = (input, init) => fetch(input, init), endpoint = "/graphql") {
    this.hooks = hooks;
    this.fetcher = fetcher;
    this.endpoint = endpoint;
  }

  /** Run one operation; throw RequestError for a top-level error, SessionExpired when signed out. */
  async request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options: { renew?: boolean } = {},
  ): Promise<TResult> {
    const body = await this.send<TResult>(document.toString(), variables);
    const error = body.errors?.[0];
    if (error === undefined && body.data) {
      return body.data;
    }
    const code = error?.extensions?.code ?? "INTERNAL";
    if (code === "UNAUTHENTICATED") {
      if (options.renew !== false && (await this.hooks.renewSession())) {
        return this.request(document, variables, { renew: false });
      }
      throw new SessionExpired();
    }
    throw new RequestError(code, error?.message ?? "The server sent no data.");
  }

  /**
   * POST a multipart form to a public route (`/t/<tenant>/media`) with the cookie and the CSRF
   * header, renewing the session once on 401; answer the status and the parsed JSON body.
   */
  async postForm(path: string, form: FormData, options: { renew?: boolean } = {}): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await this.fetcher(path, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", [CSRF_HEADER]: "1" },
        body: form,
      });
    } catch {
      throw new RequestError("NETWORK", "The server cannot be reached. Check your connection and try again.");
    }
    if (response.status === 401) {
      if (options.renew !== false && (await this.hooks.renewSession())) {
        return this.postForm(path, form, { renew: false });
      }
      throw new SessionExpired();
    }
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { status: response.status, body };
  }

  private async send<TResult>(query: string, variables: unknown): Promise<ResponseBody<TResult>> {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: "application/json",
      [CSRF_HEADER]: "1",
    };
    const tenant = this.hooks.tenant();
    if (tenant) {
      headers["X-Tenant"] = tenant;
    }
    let response: Response;
    try {
      response = await this.fetcher(this.endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers,
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new RequestError("NETWORK", "The server cannot be reached. Check your connection and try again.");
    }
    if (response.status === 429) {
      throw new RequestError("RATE_LIMITED", "Too many requests; wait a moment and try again.");
    }
    try {
      return (await response.json()) as ResponseBody<TResult>;
    } catch {
      throw new RequestError("BAD_RESPONSE", `The server answered HTTP ${response.status} without a GraphQL body.`);
    }
  }
}
