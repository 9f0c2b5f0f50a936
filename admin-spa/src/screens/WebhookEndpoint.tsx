import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { SecretOnce } from "../components/SecretOnce";
import { splitErrors } from "../api/errors";
import { graphql } from "../gql";
import type { WebhookEndpointQuery } from "../gql/graphql";
import { endpointState } from "../lib/webhooks";
import { WebhookDeliveries } from "./WebhookDeliveries";
import { WebhookEndpointForm, type EndpointInput, type EndpointSaved } from "./WebhookEndpointForm";

const WebhookEndpointDocument = graphql(`
  query WebhookEndpoint($id: ID!) {
    webhookEndpoint(id: $id) {
      id url description eventTypes isActive disabledReason headerNames secretOverlapEndsAt createdAt updatedAt
    }
  }
`);

const WebhookEndpointUpdateDocument = graphql(`
  mutation WebhookEndpointUpdate($input: WebhookEndpointUpdateInput!) {
    webhookEndpointUpdate(input: $input) {
      webhookEndpoint { id isActive disabledReason }
      errors { code field message }
    }
  }
`);

const WebhookEndpointSecretRotateDocument = graphql(`
  mutation WebhookEndpointSecretRotate($input: WebhookEndpointSecretRotateInput!) {
    webhookEndpointSecretRotate(input: $input) { secret overlapEndsAt errors { code field message } }
  }
`);

const WebhookEndpointPingDocument = graphql(`
  mutation WebhookEndpointPing($input: WebhookEndpointPingInput!) {
    webhookEndpointPing(input: $input) { eventId errors { code field message } }
  }
`);

const WebhookEndpointDeleteDocument = graphql(`
  mutation WebhookEndpointDelete($id: ID!) {
    webhookEndpointDelete(id: $id) { deletedId errors { code field message } }
  }
`);

type Endpoint = NonNullable<WebhookEndpointQuery["webhookEndpoint"]>;
type Dialog = "rotate" | "delete" | null;

/** One webhook endpoint: its state, switch, secret rotation, deletion, edit form and delivery log. */
export function WebhookEndpoint({ id }: { id: string }) {
  const { session, can } = useAdmin();
  const loaded = useLoad(() => session.client.request(WebhookEndpointDocument, { id }), [id]);
  const [deleted, setDeleted] = useState<string | null>(null);
  // Bumped when a ping queues a delivery, so the log shows it.
  const [sent, setSent] = useState(0);
  const endpoint = loaded.data?.webhookEndpoint;
  if (deleted) {
    return (
      <>
        <h1>Endpoint deleted</h1>
        <InfoNotice>{deleted} receives nothing more.</InfoNotice>
        <Link to="webhooks">← Webhooks</Link>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to="webhooks">← Webhooks</Link>
      </p>
      <ErrorNotice error={loaded.error} />
      {loaded.data && !endpoint && <p>There is no such endpoint in this tenant.</p>}
      {endpoint && (
        <>
          <EndpointSummary
            endpoint={endpoint}
            onChanged={loaded.reload}
            onPinged={() => setSent(sent + 1)}
            onDeleted={() => setDeleted(endpoint.url)}
          />
          {can("webhooks.manage_endpoints") && <EndpointEdit key={endpoint.id} endpoint={endpoint} onSaved={loaded.reload} />}
          {can("webhooks.view_deliveries") && <WebhookDeliveries endpointId={endpoint.id} sent={sent} />}
        </>
      )}
    </>
  );
}

interface SummaryProps {
  endpoint: Endpoint;
  onChanged: () => void;
  onPinged: () => void;
  onDeleted: () => void;
}

function EndpointSummary({ endpoint, onChanged, onPinged, onDeleted }: SummaryProps) {
  const { session, can } = useAdmin();
  const run = useAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [secret, setSecret] = useState<{ secret: string; overlapEndsAt: string | null } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [pinged, setPinged] = useState<string | null>(null);
  const state = endpointState(endpoint);

  const ping = async () => {
    setBusy(true);
    setPinged(null);
    const result = await run(() => session.client.request(WebhookEndpointPingDocument, { input: { endpointId: endpoint.id } }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.webhookEndpointPing;
      setErrors(payload.errors.map((error) => error.message));
      if (payload.eventId) {
        setPinged(`Test ping sent (event ${payload.eventId}); its delivery appears in the log below.`);
        onPinged();
      }
    }
  };

  const switchActive = async () => {
    setBusy(true);
    const result = await run(() =>
      session.client.request(WebhookEndpointUpdateDocument, { input: { id: endpoint.id, isActive: !endpoint.isActive } }),
    );
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      setErrors(result.value.webhookEndpointUpdate.errors.map((error) => error.message));
      onChanged();
    }
  };

  return (
    <section aria-labelledby="endpoint-title">
      <h1 id="endpoint-title">{endpoint.url}</h1>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <span className={`badge health-${state.tone}`}>{state.label}</span>
          {state.reason && <span className="muted"> — {state.reason}</span>}
        </dd>
        <dt>Description</dt>
        <dd>{endpoint.description || "—"}</dd>
        <dt>Event types</dt>
        <dd>{endpoint.eventTypes.join(", ")}</dd>
        <dt>Custom headers</dt>
        <dd>{endpoint.headerNames.length > 0 ? endpoint.headerNames.join(", ") : "—"}</dd>
        <dt>Created</dt>
        <dd>{new Date(endpoint.createdAt).toLocaleString()}</dd>
        {endpoint.secretOverlapEndsAt && (
          <>
            <dt>Previous secret signs until</dt>
            <dd>{new Date(endpoint.secretOverlapEndsAt).toLocaleString()}</dd>
          </>
        )}
      </dl>
      {can("webhooks.manage_endpoints") && (
        <div className="actions">
          <button type="button" onClick={() => void switchActive()} disabled={busy}>
            {endpoint.isActive ? "Disable" : "Enable"}
          </button>
          <button type="button" onClick={() => void ping()} disabled={busy}>
            Send test ping
          </button>
          <button type="button" onClick={() => setDialog("rotate")}>
            Rotate secret
          </button>
          <button type="button" className="danger" onClick={() => setDialog("delete")}>
            Delete
          </button>
        </div>
      )}
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
      {pinged && <InfoNotice>{pinged}</InfoNotice>}
      {secret && (
        <SecretOnce
          title="New signing secret"
          secret={secret.secret}
          hint={
            secret.overlapEndsAt
              ? `Until ${new Date(secret.overlapEndsAt).toLocaleString()} deliveries carry both signatures, so receivers can switch at any moment.`
              : "The previous secret stopped signing at once."
          }
          onDone={() => setSecret(null)}
        />
      )}
      {dialog === "rotate" && (
        <RotateDialog
          endpointId={endpoint.id}
          onRotated={(rotated) => {
            setDialog(null);
            setSecret(rotated);
            onChanged();
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === "delete" && <DeleteDialog endpoint={endpoint} onDeleted={onDeleted} onCancel={() => setDialog(null)} />}
    </section>
  );
}

interface RotateDialogProps {
  endpointId: string;
  onRotated: (rotated: { secret: string; overlapEndsAt: string | null }) => void;
  onCancel: () => void;
}

function RotateDialog({ endpointId, onRotated, onCancel }: RotateDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [hours, setHours] = useState("24");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState(splitErrors([], ["overlapHours"]));

  const rotate = async () => {
    const overlapHours = Number(hours);
    if (hours.trim() === "" || !Number.isInteger(overlapHours)) {
      setErrors({ byField: { overlapHours: ["Give a whole number of hours."] }, general: [] });
      return;
    }
    setBusy(true);
    const result = await run(() =>
      session.client.request(WebhookEndpointSecretRotateDocument, { input: { id: endpointId, overlapHours } }),
    );
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.webhookEndpointSecretRotate;
      setErrors(splitErrors(payload.errors, ["overlapHours"]));
      if (payload.secret) {
        onRotated({ secret: payload.secret, overlapEndsAt: payload.overlapEndsAt ?? null });
      }
    }
  };

  return (
    <ConfirmDialog title="Rotate the signing secret?" confirmLabel="Rotate secret" busy={busy} onConfirm={() => void rotate()} onCancel={onCancel}>
      <p className="consequence">A new secret signs from now on; it is shown once. The current one keeps signing beside it for the overlap.</p>
      <div className="field">
        <label htmlFor="rotate-overlap">Overlap (hours, 0 to 168)</label>
        <input
          id="rotate-overlap"
          type="text"
          inputMode="numeric"
          value={hours}
          onChange={(event) => setHours(event.target.value)}
          aria-invalid={errors.byField.overlapHours ? true : undefined}
          aria-describedby="rotate-overlap-error"
        />
        <FieldErrors id="rotate-overlap-error" messages={errors.byField.overlapHours} />
      </div>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

interface DeleteDialogProps {
  endpoint: Endpoint;
  onDeleted: () => void;
  onCancel: () => void;
}

function DeleteDialog({ endpoint, onDeleted, onCancel }: DeleteDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);

  const remove = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(WebhookEndpointDeleteDocument, { id: endpoint.id }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.webhookEndpointDelete;
      setErrors(payload.errors.map((error) => error.message));
      if (payload.deletedId) {
        onDeleted();
      }
    }
  };

  return (
    <ConfirmDialog title="Delete this endpoint?" confirmLabel="Delete endpoint" busy={busy} onConfirm={() => void remove()} onCancel={onCancel}>
      <p className="consequence">
        Nothing more is sent to <strong>{endpoint.url}</strong>, and deliveries still pending are skipped. This cannot be undone.
      </p>
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

function EndpointEdit({ endpoint, onSaved }: { endpoint: Endpoint; onSaved: () => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const save = async (input: EndpointInput): Promise<EndpointSaved> => {
    const changes = {
      id: endpoint.id,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      ...(input.headers === null ? {} : { headers: input.headers }),
    };
    const result = await run(() => session.client.request(WebhookEndpointUpdateDocument, { input: changes }));
    if (!result.ok) {
      return { errors: [], failure: result.error };
    }
    const payload = result.value.webhookEndpointUpdate;
    if (payload.errors.length === 0) {
      onSaved();
    }
    return { errors: payload.errors, failure: null };
  };
  return <WebhookEndpointForm mode="edit" initial={endpoint} onSave={save} />;
}
