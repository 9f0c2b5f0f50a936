// Changing a member's roles: the API assigns and unassigns one role at a time.

export interface RoleChanges {
  assign: string[];
  unassign: string[];
}

/** The role IDs to assign and to unassign to go from `current` to `wanted`. */
export function roleChanges(current: readonly string[], wanted: readonly string[]): RoleChanges {
  const had = new Set(current);
  const want = new Set(wanted);
  return {
    assign: [...want].filter((id) => !had.has(id)).sort(),
    unassign: [...had].filter((id) => !want.has(id)).sort(),
  };
}

/** The built-in roles, owner to viewer (memberAdd takes role names). */
export const BUILTIN_ROLES = ["owner", "admin", "editor", "viewer"] as const;
