// Customers: the list's search form as `commerceCustomers`' arguments, and how a customer reads
// (their spending, an address as lines, the groups they may still join).
import type { CommerceCustomerFilter, CommerceCustomerSort } from "../gql/graphql";
import { formatMoney } from "./money";

/** What the list's form holds: the start of an e-mail, a group id ("" for any), the order. */
export interface CustomerListForm {
  search: string;
  groupId: string;
  sort: CommerceCustomerSort;
}

export const EMPTY_CUSTOMER_LIST: CustomerListForm = { search: "", groupId: "", sort: "NEWEST" };

export interface CustomerListArguments {
  search: string | null;
  filter: CommerceCustomerFilter | null;
  sort: CommerceCustomerSort;
}

/** The form as the list's arguments: blanks are left out (the API lower-cases the search). */
export function customerListArguments(form: CustomerListForm): CustomerListArguments {
  const search = form.search.trim();
  return {
    search: search === "" ? null : search,
    filter: form.groupId === "" ? null : { groupId: form.groupId },
    sort: form.sort,
  };
}

/** What a customer spent, one amount per currency (`62,00 €, $5.00`), or "nothing yet". */
export function describeSpent(spent: readonly { amount: number; currency: string }[], locale?: string): string {
  if (spent.length === 0) {
    return "nothing yet";
  }
  return spent.map((money) => formatMoney(money, locale)).join(", ");
}

export interface AddressFields {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  postalCode?: string | null;
  region?: string | null;
  country: string;
  phone?: string | null;
}

function joined(parts: readonly (string | null | undefined)[]): string {
  return parts.filter((part): part is string => Boolean(part && part.trim())).join(" ");
}

/** An address as the lines of a label: name, company, street lines, town, region and country, phone. */
export function addressLines(address: AddressFields): string[] {
  return [
    joined([address.firstName, address.lastName]),
    joined([address.company]),
    joined([address.line1]),
    joined([address.line2]),
    joined([address.postalCode, address.city]),
    joined([address.region, address.country]),
    joined([address.phone]),
  ].filter((line) => line !== "");
}

/** The groups a customer is not in yet, in the order given. */
export function joinableGroups<G extends { id: string }>(all: readonly G[], joined: readonly { id: string }[]): G[] {
  const taken = new Set(joined.map((group) => group.id));
  return all.filter((group) => !taken.has(group.id));
}

/** A group's fields as `customerGroupUpdate` takes them: only what changed (null: nothing did). */
export function groupChanges(
  group: { code: string; name: string },
  form: { code: string; name: string },
): { code?: string; name?: string } | null {
  const changes: { code?: string; name?: string } = {};
  if (form.code.trim() !== group.code) {
    changes.code = form.code.trim();
  }
  if (form.name.trim() !== group.name) {
    changes.name = form.name.trim();
  }
  return Object.keys(changes).length === 0 ? null : changes;
}
