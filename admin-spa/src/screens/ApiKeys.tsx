import { useState, type FormEvent } from "react";
import { membershipOf } from "../api/session";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { PermissionPicker } from "../components/PermissionPicker";
import { SecretOnce } from "../components/SecretOnce";
import { graphql } from "../gql";
import type { ApiKeysQuery } from "../gql/graphql";
import { apiKeyState } from "../lib/apiKeys";
import { describePermissions, permissionErrors } from "../lib/permissions";
import { counted } from "../lib/plural";
import { localToUtc } from "../lib/time";
import { PermissionsDocument } from "./Roles";

const ApiKeysDocument = graphql(`
  query ApiKeys($first: Int!, $after: String) {
    apiKeys(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name prefix permissions createdAt expiresAt revokedAt lastUsedAt } }
    }
  }
`);

const ApiKeyCreateDocument = graphql(`
  mutation ApiKeyCreate($input: ApiKeyCreateInput!) {
    apiKeyCreate(input: $input) { apiKey { id name } secret errors { code field message } }
  }
`);

const ApiKeyRevokeDocument = graphql(`
  mutation ApiKeyRevoke($id: ID!) {
    apiKeyRevoke(id: $id) { apiKey { name revokedAt } errors { code field message } }
  }
`);

const PAGE = 20;
const FIELDS = ["name", "expiresAt"];

type ApiKey = ApiKeysQuery["apiKeys"]["edges"][number]["node"];

/** The tenant's API keys: when each was last used; create one (shown once), revoke. */
export function ApiKeys() {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const list = useLoad(() => session.client.request(ApiKeysDocument, { first: PAGE, after }), [after]);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const page = list.data?.apiKeys;
  const now = new Date();

  return (
    <>
      <h1>API keys</h1>
      <p className="muted">Applications send a key as Authorization: Bearer, with the tenant's X-Tenant header.</p>
      <ErrorNotice error={list.error} />
      {outcome && <InfoNotice>{outcome}</InfoNotice>}
      {page && page.totalCount === 0 && <p>No API keys yet.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "key", "keys")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Permissions</th>
                  <th scope="col">State</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => {
                  const state = apiKeyState(node, now);
                  return (
                    <tr key={node.id} data-key={node.name}>
                      <th scope="row">
                        {node.name}
                        <div className="muted">
                          <code>{node.prefix}</code>, created {new Date(node.createdAt).toLocaleString()}
                        </div>
                      </th>
                      <td>{node.permissions.join(", ")}</td>
                      <td>
                        <span className={`badge health-${state.tone}`}>{state.label}</span>
                        {state.since && <div className="muted">{new Date(state.since).toLocaleString()}</div>}
                      </td>
                      <td>{node.lastUsedAt ? new Date(node.lastUsedAt).toLocaleString() : "never"}</td>
                      <td>
                        {!node.revokedAt && (
                          <button type="button" className="danger" onClick={() => setRevoking(node)} aria-label={`Revoke ${node.name}`}>
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
      {created && (
        <SecretOnce
          title={`API key ${created.name}`}
          secret={created.secret}
          hint="Send it as Authorization: Bearer <key> with the tenant's X-Tenant header. Only its hash is stored."
          onDone={() => setCreated(null)}
        />
      )}
      {!created && (
        <ApiKeyCreateForm
          key={formKey}
          onCreated={(key) => {
            setCreated(key);
            setOutcome(null);
            setFormKey(formKey + 1);
            list.reload();
          }}
        />
      )}
      {revoking && (
        <RevokeDialog
          apiKey={revoking}
          onRevoked={(message) => {
            setRevoking(null);
            setOutcome(message);
            list.reload();
          }}
          onCancel={() => setRevoking(null)}
        />
      )}
    </>
  );
}

function ApiKeyCreateForm({ onCreated }: { onCreated: (key: { name: string; secret: string }) => void }) {
  const { session, me, tenant, can } = useAdmin();
  const run = useAction();
  // The catalog (descriptions) needs core.manage_roles; without it the names alone are shown.
  const catalog = useLoad(async () => (can("core.manage_roles") ? (await session.client.request(PermissionsDocument, {})).permissions : []), []);
  const available = describePermissions(membershipOf(me, tenant)?.permissions ?? [], catalog.data ?? []);
  const [name, setName] = useState("");
  const [permissions, setPermissions] = useState<string[]>([]);
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], FIELDS));
  const [picked, setPicked] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const input = { name, permissions, expiresAt: localToUtc(expires) };
    const result = await run(() => session.client.request(ApiKeyCreateDocument, { input }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.apiKeyCreate;
      setErrors(splitErrors(payload.errors.filter((error) => !(error.field ?? "").startsWith("permissions")), FIELDS));
      setPicked(permissionErrors(payload.errors, permissions));
      if (payload.apiKey && payload.secret) {
        onCreated({ name: payload.apiKey.name, secret: payload.secret });
      }
    }
  };

  return (
    <form onSubmit={submit} className="card" aria-labelledby="key-create-title">
      <h2 id="key-create-title">Create an API key</h2>
      <label htmlFor="key-name">Name</label>
      <input
        id="key-name"
        type="text"
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-invalid={errors.byField.name ? true : undefined}
        aria-describedby="key-name-error"
      />
      <FieldErrors id="key-name-error" messages={errors.byField.name} />
      <label htmlFor="key-expires">Expires (optional, your local time)</label>
      <input
        id="key-expires"
        type="datetime-local"
        value={expires}
        onChange={(event) => setExpires(event.target.value)}
        aria-invalid={errors.byField.expiresAt ? true : undefined}
        aria-describedby="key-expires-error"
      />
      <FieldErrors id="key-expires-error" messages={errors.byField.expiresAt} />
      <PermissionPicker id="key-permissions" legend="Permissions (only those you hold)" available={available} selected={permissions} onChange={setPermissions} errors={picked} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure ?? catalog.error} />
      <button type="submit" className="primary" disabled={busy}>
        Create key
      </button>
    </form>
  );
}

interface RevokeDialogProps {
  apiKey: ApiKey;
  onRevoked: (message: string) => void;
  onCancel: () => void;
}

function RevokeDialog({ apiKey, onRevoked, onCancel }: RevokeDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const revoke = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(ApiKeyRevokeDocument, { id: apiKey.id }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.apiKeyRevoke;
      setErrors(payload.errors.map((error) => error.message));
      if (payload.apiKey) {
        onRevoked(`API key ${payload.apiKey.name} revoked.`);
      }
    }
  };
  return (
    <ConfirmDialog title={`Revoke ${apiKey.name}?`} confirmLabel="Revoke key" busy={busy} onConfirm={() => void revoke()} onCancel={onCancel}>
      <p className="consequence">
        Requests with <code>{apiKey.prefix}</code> are refused from now on. This cannot be undone: make a new key instead.
      </p>
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
