'use client';

import { type FormEvent, useState } from 'react';
import { type CombinedError, useMutation, useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { ApiKeyKind, Role } from '../../lib/gql/graphql';
import { allMessages, fieldError, graphErrors } from '../../lib/graph-errors';
import { ConfirmDialog, ErrorList, FieldError, Loading, When } from '../components/ui';
import { DEFAULT_PROJECT } from '../../lib/project-scope';
import { useConsole } from '../console-context';

const UsersDocument = graphql(`
  query UsersAndKeys {
    users {
      id
      email
      name
      role
      permissions
      customRoles
      createdAt
      deactivatedAt
      lockedUntil
    }
    roles {
      key
      name
      preset
    }
    apiKeys(includeRevoked: true) {
      id
      name
      kind
      environment
      project
      role
      permissions
      customRoles
      prefix
      createdAt
      createdBy
      revokedAt
    }
  }
`);

const CreateUserDocument = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      email
    }
  }
`);

const UpdateRoleDocument = graphql(`
  mutation UpdateUserRole($id: ID!, $role: Role!, $permissions: [String!]) {
    updateUserRole(id: $id, role: $role, permissions: $permissions) {
      id
      role
      permissions
    }
  }
`);

const CreateKeyDocument = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        id
        prefix
      }
    }
  }
`);

const DeactivateUserDocument = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      deactivatedAt
    }
  }
`);

const ReactivateUserDocument = graphql(`
  mutation ReactivateUser($id: ID!) {
    reactivateUser(id: $id) {
      id
      deactivatedAt
    }
  }
`);

const ResetPasswordDocument = graphql(`
  mutation ResetUserPassword($id: ID!) {
    resetUserPassword(id: $id) {
      temporaryPassword
      user {
        id
        lockedUntil
      }
    }
  }
`);

const UnlockUserDocument = graphql(`
  mutation UnlockUser($id: ID!) {
    unlockUser(id: $id) {
      id
      lockedUntil
    }
  }
`);

const DeleteUserDocument = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

const SetUserCustomRolesDocument = graphql(`
  mutation SetUserCustomRoles($id: ID!, $roles: [ID!]!) {
    setUserCustomRoles(id: $id, roles: $roles) {
      id
      customRoles
    }
  }
`);

const SetApiKeyCustomRolesDocument = graphql(`
  mutation SetApiKeyCustomRoles($id: ID!, $roles: [ID!]!) {
    setApiKeyCustomRoles(id: $id, roles: $roles) {
      id
      customRoles
    }
  }
`);

const RevokeKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

const ROLES: Role[] = ['ADMIN', 'EDITOR', 'VIEWER'];
/** The custom roles an admin can assign (the presets are the Role column). */
type CustomRoleOption = { key: string; name: string };

export function UsersAndKeys() {
  const { user } = useConsole();
  const isAdmin = user?.role === 'ADMIN';
  const [{ data, error }, refetch] = useQuery({
    query: UsersDocument,
    pause: typeof window === 'undefined' || !isAdmin,
  });
  if (!user) return <Loading what="your account" />;
  if (!isAdmin) {
    return (
      <p className="alert alert--warning" role="alert">
        Only admins manage users and API keys.
      </p>
    );
  }
  if (!data) {
    return error ? (
      <ErrorList messages={graphErrors(error).general} title="Users could not be loaded." />
    ) : (
      <Loading what="users" />
    );
  }
  const customRoles = data.roles.filter((r) => !r.preset);
  return (
    <>
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">Users</h2>
        <CreateUser />
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Production</th>
                <th scope="col">Custom roles</th>
                <th scope="col">Created</th>
                <th scope="col">Account</th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((u) => (
                <UserRow
                  key={u.id}
                  u={u}
                  self={u.id === user.id}
                  customRoles={customRoles}
                  onRemoved={() => refetch({ requestPolicy: 'network-only' })}
                />
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">API keys</h2>
        <CreateKey customRoles={customRoles} />
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Environment / role</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.apiKeys.map((k) => (
                <KeyRow key={k.id} k={k} customRoles={customRoles} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function UserRow({
  u,
  self,
  customRoles,
  onRemoved,
}: {
  u: {
    id: string;
    email: string;
    name: string;
    role: Role;
    permissions: string[];
    customRoles: string[];
    createdAt: string;
    deactivatedAt?: string | null;
    lockedUntil?: string | null;
  };
  self: boolean;
  customRoles: CustomRoleOption[];
  onRemoved: () => void;
}) {
  const [result, updateRole] = useMutation(UpdateRoleDocument);
  const production = u.permissions.includes('production');
  const info = graphErrors(result.error);
  const set = (role: Role, prod: boolean) =>
    updateRole({
      id: u.id,
      role,
      permissions: prod
        ? [...new Set([...u.permissions, 'production'])]
        : u.permissions.filter((p) => p !== 'production'),
    });
  return (
    <tr>
      <th scope="row">
        {u.name}
        <br />
        <span className="muted">{u.email}</span>
      </th>
      <td>
        <label className="visually-hidden" htmlFor={`role-${u.id}`}>
          Role of {u.email}
        </label>
        <select
          id={`role-${u.id}`}
          className="input"
          value={u.role}
          disabled={self || result.fetching}
          onChange={(e) => void set(e.target.value as Role, production)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r.toLowerCase()}
            </option>
          ))}
        </select>
        <ErrorList messages={[...info.general, ...Object.values(info.fields)]} />
      </td>
      <td>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={production || u.role === 'ADMIN'}
            disabled={self || u.role !== 'EDITOR' || result.fetching}
            onChange={(e) => void set(u.role, e.target.checked)}
          />
          May change production
        </label>
      </td>
      <td>
        <UserCustomRoles u={u} options={customRoles} />
      </td>
      <td>
        <When at={u.createdAt} />
      </td>
      <td>{self ? <span className="muted">you</span> : <AccountActions u={u} onRemoved={onRemoved} />}</td>
    </tr>
  );
}

/** The custom roles assigned to a user directly, each a checkbox saved at once. */
function UserCustomRoles({
  u,
  options,
}: {
  u: { id: string; email: string; customRoles: string[] };
  options: CustomRoleOption[];
}) {
  const [result, setRoles] = useMutation(SetUserCustomRolesDocument);
  return (
    <CustomRoleChecks
      label={`Custom roles of ${u.email}`}
      saved={u.customRoles}
      options={options}
      result={result}
      save={async (roles) => (await setRoles({ id: u.id, roles })).data?.setUserCustomRoles.customRoles}
    />
  );
}

/** A TOKEN's custom roles, changed after creation (the key acts with them from its next request). */
function KeyCustomRoles({
  k,
  options,
}: {
  k: { id: string; name: string; customRoles: string[] };
  options: CustomRoleOption[];
}) {
  const [result, setRoles] = useMutation(SetApiKeyCustomRolesDocument);
  return (
    <CustomRoleChecks
      label={`Custom roles of key ${k.name}`}
      saved={k.customRoles}
      options={options}
      result={result}
      save={async (roles) => (await setRoles({ id: k.id, roles })).data?.setApiKeyCustomRoles.customRoles}
    />
  );
}

/** Custom roles as checkboxes, each change saved at once; a refusal puts the saved list back and says why. */
function CustomRoleChecks({
  label,
  saved,
  options,
  result,
  save,
}: {
  label: string;
  saved: string[];
  options: CustomRoleOption[];
  result: { fetching: boolean; error?: CombinedError };
  save: (roles: string[]) => Promise<string[] | undefined>;
}) {
  // Shown at once; the saved list comes back with the answer.
  const [chosen, setChosen] = useState(saved);
  async function choose(next: string[]) {
    setChosen(next);
    setChosen((await save(next)) ?? saved);
  }
  if (options.length === 0) return <span className="muted">none defined</span>;
  return (
    <fieldset className="checkbox-list">
      <legend className="visually-hidden">{label}</legend>
      {options.map((r) => (
        <label key={r.key} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(r.key)}
            disabled={result.fetching}
            onChange={(e) =>
              void choose(e.target.checked ? [...chosen, r.key] : chosen.filter((k) => k !== r.key))
            }
          />
          {r.name}
        </label>
      ))}
      <ErrorList messages={allMessages(graphErrors(result.error))} />
    </fieldset>
  );
}

/** Deactivate or reactivate, reset the password (shown once), lift a lock-out, delete. */
function AccountActions({
  u,
  onRemoved,
}: {
  u: { id: string; email: string; deactivatedAt?: string | null; lockedUntil?: string | null };
  onRemoved: () => void;
}) {
  const [deactivated, deactivate] = useMutation(DeactivateUserDocument);
  const [reactivated, reactivate] = useMutation(ReactivateUserDocument);
  const [reset, resetPassword] = useMutation(ResetPasswordDocument);
  const [unlocked, unlock] = useMutation(UnlockUserDocument);
  const [deleted, remove] = useMutation(DeleteUserDocument);
  const [confirming, setConfirming] = useState<'delete' | 'reset' | null>(null);
  const errors = graphErrors(
    deactivated.error ?? reactivated.error ?? reset.error ?? unlocked.error ?? deleted.error,
  );
  const temporary = reset.data?.resetUserPassword.temporaryPassword;
  return (
    <div className="toolbar" style={{ margin: 0 }}>
      {u.deactivatedAt ? (
        <button type="button" className="button button--small" onClick={() => void reactivate({ id: u.id })}>
          Reactivate
        </button>
      ) : (
        <button type="button" className="button button--small" onClick={() => void deactivate({ id: u.id })}>
          Deactivate
        </button>
      )}
      {u.lockedUntil ? (
        <button type="button" className="button button--small" onClick={() => void unlock({ id: u.id })}>
          Unlock (locked until <When at={u.lockedUntil} />)
        </button>
      ) : null}
      <button type="button" className="button button--small" onClick={() => setConfirming('reset')}>
        Reset password
      </button>
      <button
        type="button"
        className="button button--small button--danger"
        onClick={() => setConfirming('delete')}
      >
        Delete
      </button>
      {temporary ? (
        <p className="alert alert--success" role="status" data-testid="temporary-password">
          Temporary password for {u.email}, shown once: <code>{temporary}</code>
        </p>
      ) : null}
      <ErrorList messages={allMessages(errors)} />
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'delete' ? `Delete ${u.email}?` : `Reset the password of ${u.email}?`}
        confirmLabel={confirming === 'delete' ? 'Delete user' : 'Reset password'}
        danger
        onCancel={() => setConfirming(null)}
        onConfirm={async () => {
          const what = confirming;
          setConfirming(null);
          if (what === 'reset') await resetPassword({ id: u.id });
          if (what === 'delete') {
            const res = await remove({ id: u.id });
            if (res.data) onRemoved();
          }
        }}
      >
        <p>
          {confirming === 'delete'
            ? 'Their sessions end and the API keys they made stop working at once, on every gateway. The audit log keeps their name; the email can be used again.'
            : 'Their sessions end at once; you are shown a temporary password to give them.'}
        </p>
      </ConfirmDialog>
    </div>
  );
}

function CreateUser() {
  const [v, setV] = useState({ email: '', name: '', password: '', role: 'VIEWER' as Role });
  const [open, setOpen] = useState(false);
  const [result, createUser] = useMutation(CreateUserDocument);
  const info = graphErrors(result.error);
  const f = (n: string) => fieldError(info.fields, n);
  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          New user
        </button>
      </div>
    );
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    const res = await createUser({
      input: { email: v.email.trim(), name: v.name.trim() || null, password: v.password, role: v.role },
    });
    if (res.data) {
      setV({ email: '', name: '', password: '', role: v.role });
      setOpen(false);
    }
  }
  return (
    <form className="toolbar" onSubmit={submit} aria-label="New user">
      <ErrorList messages={info.general} title="The user was not created." />
      <label className="field">
        Email
        <input
          type="email"
          required
          value={v.email}
          aria-invalid={f('email') ? true : undefined}
          onChange={(e) => setV({ ...v, email: e.target.value })}
        />
        <FieldError id="new-user-email-error" message={f('email')} />
      </label>
      <label className="field">
        Name
        <input value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
      </label>
      <label className="field">
        Password
        <input
          type="password"
          required
          autoComplete="new-password"
          value={v.password}
          aria-invalid={f('password') ? true : undefined}
          onChange={(e) => setV({ ...v, password: e.target.value })}
        />
        <FieldError id="new-user-password-error" message={f('password')} />
      </label>
      <label className="field">
        Role
        <select value={v.role} onChange={(e) => setV({ ...v, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--primary" disabled={result.fetching}>
        Create user
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

function KeyRow({
  k,
  customRoles,
}: {
  customRoles: CustomRoleOption[];
  k: {
    id: string;
    name: string;
    kind: ApiKeyKind;
    environment?: string | null;
    project?: string | null;
    role?: Role | null;
    customRoles: string[];
    prefix: string;
    createdAt: string;
    createdBy?: string | null;
    revokedAt?: string | null;
  };
}) {
  const [confirming, setConfirming] = useState(false);
  const [result, revoke] = useMutation(RevokeKeyDocument);
  return (
    <tr>
      <th scope="row">{k.name}</th>
      <td>{k.kind.toLowerCase()}</td>
      <td>
        {k.environment ? (
          `${k.environment}${k.project && k.project !== DEFAULT_PROJECT ? ` in project ${k.project}` : ''}`
        ) : k.kind === 'TOKEN' && !k.revokedAt && customRoles.length > 0 ? (
          <>
            {k.role ? k.role.toLowerCase() : null}
            <KeyCustomRoles k={k} options={customRoles} />
          </>
        ) : (
          [k.role?.toLowerCase(), ...k.customRoles].filter(Boolean).join(', ') || '—'
        )}
      </td>
      <td>
        <code>{k.prefix}…</code>
      </td>
      <td>
        <When at={k.createdAt} /> {k.createdBy ? `by ${k.createdBy}` : ''}
      </td>
      <td>
        {k.revokedAt ? (
          <span className="muted">
            Revoked <When at={k.revokedAt} />
          </span>
        ) : (
          <>
            <button type="button" className="button button--small" onClick={() => setConfirming(true)}>
              Revoke
            </button>
            <ErrorList messages={graphErrors(result.error).general} />
            <ConfirmDialog
              open={confirming}
              title={`Revoke “${k.name}”?`}
              confirmLabel="Revoke"
              danger
              onCancel={() => setConfirming(false)}
              onConfirm={() => {
                setConfirming(false);
                void revoke({ id: k.id });
              }}
            >
              <p>Every app using this key is refused from now on.</p>
            </ConfirmDialog>
          </>
        )}
      </td>
    </tr>
  );
}

/** A token acts with a preset role, custom roles, or both (`NONE`: custom roles only). */
function CreateKey({ customRoles }: { customRoles: CustomRoleOption[] }) {
  // An SDK key serves one project: the one the console works in, whose environments are offered.
  const { environments, project, projects } = useConsole();
  const [v, setV] = useState({
    name: '',
    kind: 'SERVER' as ApiKeyKind,
    environment: '',
    role: 'VIEWER' as Role | 'NONE',
    customRoles: [] as string[],
  });
  const [secret, setSecret] = useState<string | null>(null);
  const [result, createKey] = useMutation(CreateKeyDocument);
  const info = graphErrors(result.error);
  const f = (n: string) => fieldError(info.fields, n);
  const environment = v.environment || environments[0]?.key || '';
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSecret(null);
    const res = await createKey({
      input: {
        name: v.name.trim(),
        kind: v.kind,
        ...(v.kind === 'TOKEN'
          ? { role: v.role === 'NONE' ? null : v.role, customRoles: v.customRoles }
          : { environment, project }),
      },
    });
    if (res.data) {
      setSecret(res.data.createApiKey.secret);
      setV({ ...v, name: '' });
    }
  }
  return (
    <>
      <form className="toolbar" onSubmit={submit} aria-label="New API key">
        <label className="field">
          Key name
          <input
            required
            value={v.name}
            aria-invalid={f('name') ? true : undefined}
            onChange={(e) => setV({ ...v, name: e.target.value })}
          />
          <FieldError id="new-key-name-error" message={f('name')} />
        </label>
        <label className="field">
          Kind
          <select value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as ApiKeyKind })}>
            <option value="SERVER">Server SDK</option>
            <option value="CLIENT">Client SDK</option>
            <option value="TOKEN">Automation token</option>
          </select>
        </label>
        {v.kind === 'TOKEN' ? (
          <>
            <label className="field">
              Token role
              <select value={v.role} onChange={(e) => setV({ ...v, role: e.target.value as Role | 'NONE' })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r.toLowerCase()}
                  </option>
                ))}
                <option value="NONE">none (custom roles only)</option>
              </select>
              <FieldError id="new-key-role-error" message={f('role')} />
            </label>
            {customRoles.length > 0 ? (
              <fieldset className="checkbox-list">
                <legend>Token custom roles</legend>
                {customRoles.map((r) => (
                  <label key={r.key} className="checkbox">
                    <input
                      type="checkbox"
                      checked={v.customRoles.includes(r.key)}
                      onChange={(e) =>
                        setV({
                          ...v,
                          customRoles: e.target.checked
                            ? [...v.customRoles, r.key]
                            : v.customRoles.filter((k) => k !== r.key),
                        })
                      }
                    />
                    {r.name}
                  </label>
                ))}
                <FieldError id="new-key-custom-roles-error" message={f('customRoles')} />
              </fieldset>
            ) : null}
          </>
        ) : (
          <label className="field">
            Key environment
            {project !== DEFAULT_PROJECT
              ? ` (project ${projects.find((p) => p.key === project)?.name ?? project})`
              : ''}
            <select value={environment} onChange={(e) => setV({ ...v, environment: e.target.value })}>
              {environments.map((e) => (
                <option key={e.key} value={e.key}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          Create key
        </button>
      </form>
      <ErrorList messages={info.general} title="The key was not created." />
      {secret ? (
        <div className="alert alert--success" role="status">
          <p className="alert__title">Copy this secret now: it is not shown again.</p>
          <code data-testid="api-key-secret">{secret}</code>
        </div>
      ) : null}
    </>
  );
}
