// Webhook endpoints and their delivery log, as the screens show and edit them.

export interface HeaderRow {
  name: string;
  value: string;
}

/** Event type patterns typed one per line or separated by commas or spaces. */
export function parseEventTypes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== "");
}

/** The headers to send: rows left entirely blank are dropped, the rest sent as typed. */
export function headersToSend(rows: readonly HeaderRow[]): HeaderRow[] {
  return rows.filter((row) => row.name.trim() !== "" || row.value !== "").map((row) => ({ name: row.name.trim(), value: row.value }));
}

/**
 * The form's fields for payload errors, most specific first: `headers.<i>.name|value` for each
 * header sent, then the endpoint's own fields.
 */
export function endpointFields(headerCount: number): string[] {
  const headers = Array.from({ length: headerCount }, (_, index) => [`headers.${index}.name`, `headers.${index}.value`]).flat();
  return [...headers, "headers", "url", "description", "eventTypes"];
}

/**
 * Which form row a sent header came from: blank rows are not sent, so the i-th header sent is
 * not always the i-th row.
 */
export function sentHeaderRows(rows: readonly HeaderRow[]): number[] {
  return rows.flatMap((row, index) => (row.name.trim() !== "" || row.value !== "" ? [index] : []));
}

export interface EndpointStateInput {
  isActive: boolean;
  disabledReason?: string | null;
}

export interface EndpointState {
  /** Short: `active`, `off`, `disabled`. */
  label: string;
  /** Why, when deliveries switched it off. */
  reason: string | null;
  tone: "pass" | "warn" | "fail";
}

const REASONS: Record<string, string> = {
  gone: "the receiver answered 410 Gone",
  failing: "its deliveries failed for too long",
};

/** An endpoint's state: on, switched off by an admin, or disabled by its deliveries (and why). */
export function endpointState(endpoint: EndpointStateInput): EndpointState {
  if (endpoint.isActive) {
    return { label: "active", reason: null, tone: "pass" };
  }
  if (endpoint.disabledReason) {
    return { label: "disabled", reason: REASONS[endpoint.disabledReason] ?? endpoint.disabledReason, tone: "fail" };
  }
  return { label: "off", reason: null, tone: "warn" };
}

export interface AttemptInput {
  status?: number | null;
  latencyMs: number;
  error?: string | null;
}

/** One attempt in a few words: `200 in 12 ms`, `no answer after 15000 ms: timeout`. */
export function attemptOutcome(attempt: AttemptInput): string {
  if (attempt.status === null || attempt.status === undefined) {
    return `no answer after ${attempt.latencyMs} ms${attempt.error ? `: ${attempt.error}` : ""}`;
  }
  return `${attempt.status} in ${attempt.latencyMs} ms`;
}

/** Whether an HTTP status counts as delivered (2xx). */
export function isSuccess(status: number | null | undefined): boolean {
  return status !== null && status !== undefined && status >= 200 && status < 300;
}

/** The tone of a delivery state for its badge. */
export function deliveryTone(state: string): "pass" | "warn" | "fail" {
  if (state === "delivered") return "pass";
  if (state === "dead") return "fail";
  return "warn";
}
