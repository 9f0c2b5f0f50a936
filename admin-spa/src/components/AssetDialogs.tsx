import { useState } from "react";
import { useAction, useAdmin } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { graphql } from "../gql";
import type { ContentAssetsQuery } from "../gql/graphql";
import { describeUse } from "../lib/media";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors } from "./Notice";

const ContentAssetUpdateDocument = graphql(`
  mutation ContentAssetUpdate($input: AssetUpdateInput!) {
    contentAssetUpdate(input: $input) { asset { id filename altText } errors { code field message } }
  }
`);

const ContentAssetDeleteDocument = graphql(`
  mutation ContentAssetDelete($id: ID!) {
    contentAssetDelete(id: $id) { deletedId errors { code field message } }
  }
`);

export type LibraryAsset = ContentAssetsQuery["contentAssets"]["edges"][number]["node"];

interface EditProps {
  asset: LibraryAsset;
  onSaved: (message: string) => void;
  onCancel: () => void;
}

/** Change an asset's alt text and file name; the server's errors at their field. */
export function AssetEditDialog({ asset, onSaved, onCancel }: EditProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [altText, setAltText] = useState(asset.altText ?? "");
  const [filename, setFilename] = useState(asset.filename);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    const input = {
      id: asset.id,
      altText: altText.trim() === "" ? null : altText,
      ...(filename !== asset.filename ? { filename } : {}),
    };
    const result = await run(() => session.client.request(ContentAssetUpdateDocument, { input }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.contentAssetUpdate;
    setErrors(splitErrors(payload.errors, ["altText", "filename"]));
    if (payload.asset && payload.errors.length === 0) {
      onSaved(`${payload.asset.filename} saved.`);
    }
  };
  return (
    <ConfirmDialog title={`Edit ${asset.filename}`} confirmLabel="Save" busy={busy} onConfirm={() => void save()} onCancel={onCancel}>
      <div className="post-fields">
        <label htmlFor="asset-alt">Alt text</label>
        <input id="asset-alt" type="text" value={altText} onChange={(event) => setAltText(event.target.value)} aria-invalid={errors.byField.altText ? true : undefined} aria-describedby="asset-alt-error" />
        <FieldErrors id="asset-alt-error" messages={errors.byField.altText} />
        <label htmlFor="asset-filename">File name</label>
        <input id="asset-filename" type="text" value={filename} onChange={(event) => setFilename(event.target.value)} aria-invalid={errors.byField.filename ? true : undefined} aria-describedby="asset-filename-error" />
        <FieldErrors id="asset-filename-error" messages={errors.byField.filename} />
      </div>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

interface DeleteProps {
  asset: LibraryAsset;
  onDeleted: (message: string) => void;
  onCancel: () => void;
}

/** Delete an asset after saying where it is used; the server refuses while it is. */
export function AssetDeleteDialog({ asset, onDeleted, onCancel }: DeleteProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const remove = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(ContentAssetDeleteDocument, { id: asset.id }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.contentAssetDelete;
    setErrors(splitErrors(payload.errors, []).general);
    if (payload.deletedId) {
      onDeleted(`${asset.filename} deleted.`);
    }
  };
  return (
    <ConfirmDialog title={`Delete ${asset.filename}?`} confirmLabel="Delete file" busy={busy} onConfirm={() => void remove()} onCancel={onCancel}>
      {asset.uses.length === 0 ? (
        <p>It is not used anywhere. The file and its resized copies go; this cannot be undone.</p>
      ) : (
        <>
          <p>It is used in these places; the server refuses to delete a file while it is used:</p>
          <ul className="plain">
            {asset.uses.map((use) => (
              <li key={`${use.ownerId}-${use.field}`}>{describeUse(use)}</li>
            ))}
          </ul>
        </>
      )}
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
