// The audit log's filter form as the `auditLog` query's arguments.
import { localToUtc } from "./time";

/** What the filter form holds: text as typed, `datetime-local` bounds. */
export interface AuditFilterForm {
  type: string;
  actor: string;
  aggregateType: string;
  aggregateId: string;
  since: string;
  until: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterForm = { type: "", actor: "", aggregateType: "", aggregateId: "", since: "", until: "" };

/** The query's filter arguments: blanks as null, times as UTC instants. */
export interface AuditFilter {
  type: string | null;
  actor: string | null;
  aggregateType: string | null;
  aggregateId: string | null;
  since: string | null;
  until: string | null;
}

const orNull = (text: string): string | null => (text.trim() === "" ? null : text.trim());

/** The form as the query's arguments. */
export function auditFilterOf(form: AuditFilterForm): AuditFilter {
  return {
    type: orNull(form.type),
    actor: orNull(form.actor),
    aggregateType: orNull(form.aggregateType),
    aggregateId: orNull(form.aggregateId),
    since: localToUtc(form.since),
    until: localToUtc(form.until),
  };
}
