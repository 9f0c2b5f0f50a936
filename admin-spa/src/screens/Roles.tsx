import { useState, type FormEvent } from "react";
import { membershipOf } from "../api/session";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { PermissionPicker } from "../components/PermissionPicker";
import { graphql } from "../gql";
import type { RolesQuery } from "../gql/graphql";
import { describePermissions, permissionErrors } from "../lib/permissions";
import { counted } from "../lib/plural";

export const RolesDocument = graphql(`
  query Roles {
    roles { id name description isBuiltin permissions createdAt }
  }
`);

export const PermissionsDocument = graphql(`
  query Permissions {
    permissions { name description scope }
  }
`);

const RoleCreateDocument = graphql(`
  mutation RoleCreate($input: RoleCreateInput!) {
    roleCreate(input: $input) { role { id name } errors { code field message } }
  }
`);

const RoleUpdateDocument = graphql(`
  mutation RoleUpdate($input: RoleUpdateInput!) {
    roleUpdate(input: $input) { role { id name } errors { code field message } }
  }
`);

const RoleDeleteDocument = graphql(`
  mutation RoleDelete($id: ID!) {
    roleDelete(id: $id) { role { name } unassignedCount errors { code field message } }
  }
`);

type Role = RolesQuery["roles"][number];
const FIELDS = ["name", "description"];

/** The tenant's roles: built-in and custom; create, edit and delete custom ones. */
export function Roles() {
  const { session, me, tenant } = useAdmin();
  const roles = useLoad(() => session.client.request(RolesDocument, {}), []);
  const catalog = useLoad(() => session.client.request(PermissionsDocument, {}), []);
  const [editing, setEditing] = useState<Role | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  // Only permissions the admin holds can be granted: offer those, described from the catalog.
  const held = membershipOf(me, tenant)?.permissions ?? [];
  const available = describePermissions(held, catalog.data?.permissions.filter((permission) => permission.scope === "TENANT") ?? []);
  const done = (message: string) => {
    setOutcome(message);
    setEditing(null);
    setDeleting(null);
    roles.reload();
  };

  return (
    <>
      <h1>Roles</h1>
      <p className="muted">Built-in roles follow the installed modules and cannot be changed; custom roles grant what you pick.</p>
      <ErrorNotice error={roles.error ?? catalog.error} />
      {outcome && <InfoNotice>{outcome}</InfoNotice>}
      {roles.data && <RoleTable roles={roles.data.roles} onEdit={setEditing} onDelete={setDeleting} />}
      {editing && <RoleForm key={editing.id} role={editing} available={available} onSaved={done} onCancel={() => setEditing(null)} />}
      {!editing && <RoleForm key="new" role={null} available={available} onSaved={done} onCancel={null} />}
      {deleting && <DeleteRoleDialog role={deleting} onDeleted={done} onCancel={() => setDeleting(null)} />}
    </>
  );
}

interface RoleTableProps {
  roles: readonly Role[];
  onEdit: (role: Role) => void;
  onDelete: (role: Role) => void;
}

function RoleTable({ roles, onEdit, onDelete }: RoleTableProps) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Permissions</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((role) => (
            <tr key={role.id} data-role={role.name}>
              <th scope="row">
                {role.name} {role.isBuiltin && <span className="badge health-pass">built-in</span>}
                <div className="muted">{role.description}</div>
              </th>
              <td>
                <details>
                  <summary>{counted(role.permissions.length, "permission", "permissions")}</summary>
                  <ul className="plain">
                    {role.permissions.map((permission) => (
                      <li key={permission}>{permission}</li>
                    ))}
                  </ul>
                </details>
              </td>
              <td>
                {!role.isBuiltin && (
                  <div className="actions">
                    <button type="button" onClick={() => onEdit(role)} aria-label={`Edit ${role.name}`}>
                      Edit
                    </button>
                    <button type="button" className="danger" onClick={() => onDelete(role)} aria-label={`Delete ${role.name}`}>
                      Delete
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RoleFormProps {
  /** The custom role to edit, or null to create one. */
  role: Role | null;
  available: ReturnType<typeof describePermissions>;
  onSaved: (message: string) => void;
  onCancel: (() => void) | null;
}

function RoleForm({ role, available, onSaved, onCancel }: RoleFormProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [name, setName] = useState(role?.name ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  const [permissions, setPermissions] = useState<string[]>(role ? [...role.permissions] : []);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], FIELDS));
  const [picked, setPicked] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = role ? "role-edit" : "role-create";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await run(async () =>
      role
        ? (await session.client.request(RoleUpdateDocument, { input: { id: role.id, name, description, permissions } })).roleUpdate
        : (await session.client.request(RoleCreateDocument, { input: { name, description, permissions } })).roleCreate,
    );
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value;
      const split = splitErrors(payload.errors.filter((error) => !(error.field ?? "").startsWith("permissions")), FIELDS);
      setErrors(split);
      setPicked(permissionErrors(payload.errors, permissions));
      if (payload.role) {
        onSaved(role ? `Role ${payload.role.name} saved.` : `Role ${payload.role.name} created.`);
      }
    }
  };

  return (
    <form onSubmit={submit} className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{role ? `Edit role ${role.name}` : "Create a custom role"}</h2>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        type="text"
        required
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-invalid={errors.byField.name ? true : undefined}
        aria-describedby={`${id}-name-error`}
      />
      <FieldErrors id={`${id}-name-error`} messages={errors.byField.name} />
      <label htmlFor={`${id}-description`}>Description</label>
      <input
        id={`${id}-description`}
        type="text"
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        aria-invalid={errors.byField.description ? true : undefined}
        aria-describedby={`${id}-description-error`}
      />
      <FieldErrors id={`${id}-description-error`} messages={errors.byField.description} />
      <PermissionPicker id={`${id}-permissions`} legend="Permissions" available={available} selected={permissions} onChange={setPermissions} errors={picked} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {role ? "Save role" : "Create role"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

interface DeleteRoleDialogProps {
  role: Role;
  onDeleted: (message: string) => void;
  onCancel: () => void;
}

function DeleteRoleDialog({ role, onDeleted, onCancel }: DeleteRoleDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const remove = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(RoleDeleteDocument, { id: role.id }));
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.roleDelete;
      setErrors(payload.errors.map((error) => error.message));
      if (payload.role) {
        onDeleted(`Role ${payload.role.name} deleted; ${counted(payload.unassignedCount, "member", "members")} lost it.`);
      }
    }
  };
  return (
    <ConfirmDialog title={`Delete role ${role.name}?`} confirmLabel="Delete role" busy={busy} onConfirm={() => void remove()} onCancel={onCancel}>
      <p className="consequence">Every member holding {role.name} loses it, and with it the permissions only it granted. This cannot be undone.</p>
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
