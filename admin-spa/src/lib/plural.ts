/** `1 delivery`, `3 deliveries`: a count with the noun it counts. */
export function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
