import { useState, type FormEvent } from "react";
import { useAdmin, useLoad } from "../admin";
import { graphql } from "../gql";
import { thumbnailUrl } from "../lib/media";
import { ErrorNotice } from "./Notice";

const CoverChoicesDocument = graphql(`
  query CoverChoices($search: String) {
    contentAssets(first: 12, search: $search, contentType: "image/") {
      totalCount
      edges { node { id filename url contentType altText renditions { width url } } }
    }
  }
`);

export interface CoverAsset {
  id: string;
  filename: string;
  url: string;
  contentType: string;
  altText?: string | null;
  renditions: readonly { width: number; url: string }[];
}

interface CoverPickerProps {
  prefix: string;
  cover: CoverAsset | null;
  disabled: boolean;
  onChange: (cover: CoverAsset | null) => void;
}

const THUMBNAIL = 160;

/** An entry's cover image: the current one, remove it, or pick an image of the media library. */
export function CoverPicker({ prefix, cover, disabled, onChange }: CoverPickerProps) {
  const { can } = useAdmin();
  const [choosing, setChoosing] = useState(false);
  const thumbnail = cover ? thumbnailUrl(cover, THUMBNAIL) : null;
  return (
    <fieldset className="choices" aria-label="Cover image">
      <legend>Cover image</legend>
      {cover ? (
        <span className="field-check" data-testid="cover">
          {thumbnail && <img className="thumbnail" src={thumbnail} alt={cover.altText ?? ""} />}
          {cover.filename}
        </span>
      ) : (
        <span className="muted">No cover.</span>
      )}
      {!disabled && (
        <span className="actions">
          {cover && (
            <button type="button" onClick={() => onChange(null)}>
              Remove the cover
            </button>
          )}
          {can("content.view_media") && (
            <button type="button" aria-expanded={choosing} onClick={() => setChoosing(!choosing)}>
              {choosing ? "Close the library" : "Choose a cover"}
            </button>
          )}
        </span>
      )}
      {choosing && !disabled && (
        <CoverChoices
          prefix={prefix}
          onPick={(asset) => {
            onChange(asset);
            setChoosing(false);
          }}
        />
      )}
    </fieldset>
  );
}

function CoverChoices({ prefix, onPick }: { prefix: string; onPick: (asset: CoverAsset) => void }) {
  const { session } = useAdmin();
  const [search, setSearch] = useState("");
  const [applied, setApplied] = useState("");
  const images = useLoad(
    async () => (await session.client.request(CoverChoicesDocument, { search: applied.trim() || null })).contentAssets,
    [applied],
  );
  const find = (event: FormEvent) => {
    event.preventDefault();
    setApplied(search);
  };
  return (
    <div>
      <span className="inline-form">
        <label htmlFor={`${prefix}-cover-search`}>Image name contains</label>{" "}
        <input
          id={`${prefix}-cover-search`}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => event.key === "Enter" && find(event)}
        />{" "}
        <button type="button" onClick={find}>
          Find images
        </button>
      </span>
      <ErrorNotice error={images.error} />
      {images.data && images.data.totalCount === 0 && <p className="muted">No images match.</p>}
      <ul className="plain">
        {images.data?.edges.map(({ node: asset }) => (
          <li key={asset.id}>
            <button type="button" onClick={() => onPick(asset)}>
              <img className="thumbnail" src={thumbnailUrl(asset, THUMBNAIL) ?? asset.url} alt="" /> Use {asset.filename}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
