// Categories come as a tree (roots with their children); pickers and tables show it flat, in order.

export interface CategoryNode {
  id: string;
  name: string;
  slug?: string;
  entryCount?: number;
  children?: readonly CategoryNode[] | null;
}

export interface FlatCategory {
  id: string;
  name: string;
  slug?: string;
  entryCount?: number;
  depth: number;
  /** The names from the root down, joined by ` › `. */
  trail: string;
}

/** The tree depth-first (each parent before its children), with each category's depth and trail. */
export function flattenCategories(roots: readonly CategoryNode[]): FlatCategory[] {
  const flat: FlatCategory[] = [];
  const walk = (nodes: readonly CategoryNode[], depth: number, above: string) => {
    for (const node of nodes) {
      const trail = above === "" ? node.name : `${above} › ${node.name}`;
      const { children: _children, ...facts } = node;
      flat.push({ ...facts, depth, trail });
      walk(node.children ?? [], depth + 1, trail);
    }
  };
  walk(roots, 0, "");
  return flat;
}
