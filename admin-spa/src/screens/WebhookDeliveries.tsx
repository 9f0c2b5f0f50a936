import { useState } from "react";
import { useAdmin, useLoad } from "../admin";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { WebhookDeliveriesQuery } from "../gql/graphql";
import { counted } from "../lib/plural";
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

const PAGE = 20;

type Delivery = WebhookDeliveriesQuery["webhookDeliveries"]["edges"][number]["node"];
type Attempt = Delivery["attempts"][number];

/** An endpoint's delivery log, newest first: each delivery's state and every attempt. */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const log = useLoad(
    () => session.client.request(WebhookDeliveriesDocument, { endpointId, first: PAGE, after }),
    [endpointId, after],
  );
  const page = log.data?.webhookDeliveries;
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <div className="actions">
        <button type="button" onClick={log.reload} disabled={log.loading}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={log.error} />
      {page && page.totalCount === 0 && <p>Nothing has been sent to this endpoint yet.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "delivery", "deliveries")}</p>
          <ul className="deliveries">
            {page.edges.map(({ node }) => (
              <DeliveryItem key={node.id} delivery={node} />
            ))}
          </ul>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
    </section>
  );
}

function DeliveryItem({ delivery }: { delivery: Delivery }) {
  const [open, setOpen] = useState(false);
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
      </div>
      <p className="muted">webhook-id {delivery.webhookId}</p>
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
