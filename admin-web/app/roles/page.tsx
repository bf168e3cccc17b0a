import type { Metadata } from 'next';
import { Roles } from './roles';

export const metadata: Metadata = { title: 'Roles' };

export default function RolesPage() {
  return (
    <>
      <header className="page-header">
        <h1>Roles</h1>
        <p>
          A role is a set of permissions, each in one project and environment or in any. The built-in admin,
          editor and viewer are presets; custom roles add to a user&apos;s role, act for automation tokens,
          and follow single sign-on groups.
        </p>
      </header>
      <Roles />
    </>
  );
}
