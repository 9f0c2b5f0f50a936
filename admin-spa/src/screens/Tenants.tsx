import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors } from "../api/errors";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";

const TenantsDocument = graphql(`
  query Tenants($first: Int!, $after: String) {
    tenants(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id slug name status createdAt } }
    }
  }
`);

const TenantCreateDocument = graphql(`
  mutation TenantCreate($input: TenantCreateInput!) {
    tenantCreate(input: $input) { tenant { slug } errors { code field message } }
  }
`);

const PAGE = 20;
const FIELDS = ["slug", "name"];

/** Platform administrators: every tenant, and a form to create one. */
export function Tenants() {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const list = useLoad(() => session.client.request(TenantsDocument, { first: PAGE, after }), [after]);
  const page = list.data?.tenants;
  return (
    <>
      <h1>Tenants</h1>
      <ErrorNotice error={list.error} />
      {page && (
        <>
          <p>{page.totalCount} tenants</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Slug</th>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>{node.slug}</td>
                    <td>{node.name}</td>
                    <td>{node.status.toLowerCase()}</td>
                    <td>{new Date(node.createdAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
      <TenantCreateForm onCreated={list.reload} />
    </>
  );
}

function TenantCreateForm({ onCreated }: { onCreated: () => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState(splitErrors([], FIELDS));
  const [created, setCreated] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setCreated(null);
    const result = await run(() => session.client.request(TenantCreateDocument, { input: { slug, name } }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.tenantCreate;
      setErrors(splitErrors(payload.errors, FIELDS));
      if (payload.tenant) {
        setCreated(payload.tenant.slug);
        setSlug("");
        setName("");
        onCreated();
      }
    }
  };

  return (
    <form onSubmit={submit} className="card" aria-labelledby="tenant-create-title">
      <h2 id="tenant-create-title">Create a tenant</h2>
      <label htmlFor="tenant-slug">Slug</label>
      <input id="tenant-slug" required value={slug} onChange={(event) => setSlug(event.target.value)} aria-describedby="tenant-slug-error" />
      <FieldErrors id="tenant-slug-error" messages={errors.byField.slug} />
      <label htmlFor="tenant-name">Name</label>
      <input id="tenant-name" required value={name} onChange={(event) => setName(event.target.value)} aria-describedby="tenant-name-error" />
      <FieldErrors id="tenant-name-error" messages={errors.byField.name} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {created && <InfoNotice>Tenant {created} created with the default modules.</InfoNotice>}
      <button type="submit" className="primary" disabled={busy}>
        Create tenant
      </button>
    </form>
  );
}
