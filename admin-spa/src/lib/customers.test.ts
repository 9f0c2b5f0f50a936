import { describe, expect, it } from "vitest";
import {
  EMPTY_CUSTOMER_LIST,
  addressLines,
  customerListArguments,
  describeSpent,
  groupChanges,
  joinableGroups,
} from "./customers";

describe("customerListArguments", () => {
  it("leaves out a blank search and group", () => {
    expect(customerListArguments({ ...EMPTY_CUSTOMER_LIST, search: "  " })).toEqual({
      search: null,
      filter: null,
      sort: "NEWEST",
    });
  });

  it("sends the trimmed search, the group and the order", () => {
    expect(customerListArguments({ search: " Ada@ ", groupId: "Q3VzdG9tZXJHcm91cDox", sort: "EMAIL" })).toEqual({
      search: "Ada@",
      filter: { groupId: "Q3VzdG9tZXJHcm91cDox" },
      sort: "EMAIL",
    });
  });
});

describe("describeSpent", () => {
  it("says nothing was spent", () => {
    expect(describeSpent([])).toBe("nothing yet");
  });

  it("lists each currency in major units", () => {
    const spent = [
      { amount: 6200, currency: "EUR" },
      { amount: 500, currency: "USD" },
    ];
    expect(describeSpent(spent, "en-US")).toBe("€62.00, $5.00");
  });
});

describe("addressLines", () => {
  it("keeps the lines that have something, name and town joined", () => {
    const address = {
      firstName: "Ada",
      lastName: "Lovelace",
      company: "",
      line1: "Unter den Linden 1",
      line2: null,
      city: "Berlin",
      postalCode: "10117",
      region: null,
      country: "DE",
      phone: "+49 30 1234",
    };
    expect(addressLines(address)).toEqual(["Ada Lovelace", "Unter den Linden 1", "10117 Berlin", "DE", "+49 30 1234"]);
  });

  it("shows at least the country", () => {
    expect(addressLines({ country: "FR" })).toEqual(["FR"]);
  });
});

describe("joinableGroups", () => {
  it("drops the groups the customer is in, keeping the order", () => {
    const all = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect(joinableGroups(all, [{ id: "b" }])).toEqual([{ id: "a" }, { id: "c" }]);
    expect(joinableGroups(all, all)).toEqual([]);
  });
});

describe("groupChanges", () => {
  const group = { code: "vip", name: "VIP" };

  it("is null when nothing changed but spaces", () => {
    expect(groupChanges(group, { code: "vip ", name: " VIP" })).toBeNull();
  });

  it("sends only the changed fields, trimmed", () => {
    expect(groupChanges(group, { code: "vip", name: " Very important " })).toEqual({ name: "Very important" });
    expect(groupChanges(group, { code: "gold", name: "Gold" })).toEqual({ code: "gold", name: "Gold" });
  });
});
