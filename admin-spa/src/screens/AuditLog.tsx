import { Fragment, useState, type FormEvent } from "react";
import { useAdmin, useLoad } from "../admin";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { AuditLogQuery } from "../gql/graphql";
import { EMPTY_AUDIT_FILTER, auditFilterOf, type AuditFilterForm } from "../lib/audit";
import { counted } from "../lib/plural";

const AuditLogDocument = graphql(`
  query AuditLog(
    $first: Int!
    $after: String
    $type: String
    $actor: String
    $aggregateType: String
    $aggregateId: String
    $since: DateTime
    $until: DateTime
  ) {
    auditLog(
      first: $first
      after: $after
      type: $type
      actor: $actor
      aggregateType: $aggregateType
      aggregateId: $aggregateId
      since: $since
      until: $until
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { eventId occurredAt type actor aggregateType aggregateId version payload } }
    }
  }
`);

type Entry = AuditLogQuery["auditLog"]["edges"][number]["node"];

const PAGE = 25;

const FIELDS: { key: keyof AuditFilterForm; label: string; type: "text" | "datetime-local" }[] = [
  { key: "type", label: "Event type (or a prefix like blog.*)", type: "text" },
  { key: "actor", label: "Actor (like user:<id>)", type: "text" },
  { key: "aggregateType", label: "Target type", type: "text" },
  { key: "aggregateId", label: "Target id", type: "text" },
  { key: "since", label: "Since", type: "datetime-local" },
  { key: "until", label: "Until", type: "datetime-local" },
];

/** The tenant's history, newest first: filtered by type, actor, target and time, paged back. */
export function AuditLog() {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const list = useLoad(async () => {
    const variables = { first: PAGE, after, ...auditFilterOf(applied) };
    return (await session.client.request(AuditLogDocument, variables)).auditLog;
  }, [after, applied]);
  const apply = (next: AuditFilterForm) => {
    setForm(next);
    setAfter(null);
    setApplied(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(form);
  };
  const page = list.data;
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Who did what to which target, and when: newest first, only the event types you may see.</p>
      <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={submit}>
        {FIELDS.map(({ key, label, type }) => (
          <Fragment key={key}>
            <label htmlFor={`audit-${key}`}>{label}</label>
            <input id={`audit-${key}`} type={type} value={form[key]} onChange={(event) => setForm({ ...form, [key]: event.target.value })} />
          </Fragment>
        ))}
        <button type="submit">Filter</button>
        <button type="button" onClick={() => apply(EMPTY_AUDIT_FILTER)}>
          Clear
        </button>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </form>
      <ErrorNotice error={list.error} />
      {page && page.totalCount === 0 && <p>No entries match.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "entry", "entries")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Event type</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => (
                  <AuditRow key={node.eventId} entry={node} onFilter={(changes) => apply({ ...EMPTY_AUDIT_FILTER, ...changes })} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} firstLabel="Newest entries" nextLabel="Older entries" />
        </>
      )}
    </>
  );
}

interface AuditRowProps {
  entry: Entry;
  onFilter: (changes: Partial<AuditFilterForm>) => void;
}

function AuditRow({ entry, onFilter }: AuditRowProps) {
  const [open, setOpen] = useState(false);
  const detailsId = `audit-${entry.eventId}`;
  return (
    <>
      <tr data-audit-type={entry.type}>
        <td>{new Date(entry.occurredAt).toLocaleString()}</td>
        <td>{entry.actor}</td>
        <th scope="row">{entry.type}</th>
        <td>
          {entry.aggregateType} <span className="muted">{entry.aggregateId}</span>
        </td>
        <td>
          <button type="button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
            {open ? "Hide" : "Show"} {entry.type}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailsId}>
          <td colSpan={5}>
            {entry.payload == null ? (
              <p className="muted">This entry was recorded before the log kept payloads.</p>
            ) : (
              <>
                <p className="muted">Payload, version {entry.version}:</p>
                <pre className="json" tabIndex={0}>
                  {JSON.stringify(entry.payload, null, 2)}
                </pre>
              </>
            )}
            <div className="actions">
              <button type="button" onClick={() => onFilter({ aggregateType: entry.aggregateType, aggregateId: entry.aggregateId })}>
                This target's history
              </button>
              <button type="button" onClick={() => onFilter({ actor: entry.actor })}>
                Everything by {entry.actor}
              </button>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
