import type { Metadata } from 'next';
import { Projects } from './projects';

export const metadata: Metadata = { title: 'Projects' };

export default function ProjectsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Projects</h1>
        <p>
          Each project uses the installation&apos;s environments it chooses, in its own order and colours. The
          environment switcher and the flag pages follow this choice.
        </p>
      </header>
      <Projects />
    </>
  );
}
