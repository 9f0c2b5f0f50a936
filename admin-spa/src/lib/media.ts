// The media library: file sizes, the thumbnail of an asset, and the upload route's answers.

export interface RenditionLike {
  width: number;
  url: string;
}

export interface AssetLike {
  contentType: string;
  url: string;
  renditions: readonly RenditionLike[];
}

const UNITS = ["KiB", "MiB", "GiB"];

/** A byte count for people: `512 B`, `1.5 KiB`, `10 MiB` (binary units, as the size limit). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
  return `${shown} ${UNITS[unit]}`;
}

/** An image's size in pixels (`800 × 600`), or empty when it has none. */
export function formatDimensions(width: number | null | undefined, height: number | null | undefined): string {
  return width && height ? `${width} × ${height}` : "";
}

/** The narrowest rendition at least `width` wide, else the widest; null when there is none. */
export function pickRendition<T extends RenditionLike>(renditions: readonly T[], width: number): T | null {
  const byWidth = [...renditions].sort((a, b) => a.width - b.width);
  return byWidth.find((rendition) => rendition.width >= width) ?? byWidth[byWidth.length - 1] ?? null;
}

/** Where a thumbnail `width` wide comes from: a rendition, else the image itself; null for other files. */
export function thumbnailUrl(asset: AssetLike, width: number): string | null {
  if (!asset.contentType.startsWith("image/")) {
    return null;
  }
  return pickRendition(asset.renditions, width)?.url ?? asset.url;
}

/** What the upload route answered for one file. */
export type UploadOutcome = { ok: true; id: string } | { ok: false; message: string };

const REFUSALS: Record<number, string> = {
  401: "Your session has expired. Please sign in again.",
  403: "You may not upload files here.",
  413: "The file is too large.",
  415: "Files of this type are not allowed.",
  422: "The upload was refused.",
};

function serverMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("error" in body)) {
    return null;
  }
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null || !("message" in error)) {
    return null;
  }
  const message = (error as { message: unknown }).message;
  return typeof message === "string" && message !== "" ? message : null;
}

/** Map the route's answer (`201 {id}`, or a status with `{error: {code, message, field}}`) to an outcome. */
export function uploadOutcome(status: number, body: unknown): UploadOutcome {
  if (status === 201 && typeof body === "object" && body !== null && "id" in body) {
    const id = (body as { id: unknown }).id;
    if (typeof id === "string") {
      return { ok: true, id };
    }
  }
  const fallback = REFUSALS[status] ?? `The upload failed (HTTP ${status}).`;
  const detail = serverMessage(body);
  return { ok: false, message: detail === null ? fallback : `${fallback} ${detail}` };
}

/** The upload route of a tenant. */
export function uploadPath(tenant: string): string {
  return `/t/${encodeURIComponent(tenant)}/media`;
}

/** Say where an asset is used: `ContentEntry (coverImage)`. */
export function describeUse(use: { ownerType: string; field: string }): string {
  return `${use.ownerType} (${use.field})`;
}

/** The `contentType` argument of a type filter: empty for any type. */
export function typeFilter(choice: string): string | null {
  return choice === "" ? null : choice;
}
