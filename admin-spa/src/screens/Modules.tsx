import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { ModulesQuery } from "../gql/graphql";
import { disableBlockers, enableConsequences } from "../lib/modules";

const ModulesDocument = graphql(`
  query Modules {
    modules { name version description enabled health healthDetail dependsOn dependents }
  }
`);

const ModuleEnableDocument = graphql(`
  mutation ModuleEnable($module: String!) {
    moduleEnable(module: $module) { changed errors { code field message } }
  }
`);

const ModuleDisableDocument = graphql(`
  mutation ModuleDisable($module: String!) {
    moduleDisable(module: $module) { changed errors { code field message } }
  }
`);

type ModuleInfo = ModulesQuery["modules"][number];

interface Change {
  module: ModuleInfo;
  enable: boolean;
}

/** The tenant's modules: version, health, state; enable and disable with their consequences. */
export function Modules() {
  const { session, can } = useAdmin();
  const list = useLoad(() => session.client.request(ModulesDocument, {}), []);
  const [change, setChange] = useState<Change | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const canManage = can("core.manage_modules");
  const modules = list.data?.modules ?? [];

  const done = (message: string) => {
    setChange(null);
    setOutcome(message);
    list.reload();
  };

  return (
    <>
      <h1>Modules</h1>
      <ErrorNotice error={list.error} />
      {outcome && <InfoNotice>{outcome}</InfoNotice>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Version</th>
              <th scope="col">Health</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((module) => (
              <tr key={module.name} data-module={module.name}>
                <th scope="row">
                  {module.name}
                  <div className="muted">{module.description}</div>
                  {module.dependsOn.length > 0 && <div className="muted">Needs: {module.dependsOn.join(", ")}</div>}
                </th>
                <td>{module.version}</td>
                <td>
                  <span className={`badge health-${module.health.toLowerCase()}`}>{module.health.toLowerCase()}</span>
                  <div className="muted">{module.healthDetail}</div>
                </td>
                <td>{module.enabled ? "enabled" : "disabled"}</td>
                <td>
                  <div className="actions">
                    <Link to={`modules/${encodeURIComponent(module.name)}/settings`}>Settings</Link>
                    {canManage && (
                      <button type="button" onClick={() => setChange({ module, enable: !module.enabled })} aria-label={`${module.enabled ? "Disable" : "Enable"} ${module.name}`}>
                        {module.enabled ? "Disable" : "Enable"}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.loading && !list.data && <p>Loading…</p>}
      {change && <ChangeDialog change={change} modules={modules} onDone={done} onCancel={() => setChange(null)} />}
    </>
  );
}

interface ChangeDialogProps {
  change: Change;
  modules: readonly ModuleInfo[];
  onDone: (message: string) => void;
  onCancel: () => void;
}

function ChangeDialog({ change, modules, onDone, onCancel }: ChangeDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const name = change.module.name;
  const also = change.enable ? enableConsequences(name, modules) : [];
  const blockers = change.enable ? [] : disableBlockers(name, modules);

  const confirm = async () => {
    setBusy(true);
    const result = await run(async () =>
      change.enable
        ? (await session.client.request(ModuleEnableDocument, { module: name })).moduleEnable
        : (await session.client.request(ModuleDisableDocument, { module: name })).moduleDisable,
    );
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value;
    if (payload.errors.length > 0) {
      setErrors(payload.errors.map((error) => error.message));
      return;
    }
    const verb = change.enable ? "Enabled" : "Disabled";
    onDone(payload.changed.length > 0 ? `${verb}: ${payload.changed.join(", ")}.` : `Nothing changed: ${name} was already ${verb.toLowerCase()}.`);
  };

  return (
    <ConfirmDialog
      title={`${change.enable ? "Enable" : "Disable"} ${name}?`}
      confirmLabel={change.enable ? `Enable ${name}` : `Disable ${name}`}
      canConfirm={blockers.length === 0}
      busy={busy}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      {change.enable && also.length > 0 && (
        <p className="consequence">
          Enabling {name} also enables the modules it needs: <strong>{also.join(", ")}</strong>.
        </p>
      )}
      {change.enable && also.length === 0 && <p className="consequence">No other module changes.</p>}
      {!change.enable && blockers.length > 0 && (
        <p className="consequence">
          {name} cannot be disabled while these enabled modules depend on it: <strong>{blockers.join(", ")}</strong>. Disable those first.
        </p>
      )}
      {!change.enable && blockers.length === 0 && (
        <p className="consequence">Its API answers MODULE_DISABLED for this tenant and its handlers skip it. Its data is kept.</p>
      )}
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
