import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { Link } from "../components/Link";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { SecretOnce } from "../components/SecretOnce";
import { graphql } from "../gql";
import type { WebhookEndpointsQuery } from "../gql/graphql";
import { counted } from "../lib/plural";
import { endpointState } from "../lib/webhooks";
import { WebhookEndpointForm, type EndpointInput, type EndpointSaved } from "./WebhookEndpointForm";

const WebhookEndpointsDocument = graphql(`
  query WebhookEndpoints($first: Int!, $after: String) {
    webhookEndpoints(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id url description eventTypes isActive disabledReason headerNames createdAt } }
    }
  }
`);

const WebhookEndpointCreateDocument = graphql(`
  mutation WebhookEndpointCreate($input: WebhookEndpointCreateInput!) {
    webhookEndpointCreate(input: $input) {
      webhookEndpoint { id url }
      secret
      errors { code field message }
    }
  }
`);

const PAGE = 20;

type Endpoint = WebhookEndpointsQuery["webhookEndpoints"]["edges"][number]["node"];

/** The tenant's webhook endpoints, and a form to add one (its secret shown once). */
export function Webhooks() {
  const { session, can } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [created, setCreated] = useState<{ id: string; url: string; secret: string } | null>(null);
  const list = useLoad(() => session.client.request(WebhookEndpointsDocument, { first: PAGE, after }), [after]);
  const run = useAction();
  const page = list.data?.webhookEndpoints;

  const create = async (input: EndpointInput): Promise<EndpointSaved> => {
    const result = await run(() =>
      session.client.request(WebhookEndpointCreateDocument, { input: { ...input, headers: input.headers ?? [] } }),
    );
    if (!result.ok) {
      return { errors: [], failure: result.error };
    }
    const payload = result.value.webhookEndpointCreate;
    if (payload.webhookEndpoint && payload.secret) {
      setCreated({ ...payload.webhookEndpoint, secret: payload.secret });
      list.reload();
    }
    return { errors: payload.errors, failure: null };
  };

  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">Events of this tenant are POSTed to these endpoints, signed per Standard Webhooks.</p>
      <ErrorNotice error={list.error} />
      {page && page.totalCount === 0 && <p>No endpoints yet.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "endpoint", "endpoints")}</p>
          <EndpointTable endpoints={page.edges.map((edge) => edge.node)} />
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
      {created && (
        <SecretOnce
          title={`Signing secret of ${created.url}`}
          secret={created.secret}
          hint="Verify every delivery's webhook-signature with it, using any Standard Webhooks library."
          onDone={() => setCreated(null)}
        />
      )}
      {created && (
        <p>
          <Link to={`webhooks/${encodeURIComponent(created.id)}`}>Open the new endpoint</Link>
        </p>
      )}
      {can("webhooks.manage_endpoints") && !created && (
        <WebhookEndpointForm
          key={formKey}
          mode="create"
          initial={{ url: "", description: "", eventTypes: [], headerNames: [] }}
          onSave={async (input) => {
            const saved = await create(input);
            if (saved.failure === null && saved.errors.length === 0) {
              setFormKey(formKey + 1);
            }
            return saved;
          }}
        />
      )}
    </>
  );
}

function EndpointTable({ endpoints }: { endpoints: readonly Endpoint[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Event types</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((endpoint) => {
            const state = endpointState(endpoint);
            return (
              <tr key={endpoint.id} data-endpoint={endpoint.url}>
                <th scope="row">
                  <Link to={`webhooks/${encodeURIComponent(endpoint.id)}`}>{endpoint.url}</Link>
                  {endpoint.description && <div className="muted">{endpoint.description}</div>}
                </th>
                <td>{endpoint.eventTypes.join(", ")}</td>
                <td>
                  <span className={`badge health-${state.tone}`}>{state.label}</span>
                  {state.reason && <div className="muted">{state.reason}</div>}
                </td>
                <td>{new Date(endpoint.createdAt).toLocaleString()}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
