'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { ProjectsQuery } from '../../lib/gql/graphql';
import { allMessages, fieldError, graphErrors } from '../../lib/graph-errors';
import { ErrorList, FieldError, Loading } from '../components/ui';
import { useConsole } from '../console-context';
import { ConfigChangeListener } from '../live';
import { DEFAULT_PROJECT } from '../../lib/project-scope';

const ProjectsDocument = graphql(`
  query Projects {
    projects {
      key
      name
      description
      version
      environments {
        key
        name
        colour
      }
    }
    environments {
      key
      name
      sortOrder
    }
  }
`);

const CreateProjectDocument = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      key
    }
  }
`);

const UpdateProjectDocument = graphql(`
  mutation UpdateProject($key: String!, $expectedVersion: Int!, $input: UpdateProjectInput!) {
    updateProject(key: $key, expectedVersion: $expectedVersion, input: $input) {
      key
      version
    }
  }
`);

type ProjectView = ProjectsQuery['projects'][number];
interface Row {
  key: string;
  name: string;
  used: boolean;
  colour: string | null;
}

export function Projects() {
  const { environment, user } = useConsole();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ProjectsDocument });
  if (!data)
    return fetching ? <Loading what="projects" /> : <ErrorList messages={allMessages(graphErrors(error))} />;
  return (
    <>
      <ConfigChangeListener
        environment={environment}
        onChange={() => reexecute({ requestPolicy: 'network-only' })}
      />
      {data.projects.map((project) => (
        // A new version (saved here or elsewhere) starts the form afresh.
        <ProjectCard
          key={`${project.key}:${project.version}`}
          project={project}
          installation={data.environments}
          onSaved={() => reexecute({ requestPolicy: 'network-only' })}
        />
      ))}
      {user?.role === 'ADMIN' ? (
        <NewProject
          installation={data.environments}
          onCreated={() => reexecute({ requestPolicy: 'network-only' })}
        />
      ) : null}
    </>
  );
}

/** The project's environments first, in its order, then the installation's others, unused. */
function rowsOf(
  project: ProjectView,
  installation: { key: string; name: string; sortOrder: number }[],
): Row[] {
  const used = project.environments.map((e) => ({
    key: e.key,
    name: e.name,
    used: true,
    colour: e.colour ?? null,
  }));
  const rest = [...installation]
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .filter((e) => !used.some((u) => u.key === e.key))
    .map((e) => ({ key: e.key, name: e.name, used: false, colour: null }));
  return [...used, ...rest];
}

function ProjectCard({
  project,
  installation,
  onSaved,
}: {
  project: ProjectView;
  installation: { key: string; name: string; sortOrder: number }[];
  onSaved: () => void;
}) {
  const { user } = useConsole();
  const isAdmin = user?.role === 'ADMIN';
  const [name, setName] = useState(project.name);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(project, installation));
  const [saved, setSaved] = useState(false);
  const [result, update] = useMutation(UpdateProjectDocument);
  const info = graphErrors(result.error);
  // The graph names fields by their place among the used environments.
  const usedRows = rows.filter((r) => r.used);
  // Environments the project uses now and the form would stop using: refused while its SDK keys or custom
  // roles' grants name them there.
  const dropped = rowsOf(project, installation).filter(
    (r) => r.used && !rows.some((row) => row.key === r.key && row.used),
  );
  const rowError = (row: Row, field: 'key' | 'colour') => {
    const i = usedRows.indexOf(row);
    return i < 0 ? undefined : fieldError(info.fields, `environments.${i}.${field}`);
  };

  function move(index: number, by: -1 | 1) {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    setRows(next);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const res = await update({
      key: project.key,
      expectedVersion: project.version,
      input: { name, environments: usedRows.map((r) => ({ key: r.key, colour: r.colour })) },
    });
    if (!res.error) {
      setSaved(true);
      onSaved();
    }
  }

  const titleId = `project-${project.key}`;
  return (
    <section className="card" aria-labelledby={titleId} data-testid={`project-${project.key}`}>
      <h2 id={titleId}>
        {project.name} <code>{project.key}</code>
      </h2>
      {project.description ? <p>{project.description}</p> : null}
      <p>
        <Link href={`/flags?project=${encodeURIComponent(project.key)}`}>Open its flags</Link>
      </p>
      <form onSubmit={save}>
        <div className="toolbar">
          <label className="field">
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} disabled={!isAdmin} />
          </label>
        </div>
        <FieldError id={`${titleId}-name-error`} message={fieldError(info.fields, 'name')} />
        <div className="table-scroll">
          <table className="data-table">
            <caption>Environments the project uses, in its order</caption>
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Used</th>
                <th scope="col">Colour</th>
                <th scope="col">Order</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={row.key} data-testid={`project-environment-${row.key}`}>
                  <th scope="row">
                    {row.name} <code>{row.key}</code>
                    <FieldError id={`${titleId}-${row.key}-error`} message={rowError(row, 'key')} />
                  </th>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${project.name} uses ${row.name}`}
                      checked={row.used}
                      disabled={!isAdmin}
                      onChange={(e) =>
                        setRows(rows.map((r) => (r.key === row.key ? { ...r, used: e.target.checked } : r)))
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="color"
                      aria-label={`Colour of ${row.name}`}
                      value={row.colour ?? '#9ca3af'}
                      disabled={!isAdmin || !row.used}
                      onChange={(e) =>
                        setRows(rows.map((r) => (r.key === row.key ? { ...r, colour: e.target.value } : r)))
                      }
                    />
                    {row.colour && isAdmin ? (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() =>
                          setRows(rows.map((r) => (r.key === row.key ? { ...r, colour: null } : r)))
                        }
                      >
                        No colour
                      </button>
                    ) : null}
                    <FieldError id={`${titleId}-${row.key}-colour-error`} message={rowError(row, 'colour')} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Move ${row.name} up`}
                      disabled={!isAdmin || i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Move ${row.name} down`}
                      disabled={!isAdmin || i === rows.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <FieldError id={`${titleId}-environments-error`} message={info.fields.environments} />
        {dropped.length > 0 && usedRows.length > 0 ? (
          <div className="alert alert--warning" role="alert" data-testid={`${titleId}-dropped`}>
            <p className="alert__title">
              Saving stops {project.name} using {dropped.map((r) => r.name).join(', ')}.
            </p>
            <p>
              {project.key === DEFAULT_PROJECT
                ? 'Every SDK key made before projects belongs to the default project. '
                : ''}
              Saving is refused while an SDK key of this project serves{' '}
              {dropped.length === 1 ? 'this environment' : 'these environments'} or a custom role grants in{' '}
              {dropped.length === 1 ? 'it' : 'them'} here; the refusal names them, to revoke or change first.
            </p>
          </div>
        ) : null}
        <ErrorList messages={[...info.general, ...(info.conflict ? [info.conflict.message] : [])]} />
        {isAdmin ? (
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            Save project
          </button>
        ) : (
          <p>Only admins change projects.</p>
        )}
        {saved ? <output>Saved.</output> : null}
      </form>
    </section>
  );
}

/** A new project: its key, name and the environments it uses (all of the installation's at first). */
function NewProject({
  installation,
  onCreated,
}: {
  installation: { key: string; name: string; sortOrder: number }[];
  onCreated: () => void;
}) {
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [result, create] = useMutation(CreateProjectDocument);
  const info = graphErrors(result.error);
  const environments = [...installation]
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .map((e) => ({ key: e.key }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const res = await create({ input: { key, name, environments } });
    if (!res.error) {
      setKey('');
      setName('');
      onCreated();
    }
  }

  return (
    <section className="card" aria-labelledby="new-project-title">
      <h2 id="new-project-title">New project</h2>
      <p>It starts with every environment; choose its own afterwards in its card.</p>
      <form onSubmit={submit} aria-label="New project">
        <div className="toolbar">
          <label className="field">
            Key
            <input
              value={key}
              onChange={(e) => setKey(e.target.value)}
              aria-describedby="new-project-key-error"
              required
            />
          </label>
          <label className="field">
            Name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-describedby="new-project-name-error"
              required
            />
          </label>
        </div>
        <FieldError id="new-project-key-error" message={fieldError(info.fields, 'key')} />
        <FieldError id="new-project-name-error" message={fieldError(info.fields, 'name')} />
        <ErrorList messages={[...info.general, ...(info.conflict ? [info.conflict.message] : [])]} />
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          Create project
        </button>
      </form>
    </section>
  );
}
