import { describe, expect, it } from "vitest";
import { moderationDone, moderationSteps, parseTagNames, postActions, statusLabel, statusTone } from "./blog";

describe("postActions", () => {
  it("lets a draft be published, archived and deleted but not unpublished", () => {
    expect(postActions("DRAFT")).toEqual({ publish: true, unpublish: false, unschedule: false, archive: true, delete: true });
  });

  it("keeps a live or scheduled post from deletion until it is taken offline", () => {
    expect(postActions("PUBLISHED")).toEqual({ publish: true, unpublish: true, unschedule: false, archive: true, delete: false });
    expect(postActions("SCHEDULED")).toEqual({ publish: true, unpublish: false, unschedule: true, archive: true, delete: false });
  });

  it("lets an archived post only be deleted", () => {
    expect(postActions("ARCHIVED")).toEqual({ publish: false, unpublish: false, unschedule: false, archive: false, delete: true });
  });
});

describe("statusLabel and statusTone", () => {
  it("reads states as words and colours only live and archived ones apart", () => {
    expect(statusLabel("IN_REVIEW")).toBe("in review");
    expect(statusTone("PUBLISHED")).toBe("pass");
    expect(statusTone("ARCHIVED")).toBe("fail");
    expect(statusTone("SCHEDULED")).toBe("warn");
  });
});

describe("parseTagNames", () => {
  it("splits on commas, trims, drops blanks and repeats", () => {
    expect(parseTagNames(" Rust, news ,, rust,Web ")).toEqual(["Rust", "news", "Web"]);
  });

  it("gives nothing for a blank field", () => {
    expect(parseTagNames("  ")).toEqual([]);
  });
});

describe("moderationSteps and moderationDone", () => {
  it("offers the three moderation statuses but the one a comment is in", () => {
    expect(moderationSteps("PENDING")).toEqual(["APPROVED", "SPAM", "DELETED"]);
    expect(moderationSteps("SPAM")).toEqual(["APPROVED", "DELETED"]);
    expect(moderationSteps("DELETED")).toEqual(["APPROVED", "SPAM"]);
  });

  it("says what happened to whose comment", () => {
    expect(moderationDone("Grace", "SPAM")).toBe("The comment by Grace was marked as spam.");
  });
});
