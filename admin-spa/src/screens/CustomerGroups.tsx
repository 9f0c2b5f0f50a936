import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { CustomerGroupsQuery } from "../gql/graphql";
import { groupChanges } from "../lib/customers";
import { counted } from "../lib/plural";

const CustomerGroupsDocument = graphql(`
  query CustomerGroups($first: Int!, $after: String) {
    customerGroups(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id code name members(first: 0) { totalCount } } }
    }
  }
`);

const GroupMembersDocument = graphql(`
  query CustomerGroupMembers($id: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename id
      ... on CustomerGroup {
        members(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id customerId email displayName } }
        }
      }
    }
  }
`);

const GroupCreateDocument = graphql(`
  mutation CustomerGroupCreate($input: CustomerGroupCreateInput!) {
    customerGroupCreate(input: $input) { customerGroup { id code } errors { code field message } }
  }
`);

const GroupUpdateDocument = graphql(`
  mutation CustomerGroupUpdate($input: CustomerGroupUpdateInput!) {
    customerGroupUpdate(input: $input) { customerGroup { id code } errors { code field message } }
  }
`);

const GroupDeleteDocument = graphql(`
  mutation CustomerGroupDelete($id: ID!) {
    customerGroupDelete(id: $id) { deletedId errors { code field message } }
  }
`);

type Group = CustomerGroupsQuery["customerGroups"]["edges"][number]["node"];

const PAGE = 50;
const NO_ERRORS = splitErrors([], []);

/** Customer groups with their member counts; create, rename, delete (after confirmation) and list members. */
export function CustomerGroups() {
  const { session, can } = useAdmin();
  const run = useAction();
  const manages = can("commerce.manage_customers");
  const [after, setAfter] = useState<string | null>(null);
  const list = useLoad(() => session.client.request(CustomerGroupsDocument, { first: PAGE, after }).then((data) => data.customerGroups), [after]);
  const [notice, setNotice] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [editing, setEditing] = useState<Group | null>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);
  const [showing, setShowing] = useState<Group | null>(null);

  const changed = (message: string) => {
    setNotice(message);
    setEditing(null);
    list.reload();
  };

  const remove = async (group: Group) => {
    const result = await run(() => session.client.request(GroupDeleteDocument, { id: group.id }));
    setDeleting(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.customerGroupDelete;
    setGeneral(splitErrors(payload.errors, []).general);
    if (payload.deletedId) {
      if (showing?.id === group.id) {
        setShowing(null);
      }
      changed(`Group ${group.code} deleted.`);
    }
  };

  const page = list.data;
  return (
    <>
      <p>
        <Link to="customers">Customers</Link>
      </p>
      <h1>Customer groups</h1>
      <ErrorNotice error={list.error} />
      {notice && <InfoNotice>{notice}</InfoNotice>}
      <ErrorList messages={general} />
      <ErrorNotice error={failure} />
      {page && page.totalCount === 0 && <p>No customer groups yet.</p>}
      {page && page.totalCount > 0 && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Members</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: group }) => (
                  <tr key={group.id} data-customer-group={group.code}>
                    <th scope="row">{group.code}</th>
                    <td>{group.name}</td>
                    <td>{group.members.totalCount}</td>
                    <td>
                      <button type="button" onClick={() => setShowing(group)}>
                        Members of {group.code}
                      </button>{" "}
                      {manages && (
                        <>
                          <button type="button" onClick={() => setEditing(group)}>
                            Edit {group.code}
                          </button>{" "}
                          <button type="button" className="danger" onClick={() => setDeleting(group)}>
                            Delete {group.code}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
      {showing && <Members key={showing.id} group={showing} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete group ${deleting.code}?`}
          confirmLabel="Delete"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>
            Its {counted(deleting.members.totalCount, "member leaves", "members leave")} it; their accounts, addresses and orders stay.
          </p>
        </ConfirmDialog>
      )}
      {manages && (
        <GroupForm
          key={editing?.id ?? "new"}
          group={editing}
          onSaved={(code) => changed(editing ? `Group ${code} saved.` : `Group ${code} created.`)}
          onCancel={() => setEditing(null)}
        />
      )}
    </>
  );
}

function Members({ group }: { group: Group }) {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const members = useLoad(
    () =>
      session.client.request(GroupMembersDocument, { id: group.id, first: 20, after }).then((data) =>
        data.node?.__typename === "CustomerGroup" ? data.node.members : null,
      ),
    [group.id, after],
  );
  const page = members.data;
  return (
    <section aria-labelledby="group-members" className="card">
      <h2 id="group-members">Members of {group.code}</h2>
      <ErrorNotice error={members.error} />
      {page && page.totalCount === 0 && <p>No members yet: add customers from their page.</p>}
      {page && page.totalCount > 0 && (
        <>
          <ul>
            {page.edges.map(({ node: member }) => (
              <li key={member.id} data-member={member.email}>
                <Link to={`customers/${encodeURIComponent(member.customerId)}`}>{member.email}</Link> {member.displayName}
              </li>
            ))}
          </ul>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
    </section>
  );
}

interface GroupFormProps {
  group: Group | null;
  onSaved: (code: string) => void;
  onCancel: () => void;
}

function GroupForm({ group, onSaved, onCancel }: GroupFormProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [code, setCode] = useState(group?.code ?? "");
  const [name, setName] = useState(group?.name ?? "");
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const save = async () => {
    if (group === null) {
      const created = await session.client.request(GroupCreateDocument, { input: { code: code.trim(), name } });
      return created.customerGroupCreate;
    }
    const changes = groupChanges(group, { code, name });
    if (changes === null) {
      return { customerGroup: { id: group.id, code: group.code }, errors: [] };
    }
    return (await session.client.request(GroupUpdateDocument, { input: { id: group.id, ...changes } })).customerGroupUpdate;
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await run(save);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    setErrors(splitErrors(result.value.errors, ["code", "name"]));
    if (result.value.customerGroup && result.value.errors.length === 0) {
      onSaved(result.value.customerGroup.code);
    }
  };
  const heading = group ? `Edit group ${group.code}` : "Create a customer group";
  return (
    <form onSubmit={submit} className="card" aria-labelledby="customer-group-form-heading">
      <h2 id="customer-group-form-heading">{heading}</h2>
      <label htmlFor="customer-group-code">Group code (a-z, 0-9, - and _)</label>
      <input id="customer-group-code" type="text" value={code} onChange={(event) => setCode(event.target.value)}
        aria-invalid={errors.byField.code ? true : undefined} aria-describedby="customer-group-code-error" />
      <FieldErrors id="customer-group-code-error" messages={errors.byField.code} />
      <label htmlFor="customer-group-name">Group name</label>
      <input id="customer-group-name" type="text" value={name} onChange={(event) => setName(event.target.value)}
        aria-invalid={errors.byField.name ? true : undefined} aria-describedby="customer-group-name-error" />
      <FieldErrors id="customer-group-name-error" messages={errors.byField.name} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <div className="actions">
        <button type="submit" className="primary">{group ? "Save group" : "Create group"}</button>
        {group && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
