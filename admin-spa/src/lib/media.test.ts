import { describe, expect, it } from "vitest";
import { describeUse, formatBytes, formatDimensions, pickRendition, thumbnailUrl, typeFilter, uploadOutcome, uploadPath } from "./media";

describe("formatBytes", () => {
  it("counts bytes below a KiB", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
  });
  it("uses binary units with one decimal below ten", () => {
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(10 * 1024 * 1024)).toBe("10 MiB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3 GiB");
  });
});

describe("formatDimensions", () => {
  it("shows an image's pixels and nothing for other files", () => {
    expect(formatDimensions(800, 600)).toBe("800 × 600");
    expect(formatDimensions(null, null)).toBe("");
  });
});

const renditions = [
  { width: 1024, url: "/w1024" },
  { width: 160, url: "/w160" },
  { width: 480, url: "/w480" },
];

describe("pickRendition", () => {
  it("picks the narrowest wide enough", () => {
    expect(pickRendition(renditions, 200)?.url).toBe("/w480");
    expect(pickRendition(renditions, 160)?.url).toBe("/w160");
  });
  it("falls back to the widest, or null", () => {
    expect(pickRendition(renditions, 2000)?.url).toBe("/w1024");
    expect(pickRendition([], 160)).toBeNull();
  });
});

describe("thumbnailUrl", () => {
  it("uses a rendition, else the image, and nothing for a PDF", () => {
    expect(thumbnailUrl({ contentType: "image/png", url: "/a.png", renditions }, 160)).toBe("/w160");
    expect(thumbnailUrl({ contentType: "image/png", url: "/a.png", renditions: [] }, 160)).toBe("/a.png");
    expect(thumbnailUrl({ contentType: "application/pdf", url: "/a.pdf", renditions: [] }, 160)).toBeNull();
  });
});

describe("uploadOutcome", () => {
  it("takes the new asset's id from a 201", () => {
    expect(uploadOutcome(201, { id: "QXNzZXQ6MQ==", url: "/x" })).toEqual({ ok: true, id: "QXNzZXQ6MQ==" });
  });
  it("says what each refusal means, with the server's message", () => {
    const body = (message: string) => ({ error: { code: "VALIDATION", field: "file", message } });
    expect(uploadOutcome(413, body("past 10485760 bytes"))).toEqual({ ok: false, message: "The file is too large. past 10485760 bytes" });
    expect(uploadOutcome(415, body("text/plain is not allowed"))).toEqual({ ok: false, message: "Files of this type are not allowed. text/plain is not allowed" });
    expect(uploadOutcome(422, body("alt is too long"))).toEqual({ ok: false, message: "The upload was refused. alt is too long" });
  });
  it("copes with a body that is not the route's", () => {
    expect(uploadOutcome(500, null)).toEqual({ ok: false, message: "The upload failed (HTTP 500)." });
    expect(uploadOutcome(201, { nope: 1 })).toEqual({ ok: false, message: "The upload failed (HTTP 201)." });
    expect(uploadOutcome(403, { error: { message: "" } })).toEqual({ ok: false, message: "You may not upload files here." });
  });
});

describe("small helpers", () => {
  it("builds the upload path, describes a use and a type filter", () => {
    expect(uploadPath("bravo co")).toBe("/t/bravo%20co/media");
    expect(describeUse({ ownerType: "ContentEntry", field: "coverImage" })).toBe("ContentEntry (coverImage)");
    expect(typeFilter("")).toBeNull();
    expect(typeFilter("image/")).toBe("image/");
  });
});
