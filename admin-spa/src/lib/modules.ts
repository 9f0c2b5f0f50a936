// What enabling or disabling a module does besides itself, computed from `modules`.

export interface ModuleState {
  name: string;
  enabled: boolean;
  dependsOn: readonly string[];
  dependents: readonly string[];
}

/** The disabled modules that enabling `name` enables too (its dependencies, transitively). */
export function enableConsequences(name: string, modules: readonly ModuleState[]): string[] {
  const byName = new Map(modules.map((module) => [module.name, module]));
  const needed = new Set<string>();
  const stack = [...(byName.get(name)?.dependsOn ?? [])];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    const module = byName.get(current);
    if (needed.has(current) || module === undefined || module.enabled) {
      continue;
    }
    needed.add(current);
    stack.push(...module.dependsOn);
  }
  return [...needed].sort();
}

/** The enabled modules that depend on `name` directly: while any is enabled, disabling is refused. */
export function disableBlockers(name: string, modules: readonly ModuleState[]): string[] {
  const byName = new Map(modules.map((module) => [module.name, module]));
  const dependents = byName.get(name)?.dependents ?? [];
  return dependents.filter((dependent) => byName.get(dependent)?.enabled === true).sort();
}
