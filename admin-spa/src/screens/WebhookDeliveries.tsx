import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors } from "../api/errors";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { WebhookDeliveriesQuery } from "../gql/graphql";
import { counted } from "../lib/plural";
import { localInputHoursBefore, localToUtc } from "../lib/time";
import { attemptOutcome, deliveryTone, isSuccess } from "../lib/webhooks";

const WebhookDeliveriesDocument = graphql(`
  query WebhookDeliveries($endpointId: ID!, $first: Int!, $after: String) {
    webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id webhookId eventId state attemptCount nextAttemptAt lastStatus createdAt deliveredAt
          attempts { attempt attemptedAt status latencyMs requestHeaders { name value } responseBody error }
        }
      }
    }
  }
`);

const WebhookRedeliverDocument = graphql(`
  mutation WebhookRedeliver($input: WebhookRedeliverInput!) {
    webhookRedeliver(input: $input) { webhookDelivery { id state } errors { code field message } }
  }
`);

const WebhookRedeliverFailedDocument = graphql(`
  mutation WebhookRedeliverFailed($input: WebhookRedeliverFailedInput!) {
    webhookRedeliverFailed(input: $input) { queued remaining errors { code field message } }
  }
`);

const PAGE = 20;

type Delivery = WebhookDeliveriesQuery["webhookDeliveries"]["edges"][number]["node"];
type Attempt = Delivery["attempts"][number];

interface DeliveriesProps {
  endpointId: string;
  /** Changes when something was sent from the screen (a ping): the log loads again. */
  sent: number;
}

/** An endpoint's delivery log, newest first: each delivery's state and every attempt; resend. */
export function WebhookDeliveries({ endpointId, sent }: DeliveriesProps) {
  const { session, can } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const log = useLoad(
    () => session.client.request(WebhookDeliveriesDocument, { endpointId, first: PAGE, after }),
    [endpointId, after, sent],
  );
  const page = log.data?.webhookDeliveries;
  const canResend = can("webhooks.manage_endpoints");
  const queued = (message: string) => {
    setOutcome(message);
    log.reload();
  };
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <div className="actions">
        <button type="button" onClick={log.reload} disabled={log.loading}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={log.error} />
      {outcome && <InfoNotice>{outcome}</InfoNotice>}
      {canResend && <RedeliverFailedForm endpointId={endpointId} onQueued={queued} />}
      {page && page.totalCount === 0 && <p>Nothing has been sent to this endpoint yet.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "delivery", "deliveries")}</p>
          <ul className="deliveries">
            {page.edges.map(({ node }) => (
              <DeliveryItem key={node.id} delivery={node} canResend={canResend} onQueued={queued} />
            ))}
          </ul>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
    </section>
  );
}

interface DeliveryItemProps {
  delivery: Delivery;
  canResend: boolean;
  onQueued: (message: string) => void;
}

function DeliveryItem({ delivery, canResend, onQueued }: DeliveryItemProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const redeliver = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(WebhookRedeliverDocument, { input: { deliveryId: delivery.id } }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.webhookRedeliver;
      setErrors(payload.errors.map((error) => error.message));
      if (payload.webhookDelivery) {
        onQueued(`Event ${delivery.eventId} queued to be sent again, with the same webhook-id.`);
      }
    }
  };
  const detailsId = `delivery-${delivery.id}`;
  return (
    <li className="card delivery" data-event={delivery.eventId}>
      <div className="dead-letter-summary">
        <span>
          <span className={`badge health-${deliveryTone(delivery.state)}`}>{delivery.state}</span> event {delivery.eventId}
        </span>
        <span className="muted">
          {counted(delivery.attemptCount, "attempt", "attempts")}
          {delivery.lastStatus !== null && delivery.lastStatus !== undefined && `, last status ${delivery.lastStatus}`}
          {`, queued ${new Date(delivery.createdAt).toLocaleString()}`}
          {delivery.deliveredAt && `, delivered ${new Date(delivery.deliveredAt).toLocaleString()}`}
          {delivery.nextAttemptAt && delivery.state === "pending" && `, next attempt ${new Date(delivery.nextAttemptAt).toLocaleString()}`}
        </span>
        <button type="button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)} disabled={delivery.attempts.length === 0}>
          {open ? "Hide attempts" : "Attempts"}
        </button>
        {canResend && (
          <button type="button" onClick={() => void redeliver()} disabled={busy}>
            Redeliver
          </button>
        )}
      </div>
      <p className="muted">webhook-id {delivery.webhookId}</p>
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
      {open && (
        <ol id={detailsId} className="attempts">
          {delivery.attempts.map((attempt) => (
            <AttemptItem key={attempt.attempt} attempt={attempt} />
          ))}
        </ol>
      )}
    </li>
  );
}

function AttemptItem({ attempt }: { attempt: Attempt }) {
  return (
    <li className="attempt">
      <p>
        <strong className={isSuccess(attempt.status) ? "ok-text" : "error-text"}>{attemptOutcome(attempt)}</strong>
        <span className="muted"> — attempt {attempt.attempt}, {new Date(attempt.attemptedAt).toLocaleString()}</span>
      </p>
      <details>
        <summary>Request headers</summary>
        <table className="headers-table">
          <tbody>
            {attempt.requestHeaders.map((header) => (
              <tr key={header.name}>
                <th scope="row">{header.name}</th>
                <td>{header.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <details>
        <summary>Response (first 4 KiB)</summary>
        <pre className="json" tabIndex={0}>
          {attempt.responseBody || "(empty)"}
        </pre>
      </details>
    </li>
  );
}

function RedeliverFailedForm({ endpointId, onQueued }: { endpointId: string; onQueued: (message: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [since, setSince] = useState(() => localInputHoursBefore(new Date(), 24));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState(splitErrors([], ["since"]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { endpointId, since: localToUtc(since) ?? "" };
    setBusy(true);
    const result = await run(() => session.client.request(WebhookRedeliverFailedDocument, { input }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.webhookRedeliverFailed;
      setErrors(splitErrors(payload.errors, ["since"]));
      if (payload.errors.length === 0) {
        const left = payload.remaining ? ` ${payload.remaining} more are left: send again to queue them.` : "";
        onQueued(`Queued ${counted(payload.queued ?? 0, "dead delivery", "dead deliveries")} again.${left}`);
      }
    }
  };

  return (
    <form onSubmit={submit} className="inline-form" aria-label="Redeliver failed deliveries">
      <div className="field">
        <label htmlFor="redeliver-since">Redeliver the dead deliveries queued since (your local time)</label>
        <input
          id="redeliver-since"
          type="datetime-local"
          required
          value={since}
          onChange={(event) => setSince(event.target.value)}
          aria-invalid={errors.byField.since ? true : undefined}
          aria-describedby="redeliver-since-error"
        />
        <FieldErrors id="redeliver-since-error" messages={errors.byField.since} />
      </div>
      <button type="submit" disabled={busy}>
        Redeliver failed
      </button>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </form>
  );
}
