import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { ShippingZonesQuery } from "../gql/graphql";
import { formatMoney, normalCurrency, parseAmount } from "../lib/money";
import { regionsOf } from "../lib/shipping";

export const ShippingZonesDocument = graphql(`
  query ShippingZones {
    shippingZones {
      id name
      regions { country region }
      rates {
        id name kind currency isActive
        price { amount currency }
        brackets { upToGrams price { amount currency } }
        freeOver { amount currency }
      }
    }
  }
`);

const ShippingZoneCreateDocument = graphql(`
  mutation ShippingZoneCreate($input: ShippingZoneCreateInput!) {
    shippingZoneCreate(input: $input) { shippingZone { id name } errors { code field message } }
  }
`);

const ShippingZoneDeleteDocument = graphql(`
  mutation ShippingZoneDelete($id: ID!) {
    shippingZoneDelete(id: $id) { deletedId errors { code field message } }
  }
`);

const ShippingRateCreateDocument = graphql(`
  mutation ShippingRateCreate($input: ShippingRateCreateInput!) {
    shippingRateCreate(input: $input) { shippingRate { id name } errors { code field message } }
  }
`);

type Zone = ShippingZonesQuery["shippingZones"][number];
type Rate = Zone["rates"][number];

const NO_ERRORS = splitErrors([], []);

function describeRate(rate: Rate): string {
  const price =
    rate.price !== null && rate.price !== undefined
      ? formatMoney(rate.price)
      : rate.brackets.map((b) => `${formatMoney(b.price)} up to ${b.upToGrams} g`).join(", ");
  const free = rate.freeOver ? `; free from ${formatMoney(rate.freeOver)}` : "";
  return `${price}${free}`;
}

/** Shipping zones with their countries and rates; add a zone, a flat rate, or delete a zone. */
export function Shipping() {
  const { session } = useAdmin();
  const run = useAction();
  const list = useLoad(() => session.client.request(ShippingZonesDocument, {}), []);
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Zone | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);

  const remove = async (zone: Zone) => {
    const result = await run(() => session.client.request(ShippingZoneDeleteDocument, { id: zone.id }));
    setDeleting(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.shippingZoneDelete;
    setGeneral(splitErrors(payload.errors, []).general);
    if (payload.deletedId) {
      setNotice(`Zone ${zone.name} deleted.`);
      list.reload();
    }
  };

  const zones = list.data?.shippingZones ?? [];
  const changed = (message: string) => {
    setNotice(message);
    list.reload();
  };
  return (
    <>
      <h1>Shipping</h1>
      <p className="muted">A country or region is in at most one zone; carts see the rates of their address's zone in their currency.</p>
      <ErrorNotice error={list.error} />
      {notice && <InfoNotice>{notice}</InfoNotice>}
      <ErrorList messages={general} />
      <ErrorNotice error={failure} />
      {list.data && zones.length === 0 && <p>No shipping zones yet: the shop ships nowhere.</p>}
      {zones.map((zone) => (
        <section key={zone.id} className="card" data-zone={zone.name} aria-label={`Zone ${zone.name}`}>
          <h2>{zone.name}</h2>
          <p>{zone.regions.map((r) => (r.region ? `${r.country}/${r.region}` : r.country)).join(", ")}</p>
          {zone.rates.length === 0 && <p className="muted">No rates: carts here cannot check out.</p>}
          {zone.rates.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Rate</th>
                    <th scope="col">Price</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {zone.rates.map((rate) => (
                    <tr key={rate.id} data-rate={rate.name}>
                      <th scope="row">{rate.name}</th>
                      <td>{describeRate(rate)}</td>
                      <td>{rate.isActive ? "active" : "inactive"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <button type="button" className="danger" onClick={() => setDeleting(zone)}>
            Delete zone {zone.name}
          </button>
        </section>
      ))}
      {deleting && (
        <ConfirmDialog
          title={`Delete zone ${deleting.name}?`}
          confirmLabel="Delete"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>Its countries and its {deleting.rates.length} rate(s) go with it; carts there can no longer ship.</p>
        </ConfirmDialog>
      )}
      <ZoneForm onCreated={(name) => changed(`Zone ${name} added.`)} />
      {zones.length > 0 && <RateForm zones={zones} onCreated={(name) => changed(`Rate ${name} added.`)} />}
    </>
  );
}

function ZoneForm({ onCreated }: { onCreated: (name: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [name, setName] = useState("");
  const [regions, setRegions] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { name, regions: regionsOf(regions) };
    const result = await run(() => session.client.request(ShippingZoneCreateDocument, { input }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.shippingZoneCreate;
    setErrors(splitErrors(payload.errors, ["name", "regions"]));
    if (payload.shippingZone) {
      setName("");
      setRegions("");
      onCreated(payload.shippingZone.name);
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="zone-new-heading">
      <h2 id="zone-new-heading">Add a zone</h2>
      <label htmlFor="zone-name">Zone name</label>
      <input id="zone-name" type="text" value={name} onChange={(event) => setName(event.target.value)}
        aria-invalid={errors.byField.name ? true : undefined} aria-describedby="zone-name-error" />
      <FieldErrors id="zone-name-error" messages={errors.byField.name} />
      <label htmlFor="zone-regions">Countries (like DE, AT, US/CA)</label>
      <input id="zone-regions" type="text" value={regions} onChange={(event) => setRegions(event.target.value)}
        aria-invalid={errors.byField.regions ? true : undefined} aria-describedby="zone-regions-error" />
      <FieldErrors id="zone-regions-error" messages={errors.byField.regions} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <button type="submit" className="primary">Add zone</button>
    </form>
  );
}

function RateForm({ zones, onCreated }: { zones: readonly Zone[]; onCreated: (name: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [zoneId, setZoneId] = useState(zones[0]?.id ?? "");
  const [name, setName] = useState("");
  const [currencyText, setCurrencyText] = useState("USD");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const currency = normalCurrency(currencyText);
    if (currency === null) {
      setErrors({ byField: { price: ["a three-letter currency code, like EUR"] }, general: [] });
      return;
    }
    const parsed = parseAmount(amount, currency);
    if (!parsed.ok) {
      setErrors({ byField: { price: [parsed.message] }, general: [] });
      return;
    }
    const input = { zoneId, name, kind: "FLAT" as const, price: { amount: parsed.minor, currency } };
    const result = await run(() => session.client.request(ShippingRateCreateDocument, { input }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.shippingRateCreate;
    setErrors(splitErrors(payload.errors, ["name", "price"]));
    if (payload.shippingRate) {
      setName("");
      setAmount("");
      onCreated(payload.shippingRate.name);
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="rate-new-heading">
      <h2 id="rate-new-heading">Add a flat rate</h2>
      <label htmlFor="rate-zone">Zone</label>
      <select id="rate-zone" value={zoneId} onChange={(event) => setZoneId(event.target.value)}>
        {zones.map((zone) => (
          <option key={zone.id} value={zone.id}>{zone.name}</option>
        ))}
      </select>
      <label htmlFor="rate-name">Rate name</label>
      <input id="rate-name" type="text" value={name} onChange={(event) => setName(event.target.value)}
        aria-invalid={errors.byField.name ? true : undefined} aria-describedby="rate-name-error" />
      <FieldErrors id="rate-name-error" messages={errors.byField.name} />
      <label htmlFor="rate-currency">Currency</label>
      <input id="rate-currency" type="text" value={currencyText} onChange={(event) => setCurrencyText(event.target.value)} />
      <label htmlFor="rate-price">Price</label>
      <input id="rate-price" type="text" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)}
        aria-invalid={errors.byField.price ? true : undefined} aria-describedby="rate-price-error" />
      <FieldErrors id="rate-price-error" messages={errors.byField.price} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <button type="submit" className="primary">Add rate</button>
    </form>
  );
}
