// Permissions as checkboxes: grouped by the module (namespace) that declares them.

export interface PermissionInfo {
  name: string;
  /** What it allows; empty when the catalog could not be read. */
  description: string;
}

export interface PermissionGroup {
  /** The namespace before the dot: `core`, `webhooks`, `blog`, ... */
  module: string;
  permissions: PermissionInfo[];
}

/** The module a permission belongs to (`commerce.manage_products` → `commerce`). */
export function moduleOf(name: string): string {
  const dot = name.indexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Group permissions by module: `core` first, then the others by name; each group sorted. */
export function groupPermissions(permissions: readonly PermissionInfo[]): PermissionGroup[] {
  const groups = new Map<string, PermissionInfo[]>();
  for (const permission of permissions) {
    const module = moduleOf(permission.name);
    const group = groups.get(module) ?? [];
    if (!group.some((known) => known.name === permission.name)) {
      group.push(permission);
    }
    groups.set(module, group);
  }
  const rank = (module: string) => (module === "core" ? 0 : 1);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([module, group]) => ({ module, permissions: group.sort((a, b) => a.name.localeCompare(b.name)) }));
}

/**
 * What may be picked: the names given (the user's own, say), described from the catalog when it
 * could be read (it needs `core.manage_roles`).
 */
export function describePermissions(names: readonly string[], catalog: readonly PermissionInfo[]): PermissionInfo[] {
  const descriptions = new Map(catalog.map((permission) => [permission.name, permission.description]));
  return names.map((name) => ({ name, description: descriptions.get(name) ?? "" }));
}

/** `selected` with `name` switched on or off, in a stable order. */
export function toggle(selected: readonly string[], name: string, on: boolean): string[] {
  const next = new Set(selected);
  if (on) {
    next.add(name);
  } else {
    next.delete(name);
  }
  return [...next].sort();
}

/** Payload errors at `permissions.<i>` point at the i-th name sent: name them. */
export function permissionErrors(
  errors: readonly { field?: string | null; message: string }[],
  sent: readonly string[],
  field = "permissions",
): string[] {
  return errors
    .filter((error) => error.field === field || (error.field ?? "").startsWith(`${field}.`))
    .map((error) => {
      const index = Number((error.field ?? "").slice(field.length + 1));
      const name = Number.isInteger(index) && error.field !== field ? sent[index] : undefined;
      return name && !error.message.includes(name) ? `${name}: ${error.message}` : error.message;
    });
}
