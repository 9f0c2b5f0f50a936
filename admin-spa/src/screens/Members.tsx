import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { MembersQuery, RolesQuery } from "../gql/graphql";
import { counted } from "../lib/plural";
import { BUILTIN_ROLES, roleChanges } from "../lib/roles";
import { RolesDocument } from "./Roles";

const MembersDocument = graphql(`
  query Members($first: Int!, $after: String) {
    members(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { user { id email displayName } roles { id name } joinedAt } }
    }
  }
`);

const MemberAddDocument = graphql(`
  mutation MemberAdd($input: MemberAddInput!) {
    memberAdd(input: $input) { member { user { email } } errors { code field message } }
  }
`);

const MemberRemoveDocument = graphql(`
  mutation MemberRemove($userId: ID!) {
    memberRemove(userId: $userId) { member { user { email } } errors { code field message } }
  }
`);

const RoleAssignDocument = graphql(`
  mutation RoleAssign($input: RoleAssignmentInput!) {
    roleAssign(input: $input) { member { user { id } } errors { code field message } }
  }
`);

const RoleUnassignDocument = graphql(`
  mutation RoleUnassign($input: RoleAssignmentInput!) {
    roleUnassign(input: $input) { member { user { id } } errors { code field message } }
  }
`);

const PAGE = 20;

type Member = MembersQuery["members"]["edges"][number]["node"];
type Role = RolesQuery["roles"][number];

/** The tenant's members and their roles: add an existing account, change roles, remove. */
export function Members() {
  const { session, can } = useAdmin();
  const canManageRoles = can("core.manage_roles");
  const [after, setAfter] = useState<string | null>(null);
  const list = useLoad(() => session.client.request(MembersDocument, { first: PAGE, after }), [after]);
  // Listing roles needs core.manage_roles; without it, members are added with built-in roles.
  const roles = useLoad(async () => (canManageRoles ? (await session.client.request(RolesDocument, {})).roles : null), [canManageRoles]);
  const [changing, setChanging] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const page = list.data?.members;
  const done = (message: string) => {
    setOutcome(message);
    setChanging(null);
    setRemoving(null);
    list.reload();
  };

  return (
    <>
      <h1>Members</h1>
      <ErrorNotice error={list.error ?? roles.error} />
      {outcome && <InfoNotice>{outcome}</InfoNotice>}
      {page && (
        <>
          <p>{counted(page.totalCount, "member", "members")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => (
                  <tr key={node.user.id} data-member={node.user.email}>
                    <th scope="row">
                      {node.user.displayName}
                      <div className="muted">{node.user.email}</div>
                    </th>
                    <td>{node.roles.map((role) => role.name).join(", ") || "—"}</td>
                    <td>{new Date(node.joinedAt).toLocaleString()}</td>
                    <td>
                      <div className="actions">
                        {roles.data && (
                          <button type="button" onClick={() => setChanging(node)} aria-label={`Change roles of ${node.user.email}`}>
                            Change roles
                          </button>
                        )}
                        <button type="button" className="danger" onClick={() => setRemoving(node)} aria-label={`Remove ${node.user.email}`}>
                          Remove
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
      <MemberAddForm roleNames={roles.data ? roles.data.map((role) => role.name) : [...BUILTIN_ROLES]} onAdded={done} />
      {changing && roles.data && <ChangeRolesDialog member={changing} roles={roles.data} onDone={done} onCancel={() => setChanging(null)} />}
      {removing && <RemoveDialog member={removing} onRemoved={done} onCancel={() => setRemoving(null)} />}
    </>
  );
}

function MemberAddForm({ roleNames, onAdded }: { roleNames: readonly string[]; onAdded: (message: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [email, setEmail] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], ["email", "roles"]));
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await run(() => session.client.request(MemberAddDocument, { input: { email, roles: picked } }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.memberAdd;
      setErrors(splitErrors(payload.errors, ["email", "roles"]));
      if (payload.member) {
        setEmail("");
        setPicked([]);
        onAdded(`${payload.member.user.email} is now a member.`);
      }
    }
  };

  return (
    <form onSubmit={submit} className="card" aria-labelledby="member-add-title">
      <h2 id="member-add-title">Add a member</h2>
      <p className="muted">The person needs an account already: inviting by email is not supported by the API.</p>
      <label htmlFor="member-email">Email</label>
      <input
        id="member-email"
        type="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        aria-invalid={errors.byField.email ? true : undefined}
        aria-describedby="member-email-error"
      />
      <FieldErrors id="member-email-error" messages={errors.byField.email} />
      <fieldset aria-describedby="member-roles-error">
        <legend>Roles</legend>
        {roleNames.map((name) => (
          <div className="field-check permission" key={name}>
            <input
              id={`member-role-${name}`}
              type="checkbox"
              checked={picked.includes(name)}
              onChange={(event) => setPicked(event.target.checked ? [...picked, name] : picked.filter((role) => role !== name))}
            />
            <label htmlFor={`member-role-${name}`}>{name}</label>
          </div>
        ))}
        <FieldErrors id="member-roles-error" messages={errors.byField.roles} />
      </fieldset>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <button type="submit" className="primary" disabled={busy}>
        Add member
      </button>
    </form>
  );
}

interface ChangeRolesDialogProps {
  member: Member;
  roles: readonly Role[];
  onDone: (message: string) => void;
  onCancel: () => void;
}

function ChangeRolesDialog({ member, roles, onDone, onCancel }: ChangeRolesDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [wanted, setWanted] = useState(member.roles.map((role) => role.id));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const nameOf = (id: string) => roles.find((role) => role.id === id)?.name ?? id;

  const save = async () => {
    const { assign, unassign } = roleChanges(
      member.roles.map((role) => role.id),
      wanted,
    );
    setBusy(true);
    const steps = [
      ...assign.map((roleId) => ({ roleId, assign: true })),
      ...unassign.map((roleId) => ({ roleId, assign: false })),
    ];
    for (const step of steps) {
      const input = { userId: member.user.id, roleId: step.roleId };
      const result = await run(async () =>
        step.assign
          ? (await session.client.request(RoleAssignDocument, { input })).roleAssign.errors
          : (await session.client.request(RoleUnassignDocument, { input })).roleUnassign.errors,
      );
      const problems: readonly UserError[] = result.ok ? result.value : [];
      if (!result.ok || problems.length > 0) {
        setBusy(false);
        setFailure(result.ok ? null : result.error);
        setErrors(problems.map((error) => `Could not ${step.assign ? "give" : "take"} ${nameOf(step.roleId)}: ${error.message}`));
        return;
      }
    }
    setBusy(false);
    onDone(`Roles of ${member.user.email}: ${wanted.map(nameOf).sort().join(", ") || "none"}.`);
  };

  return (
    <ConfirmDialog title={`Roles of ${member.user.email}`} confirmLabel="Save roles" busy={busy} onConfirm={() => void save()} onCancel={onCancel}>
      <fieldset>
        <legend>Roles held in this tenant</legend>
        {roles.map((role) => (
          <div className="field-check permission" key={role.id}>
            <input
              id={`change-role-${role.name}`}
              type="checkbox"
              checked={wanted.includes(role.id)}
              onChange={(event) => setWanted(event.target.checked ? [...wanted, role.id] : wanted.filter((id) => id !== role.id))}
            />
            <label htmlFor={`change-role-${role.name}`}>
              {role.name} <span className="muted">— {role.description}</span>
            </label>
          </div>
        ))}
      </fieldset>
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

interface RemoveDialogProps {
  member: Member;
  onRemoved: (message: string) => void;
  onCancel: () => void;
}

function RemoveDialog({ member, onRemoved, onCancel }: RemoveDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const remove = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(MemberRemoveDocument, { userId: member.user.id }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.memberRemove;
      setErrors(payload.errors.map((error) => error.message));
      if (payload.errors.length === 0) {
        onRemoved(`${member.user.email} is no longer a member.`);
      }
    }
  };
  return (
    <ConfirmDialog title={`Remove ${member.user.email}?`} confirmLabel="Remove member" busy={busy} onConfirm={() => void remove()} onCancel={onCancel}>
      <p className="consequence">They lose every role and permission in this tenant at once. Their account stays.</p>
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
