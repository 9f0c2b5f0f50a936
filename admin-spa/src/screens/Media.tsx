import { useRef, useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { AssetDeleteDialog, AssetEditDialog, type LibraryAsset } from "../components/AssetDialogs";
import { describeError, ErrorNotice, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import { formatBytes, formatDimensions, thumbnailUrl, typeFilter, uploadOutcome, uploadPath } from "../lib/media";
import { counted } from "../lib/plural";

const ContentAssetsDocument = graphql(`
  query ContentAssets($first: Int!, $after: String, $search: String, $contentType: String) {
    contentAssets(first: $first, after: $after, search: $search, contentType: $contentType) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id filename contentType byteSize width height altText url createdAt
          renditions { width height url }
          uses { ownerId ownerType field }
        }
      }
    }
  }
`);

const PAGE = 20;
const THUMBNAIL = 160;
const TYPES = [
  { value: "", label: "Any type" },
  { value: "image/", label: "Images" },
  { value: "application/pdf", label: "PDF" },
];

interface Filters {
  search: string;
  type: string;
}

interface Upload {
  name: string;
  state: "uploading" | "done" | "refused";
  message: string;
}

/** The tenant's media library: browse and find assets; upload, edit and delete them with `content.manage_media`. */
export function Media() {
  const { session, can } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [form, setForm] = useState<Filters>({ search: "", type: "" });
  const [applied, setApplied] = useState<Filters>(form);
  const [editing, setEditing] = useState<LibraryAsset | null>(null);
  const [deleting, setDeleting] = useState<LibraryAsset | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = useLoad(async () => {
    const variables = { first: PAGE, after, search: applied.search.trim() || null, contentType: typeFilter(applied.type) };
    return (await session.client.request(ContentAssetsDocument, variables)).contentAssets;
  }, [after, applied]);
  const manage = can("content.manage_media");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAfter(null);
    setApplied(form);
    list.reload();
  };
  const changed = (text: string) => {
    setMessage(text);
    setEditing(null);
    setDeleting(null);
    list.reload();
  };
  const page = list.data;
  return (
    <>
      <h1>Media</h1>
      {message && <InfoNotice>{message}</InfoNotice>}
      {manage && <Uploader onUploaded={() => list.reload()} />}
      <form className="filters" role="search" aria-label="Find media" onSubmit={submit}>
        <label htmlFor="media-search">File name contains</label>
        <input id="media-search" type="search" value={form.search} onChange={(event) => setForm({ ...form, search: event.target.value })} />
        <label htmlFor="media-type">Type</label>
        <select id="media-type" value={form.type} onChange={(event) => setForm({ ...form, type: event.target.value })}>
          {TYPES.map((type) => (
            <option key={type.value} value={type.value}>
              {type.label}
            </option>
          ))}
        </select>
        <button type="submit">Find</button>
      </form>
      <ErrorNotice error={list.error} />
      {page && page.totalCount === 0 && <p>No files match.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p className="muted">{counted(page.totalCount, "file", "files")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Preview</th>
                  <th scope="col">File name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Size</th>
                  <th scope="col">Dimensions</th>
                  <th scope="col">Alt text</th>
                  <th scope="col">Used</th>
                  {manage && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: asset }) => (
                  <AssetRow key={asset.id} asset={asset} manage={manage} onEdit={() => setEditing(asset)} onDelete={() => setDeleting(asset)} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
      {editing && <AssetEditDialog asset={editing} onSaved={changed} onCancel={() => setEditing(null)} />}
      {deleting && <AssetDeleteDialog asset={deleting} onDeleted={changed} onCancel={() => setDeleting(null)} />}
    </>
  );
}

interface AssetRowProps {
  asset: LibraryAsset;
  manage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function AssetRow({ asset, manage, onEdit, onDelete }: AssetRowProps) {
  const thumbnail = thumbnailUrl(asset, THUMBNAIL);
  return (
    <tr data-asset={asset.filename}>
      <td>{thumbnail ? <img className="thumbnail" src={thumbnail} alt={asset.altText ?? ""} loading="lazy" /> : <span className="muted">no preview</span>}</td>
      <td>
        <a href={asset.url} target="_blank" rel="noreferrer">
          {asset.filename}
        </a>
      </td>
      <td>{asset.contentType}</td>
      <td>{formatBytes(asset.byteSize)}</td>
      <td>{formatDimensions(asset.width, asset.height)}</td>
      <td data-testid="alt-text">{asset.altText ?? <span className="muted">none</span>}</td>
      <td>{asset.uses.length === 0 ? "unused" : counted(asset.uses.length, "place", "places")}</td>
      {manage && (
        <td>
          <div className="actions">
            <button type="button" onClick={onEdit}>
              Edit {asset.filename}
            </button>
            <button type="button" className="danger" onClick={onDelete}>
              Delete {asset.filename}
            </button>
          </div>
        </td>
      )}
    </tr>
  );
}

/** Pick one or several files and upload them one by one, each with the route's answer. */
function Uploader({ onUploaded }: { onUploaded: () => void }) {
  const { session, tenant } = useAdmin();
  const run = useAction();
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [busy, setBusy] = useState(false);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    const files = Array.from(input.current?.files ?? []);
    if (tenant === null || files.length === 0) {
      return;
    }
    setBusy(true);
    setUploads(files.map((file) => ({ name: file.name, state: "uploading", message: "Uploading…" })));
    for (const [index, file] of files.entries()) {
      const form = new FormData();
      form.append("file", file);
      const result = await run(() => session.client.postForm(uploadPath(tenant), form));
      const outcome = result.ok ? uploadOutcome(result.value.status, result.value.body) : { ok: false as const, message: describeError(result.error) };
      const next: Upload = outcome.ok
        ? { name: file.name, state: "done", message: "Uploaded." }
        : { name: file.name, state: "refused", message: outcome.message };
      setUploads((current) => current.map((item, position) => (position === index ? next : item)));
    }
    setBusy(false);
    if (input.current) {
      input.current.value = "";
    }
    onUploaded();
  };

  return (
    <form className="card" aria-labelledby="media-upload" onSubmit={(event) => void upload(event)}>
      <h2 id="media-upload">Upload</h2>
      <label htmlFor="media-files">Files</label>
      <input id="media-files" ref={input} type="file" multiple />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Upload
        </button>
      </div>
      {uploads.length > 0 && (
        <ul className="plain" aria-label="Uploads">
          {uploads.map((item, index) => (
            <li key={`${index}-${item.name}`} data-upload={item.name}>
              {item.name}: <span className={item.state === "refused" ? "field-error" : undefined} role={item.state === "refused" ? "alert" : undefined}>{item.message}</span>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
