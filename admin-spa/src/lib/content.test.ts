import { describe, expect, it } from "vitest";
import { entryActions } from "./content";

const none = { submit: false, reject: false, publish: false, unschedule: false, unpublish: false, archive: false, unarchive: false, delete: false };

describe("entryActions", () => {
  it("lets a draft go to review or live, be archived or deleted", () => {
    expect(entryActions("DRAFT", true)).toEqual({ ...none, submit: true, publish: true, archive: true, delete: true });
  });

  it("lets a reviewer send a draft in review back or publish it", () => {
    expect(entryActions("IN_REVIEW", true)).toEqual({ ...none, reject: true, publish: true, archive: true, delete: true });
  });

  it("republishes a live entry only when its working copy changed, and never deletes it", () => {
    expect(entryActions("PUBLISHED", false)).toEqual({ ...none, unpublish: true, archive: true });
    expect(entryActions("PUBLISHED", true)).toEqual({ ...none, publish: true, unpublish: true, archive: true });
  });

  it("lets a schedule be replaced or cancelled", () => {
    expect(entryActions("SCHEDULED", false)).toEqual({ ...none, publish: true, unschedule: true, archive: true });
  });

  it("brings an archived entry back as a draft", () => {
    expect(entryActions("ARCHIVED", false)).toEqual({ ...none, unarchive: true, delete: true });
  });
});
