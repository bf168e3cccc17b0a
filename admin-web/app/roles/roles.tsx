'use client';

import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { RolesQuery } from '../../lib/gql/graphql';
import { allMessages, fieldError, graphErrors } from '../../lib/graph-errors';
import { ConfirmDialog, ErrorList, FieldError, Loading } from '../components/ui';
import { useConsole } from '../console-context';

const RolesDocument = graphql(`
  query Roles {
    roles {
      key
      name
      description
      preset
      version
      grants {
        permission
        project
        environment
      }
    }
    grantablePermissions
    roleGroupMappings {
      group
      roles
      version
    }
    projects {
      key
      name
      environments {
        key
        name
      }
    }
  }
`);

const CreateRoleDocument = graphql(`
  mutation CreateRole($input: CreateRoleInput!) {
    createRole(input: $input) {
      key
      version
    }
  }
`);

const UpdateRoleDocument = graphql(`
  mutation UpdateRole($key: ID!, $input: UpdateRoleInput!, $expectedVersion: Int) {
    updateRole(key: $key, input: $input, expectedVersion: $expectedVersion) {
      key
      version
    }
  }
`);

const DeleteRoleDocument = graphql(`
  mutation DeleteRole($key: ID!) {
    deleteRole(key: $key)
  }
`);

const SetGroupMappingDocument = graphql(`
  mutation SetRoleGroupMapping($group: String!, $roles: [ID!]!) {
    setRoleGroupMapping(group: $group, roles: $roles) {
      group
      roles
    }
  }
`);

type RoleView = RolesQuery['roles'][number];
type ProjectView = RolesQuery['projects'][number];
interface GrantRow {
  permission: string;
  project: string;
  environment: string;
}
const ANY = '';

/** "flags:write in default / production", "flags:read everywhere". */
function scopeText(grant: { project?: string | null; environment?: string | null }): string {
  if (!grant.project && !grant.environment) return 'everywhere';
  return `in ${grant.project ?? 'any project'} / ${grant.environment ?? 'any environment'}`;
}

export function Roles() {
  const { user } = useConsole();
  const isAdmin = user?.role === 'ADMIN';
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: RolesDocument,
    pause: typeof window === 'undefined' || !isAdmin,
  });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  if (!user) return <Loading what="your account" />;
  if (!isAdmin)
    return (
      <p className="alert alert--warning" role="alert">
        Only admins manage roles.
      </p>
    );
  if (!data)
    return fetching || !error ? (
      <Loading what="roles" />
    ) : (
      <ErrorList messages={allMessages(graphErrors(error))} />
    );
  const custom = data.roles.filter((r) => !r.preset);
  return (
    <>
      <section className="card" aria-labelledby="presets-title">
        <h2 id="presets-title">Presets</h2>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Permissions</th>
              </tr>
            </thead>
            <tbody>
              {data.roles
                .filter((r) => r.preset)
                .map((r) => (
                  <tr key={r.key} data-testid={`role-${r.key}`}>
                    <th scope="row">
                      {r.name} <span className="muted">(read-only)</span>
                      <br />
                      <span className="muted">{r.description}</span>
                    </th>
                    <td>{r.grants.map((g) => g.permission).join(', ')}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="custom-title">
        <h2 id="custom-title">Custom roles</h2>
        <RoleForm
          key={`new:${data.roles.length}`}
          permissions={data.grantablePermissions}
          projects={data.projects}
          onSaved={reload}
        />
        {custom.length === 0 ? <p className="muted">No custom roles yet.</p> : null}
        {custom.map((role) => (
          <CustomRole
            key={`${role.key}:${role.version}`}
            role={role}
            permissions={data.grantablePermissions}
            projects={data.projects}
            onSaved={reload}
          />
        ))}
      </section>
      <GroupMappings mappings={data.roleGroupMappings} roles={custom} onSaved={reload} />
    </>
  );
}

function CustomRole({
  role,
  permissions,
  projects,
  onSaved,
}: {
  role: RoleView;
  permissions: string[];
  projects: ProjectView[];
  onSaved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [deleted, remove] = useMutation(DeleteRoleDocument);
  const titleId = `role-title-${role.key}`;
  return (
    <article className="card" aria-labelledby={titleId} data-testid={`role-${role.key}`}>
      <h3 id={titleId}>
        {role.name} <code>{role.key}</code>
      </h3>
      {role.description ? <p>{role.description}</p> : null}
      {editing ? (
        <RoleForm
          role={role}
          permissions={permissions}
          projects={projects}
          onSaved={onSaved}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <ul>
            {role.grants.length === 0 ? <li className="muted">No permissions</li> : null}
            {role.grants.map((g) => (
              <li key={`${g.permission}@${g.project}/${g.environment}`}>
                <code>{g.permission}</code> {scopeText(g)}
              </li>
            ))}
          </ul>
          <div className="toolbar">
            <button type="button" className="button button--small" onClick={() => setEditing(true)}>
              Edit {role.name}
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => setConfirming(true)}
            >
              Delete {role.name}
            </button>
          </div>
          <ErrorList messages={allMessages(graphErrors(deleted.error))} />
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Delete the role “${role.name}”?`}
        confirmLabel="Delete role"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          setConfirming(false);
          const res = await remove({ key: role.key });
          if (res.data) onSaved();
        }}
      >
        <p>A role still assigned to a user, a key or a group is not deleted: unassign it first.</p>
      </ConfirmDialog>
    </article>
  );
}

/** Create a role (no `role`) or edit one: name, description, and permission × project × environment rows. */
function RoleForm({
  role,
  permissions,
  projects,
  onSaved,
  onCancel,
}: {
  role?: RoleView;
  permissions: string[];
  projects: ProjectView[];
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const [open, setOpen] = useState(Boolean(role));
  const [key, setKey] = useState('');
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [grants, setGrants] = useState<GrantRow[]>(
    role?.grants.map((g) => ({
      permission: g.permission,
      project: g.project ?? ANY,
      environment: g.environment ?? ANY,
    })) ?? [{ permission: 'flags:read', project: ANY, environment: ANY }],
  );
  const [created, create] = useMutation(CreateRoleDocument);
  const [updated, update] = useMutation(UpdateRoleDocument);
  const info = graphErrors(role ? updated.error : created.error);
  const f = (n: string) => fieldError(info.fields, n);
  const prefix = role ? `edit-${role.key}` : 'new-role';
  if (!open)
    return (
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          New role
        </button>
      </div>
    );

  const environmentsOf = (project: string) => {
    const chosen = projects.find((p) => p.key === project);
    if (chosen) return chosen.environments;
    const all = new Map(projects.flatMap((p) => p.environments.map((e) => [e.key, e] as const)));
    return [...all.values()];
  };
  const setRow = (i: number, patch: Partial<GrantRow>) =>
    setGrants(grants.map((g, j) => (j === i ? { ...g, ...patch } : g)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      name,
      description,
      grants: grants.map((g) => ({
        permission: g.permission,
        project: g.project || null,
        environment: g.environment || null,
      })),
    };
    const res = role
      ? await update({ key: role.key, expectedVersion: role.version, input })
      : await create({ input: { ...input, key: key.trim() } });
    if (!res.error) {
      onSaved();
      if (!role) setOpen(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label={role ? `Edit role ${role.name}` : 'New role'}>
      <ErrorList messages={[...info.general, ...(info.conflict ? [info.conflict.message] : [])]} />
      <div className="toolbar">
        {role ? null : (
          <label className="field">
            Role key
            <input
              required
              value={key}
              aria-invalid={f('key') ? true : undefined}
              onChange={(e) => setKey(e.target.value)}
            />
            <FieldError id={`${prefix}-key-error`} message={f('key')} />
          </label>
        )}
        <label className="field">
          Role name
          <input
            required
            value={name}
            aria-invalid={f('name') ? true : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          <FieldError id={`${prefix}-name-error`} message={f('name')} />
        </label>
        <label className="field">
          Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
      </div>
      <table className="data-table">
        <caption>Permissions, each in a project and environment</caption>
        <thead>
          <tr>
            <th scope="col">Permission</th>
            <th scope="col">Project</th>
            <th scope="col">Environment</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {grants.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <tr key={i} data-testid="grant-row">
              <td>
                <select
                  aria-label={`Permission ${i + 1}`}
                  value={g.permission}
                  onChange={(e) => setRow(i, { permission: e.target.value })}
                >
                  {permissions.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
                <FieldError id={`${prefix}-${i}-permission-error`} message={f(`grants.${i}.permission`)} />
              </td>
              <td>
                <select
                  aria-label={`Project of permission ${i + 1}`}
                  value={g.project}
                  onChange={(e) => setRow(i, { project: e.target.value, environment: ANY })}
                >
                  <option value={ANY}>any project</option>
                  {projects.map((p) => (
                    <option key={p.key} value={p.key}>
                      {p.name}
                    </option>
                  ))}
                </select>
                <FieldError id={`${prefix}-${i}-project-error`} message={f(`grants.${i}.project`)} />
              </td>
              <td>
                <select
                  aria-label={`Environment of permission ${i + 1}`}
                  value={g.environment}
                  onChange={(e) => setRow(i, { environment: e.target.value })}
                >
                  <option value={ANY}>any environment</option>
                  {environmentsOf(g.project).map((e) => (
                    <option key={e.key} value={e.key}>
                      {e.name}
                    </option>
                  ))}
                </select>
                <FieldError id={`${prefix}-${i}-environment-error`} message={f(`grants.${i}.environment`)} />
              </td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setGrants(grants.filter((_, j) => j !== i))}
                >
                  Remove permission {i + 1}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="toolbar">
        <button
          type="button"
          className="button"
          onClick={() => setGrants([...grants, { permission: 'flags:read', project: ANY, environment: ANY }])}
        >
          Add permission
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={created.fetching || updated.fetching}
        >
          {role ? 'Save role' : 'Create role'}
        </button>
        <button type="button" className="button" onClick={() => (onCancel ? onCancel() : setOpen(false))}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Single sign-on groups and the custom roles their members get at sign-in. */
function GroupMappings({
  mappings,
  roles,
  onSaved,
}: {
  mappings: RolesQuery['roleGroupMappings'];
  roles: RoleView[];
  onSaved: () => void;
}) {
  const [group, setGroup] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [result, setMapping] = useMutation(SetGroupMappingDocument);
  const info = graphErrors(result.error);
  async function save(event: FormEvent) {
    event.preventDefault();
    const res = await setMapping({ group: group.trim(), roles: chosen });
    if (!res.error) {
      setGroup('');
      setChosen([]);
      onSaved();
    }
  }
  return (
    <section className="card" aria-labelledby="groups-title">
      <h2 id="groups-title">Single sign-on groups</h2>
      <p>
        People whose identity provider lists a group here (the <code>OIDC_GROUPS_CLAIM</code> claim) get its
        custom roles at each sign-in.
      </p>
      <ul>
        {mappings.length === 0 ? <li className="muted">No group mappings.</li> : null}
        {mappings.map((m) => (
          <li key={m.group} data-testid={`group-${m.group}`}>
            <code>{m.group}</code>: {m.roles.join(', ')}{' '}
            <button
              type="button"
              className="button button--small"
              onClick={async () => {
                const res = await setMapping({ group: m.group, roles: [] });
                if (!res.error) onSaved();
              }}
            >
              Remove group {m.group}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={save} aria-label="Map a group">
        <ErrorList messages={info.general} />
        <div className="toolbar">
          <label className="field">
            Group
            <input required value={group} onChange={(e) => setGroup(e.target.value)} />
            <FieldError id="group-error" message={fieldError(info.fields, 'group')} />
          </label>
          <fieldset>
            <legend>Custom roles of the group</legend>
            {roles.map((r) => (
              <label key={r.key} className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.includes(r.key)}
                  onChange={(e) =>
                    setChosen(e.target.checked ? [...chosen, r.key] : chosen.filter((k) => k !== r.key))
                  }
                />
                {r.name}
              </label>
            ))}
            <FieldError id="group-roles-error" message={fieldError(info.fields, 'roles')} />
          </fieldset>
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            Save group
          </button>
        </div>
      </form>
    </section>
  );
}
