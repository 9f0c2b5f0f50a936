import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { TaxesQuery } from "../gql/graphql";

export const TaxesDocument = graphql(`
  query Taxes {
    taxClasses { id code name isDefault }
    taxRates(first: 100) {
      totalCount
      edges { node { id country region name ratePercent taxClass { id code } } }
    }
  }
`);

const TaxClassCreateDocument = graphql(`
  mutation TaxClassCreate($input: TaxClassCreateInput!) {
    taxClassCreate(input: $input) { taxClass { id code } errors { code field message } }
  }
`);

const TaxClassUpdateDocument = graphql(`
  mutation TaxClassUpdate($input: TaxClassUpdateInput!) {
    taxClassUpdate(input: $input) { taxClass { id code } errors { code field message } }
  }
`);

const TaxRateCreateDocument = graphql(`
  mutation TaxRateCreate($input: TaxRateCreateInput!) {
    taxRateCreate(input: $input) { taxRate { id country } errors { code field message } }
  }
`);

const TaxRateDeleteDocument = graphql(`
  mutation TaxRateDelete($id: ID!) {
    taxRateDelete(id: $id) { deletedId errors { code field message } }
  }
`);

type TaxClass = TaxesQuery["taxClasses"][number];
type TaxRate = TaxesQuery["taxRates"]["edges"][number]["node"];

const NO_ERRORS = splitErrors([], []);

/** Tax classes (one is the default) and their rates per country or region; add and remove. */
export function Taxes() {
  const { session } = useAdmin();
  const run = useAction();
  const list = useLoad(() => session.client.request(TaxesDocument, {}), []);
  const [notice, setNotice] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);

  const act = async <T,>(action: () => Promise<T>, done: (value: T) => string | null) => {
    const result = await run(action);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const message = done(result.value);
    if (message !== null) {
      setNotice(message);
      list.reload();
    }
  };

  const makeDefault = (taxClass: TaxClass) =>
    act(
      () => session.client.request(TaxClassUpdateDocument, { input: { id: taxClass.id, isDefault: true } }),
      (value) => {
        setGeneral(splitErrors(value.taxClassUpdate.errors, []).general);
        return value.taxClassUpdate.errors.length === 0 ? `${taxClass.code} is the default class.` : null;
      },
    );

  const removeRate = (rate: TaxRate) =>
    act(
      () => session.client.request(TaxRateDeleteDocument, { id: rate.id }),
      (value) => {
        setGeneral(splitErrors(value.taxRateDelete.errors, []).general);
        return value.taxRateDelete.deletedId ? `Rate for ${rate.country} removed.` : null;
      },
    );

  const classes = list.data?.taxClasses ?? [];
  const rates = list.data?.taxRates.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      <h1>Taxes</h1>
      <p className="muted">Variants without a class of their own are taxed by the default class. Rates are exact percentages.</p>
      <ErrorNotice error={list.error} />
      {notice && <InfoNotice>{notice}</InfoNotice>}
      <ErrorList messages={general} />
      <ErrorNotice error={failure} />
      <h2>Tax classes</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">Default</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {classes.map((taxClass) => (
              <tr key={taxClass.id} data-tax-class={taxClass.code}>
                <th scope="row">{taxClass.code}</th>
                <td>{taxClass.name}</td>
                <td>{taxClass.isDefault ? "default" : ""}</td>
                <td>
                  {!taxClass.isDefault && (
                    <button type="button" onClick={() => void makeDefault(taxClass)}>
                      Make {taxClass.code} the default
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ClassForm onCreated={(code) => { setNotice(`Tax class ${code} added.`); list.reload(); }} />
      <h2>Tax rates</h2>
      {rates.length === 0 && <p>No tax rates yet: nothing is taxed.</p>}
      {rates.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col">Country</th>
                <th scope="col">Region</th>
                <th scope="col">Rate</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((rate) => (
                <tr key={rate.id} data-tax-rate={`${rate.taxClass.code}-${rate.country}${rate.region ? `-${rate.region}` : ""}`}>
                  <td>{rate.taxClass.code}</td>
                  <th scope="row">{rate.country}</th>
                  <td>{rate.region ?? "whole country"}</td>
                  <td>{rate.ratePercent}%</td>
                  <td>
                    <button type="button" className="danger" onClick={() => void removeRate(rate)}>
                      Remove the {rate.taxClass.code} rate for {rate.country}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {classes.length > 0 && (
        <RateForm classes={classes} onCreated={(country) => { setNotice(`Tax rate for ${country} added.`); list.reload(); }} />
      )}
    </>
  );
}

function ClassForm({ onCreated }: { onCreated: (code: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await run(() => session.client.request(TaxClassCreateDocument, { input: { code, name } }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.taxClassCreate;
    setErrors(splitErrors(payload.errors, ["code", "name"]));
    if (payload.taxClass) {
      setCode("");
      setName("");
      onCreated(payload.taxClass.code);
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="tax-class-new-heading">
      <h3 id="tax-class-new-heading">Add a tax class</h3>
      <label htmlFor="tax-class-code">Class code</label>
      <input id="tax-class-code" type="text" value={code} onChange={(event) => setCode(event.target.value)}
        aria-invalid={errors.byField.code ? true : undefined} aria-describedby="tax-class-code-error" />
      <FieldErrors id="tax-class-code-error" messages={errors.byField.code} />
      <label htmlFor="tax-class-name">Class name</label>
      <input id="tax-class-name" type="text" value={name} onChange={(event) => setName(event.target.value)}
        aria-invalid={errors.byField.name ? true : undefined} aria-describedby="tax-class-name-error" />
      <FieldErrors id="tax-class-name-error" messages={errors.byField.name} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <button type="submit" className="primary">Add tax class</button>
    </form>
  );
}

function RateForm({ classes, onCreated }: { classes: readonly TaxClass[]; onCreated: (country: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [taxClassId, setTaxClassId] = useState(classes.find((c) => c.isDefault)?.id ?? classes[0]?.id ?? "");
  const [country, setCountry] = useState("");
  const [region, setRegion] = useState("");
  const [ratePercent, setRatePercent] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { taxClassId, country, region: region.trim() || null, ratePercent: ratePercent.trim() };
    const result = await run(() => session.client.request(TaxRateCreateDocument, { input }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.taxRateCreate;
    setErrors(splitErrors(payload.errors, ["country", "region", "ratePercent"]));
    if (payload.taxRate) {
      setCountry("");
      setRegion("");
      setRatePercent("");
      onCreated(payload.taxRate.country);
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="tax-rate-new-heading">
      <h3 id="tax-rate-new-heading">Add a tax rate</h3>
      <label htmlFor="tax-rate-class">Class</label>
      <select id="tax-rate-class" value={taxClassId} onChange={(event) => setTaxClassId(event.target.value)}>
        {classes.map((taxClass) => (
          <option key={taxClass.id} value={taxClass.id}>{taxClass.code}</option>
        ))}
      </select>
      <label htmlFor="tax-rate-country">Country (ISO code, like DE)</label>
      <input id="tax-rate-country" type="text" value={country} onChange={(event) => setCountry(event.target.value)}
        aria-invalid={errors.byField.country ? true : undefined} aria-describedby="tax-rate-country-error" />
      <FieldErrors id="tax-rate-country-error" messages={errors.byField.country} />
      <label htmlFor="tax-rate-region">Region (empty: the whole country)</label>
      <input id="tax-rate-region" type="text" value={region} onChange={(event) => setRegion(event.target.value)}
        aria-invalid={errors.byField.region ? true : undefined} aria-describedby="tax-rate-region-error" />
      <FieldErrors id="tax-rate-region-error" messages={errors.byField.region} />
      <label htmlFor="tax-rate-percent">Rate in percent</label>
      <input id="tax-rate-percent" type="text" inputMode="decimal" value={ratePercent} onChange={(event) => setRatePercent(event.target.value)}
        aria-invalid={errors.byField.ratePercent ? true : undefined} aria-describedby="tax-rate-percent-error" />
      <FieldErrors id="tax-rate-percent-error" messages={errors.byField.ratePercent} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <button type="submit" className="primary">Add tax rate</button>
    </form>
  );
}
