import { redirect } from 'next/navigation';

/** The console opens on the flag list. */
export default function HomePage() {
  redirect('/flags');
}
