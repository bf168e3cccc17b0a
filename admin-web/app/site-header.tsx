'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from '../lib/auth-session';
import { isProduction, isPublicPath, useConsole } from './console-context';
import { EnvironmentSwatch } from './components/ui';

const NAV_LINKS = [
  { href: '/flags', label: 'Flags' },
  { href: '/segments', label: 'Segments' },
  { href: '/experiments', label: 'Experiments' },
  { href: '/metrics', label: 'Metrics' },
  { href: '/changes', label: 'Changes' },
  { href: '/schedule', label: 'Schedule' },
  { href: '/audit', label: 'Audit log' },
  { href: '/demo', label: 'Demo store' },
] as const;

const ADMIN_LINKS = [
  { href: '/users', label: 'Users & keys' },
  { href: '/integrations', label: 'Integrations' },
  { href: '/projects', label: 'Projects' },
  { href: '/roles', label: 'Roles' },
] as const;

export function SiteHeader() {
  const pathname = usePathname();
  const isAdmin = useConsole().user?.role === 'ADMIN';
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/flags" className="site-header__brand">
          <svg className="site-header__logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <rect width="24" height="24" rx="6" fill="#2563eb" />
            <path
              d="M6 16h4.5c1.4 0 2.2-.6 2.9-1.8L15 11c.6-1.1 1.4-1.6 2.6-1.6H18M15 7.2l3 2.2-3 2.2M6 8h3.2"
              fill="none"
              stroke="#ffffff"
              strokeWidth="1.8"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          Switchyard
        </Link>
        <nav className="site-header__nav" aria-label="Main">
          <ul>
            {[...NAV_LINKS, ...(isAdmin ? ADMIN_LINKS : [])].map(({ href, label }) => {
              const current = pathname === href || pathname.startsWith(`${href}/`);
              return (
                <li key={href}>
                  <Link href={href} className="site-header__link" aria-current={current ? 'page' : undefined}>
                    {label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        {isPublicPath(pathname) ? null : <ConsoleTools />}
      </div>
    </header>
  );
}

function ConsoleTools() {
  const { user, environments, environment, setEnvironment, project, projects, setProject } = useConsole();
  const colour = environments.find((e) => e.key === environment)?.colour;
  return (
    <div className="site-header__tools">
      {/* Offered once there is a choice: an installation of one team never sees it. */}
      {projects.length > 1 ? (
        <label className="site-header__env">
          Project
          <select
            value={project}
            onChange={(event) => setProject(event.target.value)}
            data-testid="project-switcher"
          >
            {projects.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label
        className={`site-header__env${isProduction(environment) ? ' site-header__env--production' : ''}`}
      >
        {colour ? <EnvironmentSwatch colour={colour} /> : null}
        Environment
        <select
          value={environment}
          onChange={(event) => setEnvironment(event.target.value)}
          data-testid="environment-switcher"
        >
          {environments.map((env) => (
            <option key={env.key} value={env.key}>
              {env.name}
            </option>
          ))}
        </select>
      </label>
      {user ? (
        <div className="site-header__user" data-testid="signed-in-user">
          <Link href="/account" className="site-header__link" title="Your account: change password">
            {user.name || user.email}
          </Link>
          <span className="role" data-testid="user-role">
            {user.role.toLowerCase()}
          </span>
          <button
            type="button"
            className="site-header__signout"
            onClick={() => {
              void signOut().then(() => window.location.assign('/sign-in'));
            }}
          >
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
