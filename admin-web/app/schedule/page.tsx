import type { Metadata } from 'next';
import { ScheduleCalendar } from './schedule-calendar';

export const metadata: Metadata = { title: 'Scheduled changes' };

export default function SchedulePage() {
  return (
    <>
      <header className="page-header">
        <h1>Scheduled changes</h1>
        <p>
          Every change waiting for its time: scheduled flag changes and approved change requests set to apply
          later.
        </p>
      </header>
      <ScheduleCalendar />
    </>
  );
}
