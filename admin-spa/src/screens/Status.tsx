import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { DeadLettersQuery } from "../gql/graphql";
import { counted } from "../lib/plural";

const DeadLettersDocument = graphql(`
  query DeadLetters($first: Int!, $after: String) {
    deadLetters(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          subscriber attempts lastError failedAt
          event { id type version aggregateType aggregateId sequence occurredAt actor payload }
        }
      }
    }
  }
`);

const DeadLetterReplayDocument = graphql(`
  mutation DeadLetterReplay($input: DeadLetterReplayInput!) {
    deadLetterReplay(input: $input) { replayed errors { code field message } }
  }
`);

const IndexStatusDocument = graphql(`
  query IndexStatus {
    indexStatus {
      subscriber kind module lagEvents lagSeconds retrying dead lastEventOccurredAt lastAppliedAt
    }
  }
`);

const IndexRebuildDocument = graphql(`
  mutation IndexRebuild($projection: String!) {
    indexRebuild(projection: $projection) { projection refreshed errors { code field message } }
  }
`);

const PAGE = 20;

type DeadLetter = DeadLettersQuery["deadLetters"]["edges"][number]["node"];

/** System status: the event pipeline's dead letters and every subscriber's progress. */
export function Status() {
  const { can } = useAdmin();
  const sections = [can("core.view_events") && <DeadLetters key="dead" />, can("core.view_index") && <IndexStatus key="index" />];
  return (
    <>
      <h1>System status</h1>
      {sections.some(Boolean) ? sections : <p>You may not see the event pipeline or the index in this tenant.</p>}
    </>
  );
}

function DeadLetters() {
  const { session, can } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const list = useLoad(() => session.client.request(DeadLettersDocument, { first: PAGE, after }), [after]);
  const page = list.data?.deadLetters;
  const replayed = (message: string) => {
    setOutcome(message);
    list.reload();
  };
  return (
    <section aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">Dead letters</h2>
      <p className="muted">Deliveries that failed every retry. Replaying sends the event to that subscriber again.</p>
      <ErrorNotice error={list.error} />
      {outcome && <InfoNotice>{outcome}</InfoNotice>}
      {page && page.totalCount === 0 && <p>No dead letters.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{page.totalCount} dead letters</p>
          <ul className="dead-letters">
            {page.edges.map(({ node }) => (
              <DeadLetterItem key={`${node.event.id}/${node.subscriber}`} letter={node} canReplay={can("core.manage_events")} onReplayed={replayed} />
            ))}
          </ul>
          <div className="actions">
            {after !== null && (
              <button type="button" onClick={() => setAfter(null)}>
                First page
              </button>
            )}
            {page.pageInfo.hasNextPage && (
              <button type="button" onClick={() => setAfter(page.pageInfo.endCursor ?? null)}>
                Next page
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

interface DeadLetterItemProps {
  letter: DeadLetter;
  canReplay: boolean;
  onReplayed: (message: string) => void;
}

function DeadLetterItem({ letter, canReplay, onReplayed }: DeadLetterItemProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const { event } = letter;
  const detailsId = `dead-${event.id}-${letter.subscriber}`;

  const replay = async () => {
    setBusy(true);
    const result = await run(() =>
      session.client.request(DeadLetterReplayDocument, { input: { eventId: event.id, subscriber: letter.subscriber } }),
    );
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.deadLetterReplay;
    setErrors(payload.errors.map((error) => error.message));
    if (payload.errors.length === 0) {
      onReplayed(`Replayed ${event.type} to ${letter.subscriber} (${payload.replayed} queued).`);
    }
  };

  return (
    <li className="card dead-letter">
      <div className="dead-letter-summary">
        <span>
          <strong>{event.type}</strong> → {letter.subscriber}
        </span>
        <span className="muted">
          {letter.attempts} attempts, failed {new Date(letter.failedAt).toLocaleString()}
        </span>
        <span className="actions">
          <button type="button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
            {open ? "Hide" : "Inspect"}
          </button>
          {canReplay && (
            <button type="button" onClick={replay} disabled={busy}>
              Replay
            </button>
          )}
        </span>
      </div>
      <p className="error-text">{letter.lastError}</p>
      {open && (
        <pre id={detailsId} className="json" tabIndex={0}>
          {JSON.stringify(event, null, 2)}
        </pre>
      )}
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </li>
  );
}

function IndexStatus() {
  const { session, can } = useAdmin();
  const run = useAction();
  const status = useLoad(() => session.client.request(IndexStatusDocument, {}), []);
  const [rebuilding, setRebuilding] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const canRebuild = can("core.manage_index");

  const rebuild = async (projection: string) => {
    setBusy(true);
    const result = await run(() => session.client.request(IndexRebuildDocument, { projection }));
    setBusy(false);
    setRebuilding(null);
    setOutcome(null);
    setErrors([]);
    setFailure(null);
    if (!result.ok) {
      setFailure(result.error);
    } else if (result.value.indexRebuild.errors.length > 0) {
      setErrors(result.value.indexRebuild.errors.map((error) => error.message));
    } else {
      const refreshed = counted(result.value.indexRebuild.refreshed, "aggregate", "aggregates");
      setOutcome(`Rebuilt ${projection}: ${refreshed} refreshed.`);
    }
    status.reload();
  };

  return (
    <section aria-labelledby="index-title">
      <h2 id="index-title">Index and subscribers</h2>
      <ErrorNotice error={status.error} />
      {outcome && <InfoNotice>{outcome}</InfoNotice>}
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
      <div className="actions">
        <button type="button" onClick={status.reload}>
          Refresh
        </button>
      </div>
      {status.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Subscriber</th>
                <th scope="col">Kind</th>
                <th scope="col">Lag (events)</th>
                <th scope="col">Lag (s)</th>
                <th scope="col">Retrying</th>
                <th scope="col">Dead</th>
                <th scope="col">Last event</th>
                <th scope="col">Last applied</th>
                {canRebuild && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {status.data.indexStatus.map((row) => (
                <tr key={row.subscriber} data-subscriber={row.subscriber}>
                  <th scope="row">{row.subscriber}</th>
                  <td>{row.kind.toLowerCase()}</td>
                  <td>{row.lagEvents}</td>
                  <td>{row.lagSeconds.toFixed(1)}</td>
                  <td>{row.retrying}</td>
                  <td>{row.dead}</td>
                  <td>{row.lastEventOccurredAt ? new Date(row.lastEventOccurredAt).toLocaleString() : "—"}</td>
                  <td>{row.lastAppliedAt ? new Date(row.lastAppliedAt).toLocaleString() : "—"}</td>
                  {canRebuild && (
                    <td>
                      {row.kind === "PROJECTION" && (
                        <button type="button" onClick={() => setRebuilding(row.subscriber)} disabled={busy}>
                          Rebuild {row.subscriber}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rebuilding && (
        <ConfirmDialog
          title={`Rebuild ${rebuilding}?`}
          confirmLabel={busy ? "Rebuilding…" : "Rebuild"}
          busy={busy}
          onConfirm={() => void rebuild(rebuilding)}
          onCancel={() => !busy && setRebuilding(null)}
        >
          <p>
            Its read rows in this tenant are rebuilt from the source tables. Writes go on meanwhile and no row goes missing, but a large
            shop takes a while.
          </p>
          {busy && <p role="status">Rebuilding…</p>}
        </ConfirmDialog>
      )}
    </section>
  );
}
