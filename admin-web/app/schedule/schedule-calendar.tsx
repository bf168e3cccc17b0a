'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { graphErrors } from '../../lib/graph-errors';
import { ErrorList, Loading } from '../components/ui';
import { useConsole } from '../console-context';
import { ConfigChangeListener } from '../live';
import { AllScheduledChangesDocument } from '../releases/release-queries';
import { describeChange, ScheduledChangesTable, subjectOf } from '../releases/scheduled-changes';

interface CalendarItem {
  id: string;
  at: Date;
  /** The flag's or the segment's key, and its page. */
  subject: { key: string; href: string };
  environment: string;
  label: string;
}

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric' });
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A month at a glance (weeks from Monday, in the browser's time zone), then every scheduled change in a table. */
export function ScheduleCalendar() {
  const { environments, project } = useConsole();
  const [month, setMonth] = useState(() => {
    const now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), 1);
  });
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AllScheduledChangesDocument,
    variables: { filter: { project } },
    pause: typeof window === 'undefined',
  });
  const onChange = () => refetch({ requestPolicy: 'network-only' });

  const items = useMemo<CalendarItem[]>(() => {
    if (!data) return [];
    const scheduled = data.scheduledChanges
      .filter((c) => c.status === 'PENDING')
      .map((c) => ({
        id: c.id,
        at: new Date(c.at),
        subject: subjectOf(c),
        environment: c.environment,
        label: describeChange(c.kind),
      }));
    const requests = data.changeRequests
      .filter((r) => r.applyAt)
      .map((r) => ({
        id: r.id,
        at: new Date(r.applyAt as string),
        subject: subjectOf(r),
        environment: r.environment,
        label: `Change request: ${describeChange(r.kind, r.releasePlanAction).toLowerCase()}`,
      }));
    return [...scheduled, ...requests].sort((a, b) => a.at.getTime() - b.at.getTime());
  }, [data]);

  const byDay = useMemo(() => {
    const map = new Map<string, CalendarItem[]>();
    for (const item of items) {
      const k = dayKey(item.at);
      map.set(k, [...(map.get(k) ?? []), item]);
    }
    return map;
  }, [items]);

  // Six weeks from the Monday on or before the 1st.
  const first = new Date(month);
  first.setDate(1 - ((month.getDay() + 6) % 7));
  const days = Array.from(
    { length: 42 },
    (_, i) => new Date(first.getFullYear(), first.getMonth(), first.getDate() + i),
  );
  const today = dayKey(new Date());

  return (
    <>
      {environments.map((e) => (
        <ConfigChangeListener key={e.key} environment={e.key} onChange={onChange} />
      ))}
      <section className="card" aria-labelledby="calendar-title">
        <div className="toolbar">
          <button
            type="button"
            className="button button--small"
            onClick={() => setMonth(new Date(month.getFullYear(), month.getMonth() - 1, 1))}
          >
            Previous month
          </button>
          <h2 id="calendar-title" style={{ margin: 0 }}>
            {monthName.format(month)}
          </h2>
          <button
            type="button"
            className="button button--small"
            onClick={() => setMonth(new Date(month.getFullYear(), month.getMonth() + 1, 1))}
          >
            Next month
          </button>
        </div>
        <table className="calendar" aria-labelledby="calendar-title">
          <thead>
            <tr>
              {WEEKDAYS.map((d) => (
                <th key={d} scope="col" className="calendar__head">
                  {d}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: 6 }, (_, w) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a week is its place in the month
              <tr key={w}>
                {days.slice(w * 7, w * 7 + 7).map((d) => {
                  const k = dayKey(d);
                  const dayItems = byDay.get(k) ?? [];
                  const classes = ['calendar__day'];
                  if (d.getMonth() !== month.getMonth()) classes.push('calendar__day--other');
                  if (k === today) classes.push('calendar__day--today');
                  return (
                    <td key={k} className={classes.join(' ')}>
                      <span className="calendar__date">{d.getDate()}</span>
                      <span className="visually-hidden">
                        {' '}
                        {d.toDateString()}: {dayItems.length} change{dayItems.length === 1 ? '' : 's'}
                      </span>
                      <ul>
                        {dayItems.map((item) => (
                          <li key={item.id} data-testid="calendar-item">
                            <span className="muted">{time.format(item.at)}</span>{' '}
                            <Link href={item.subject.href}>{item.subject.key}</Link>{' '}
                            <span className="muted">
                              {item.environment}: {item.label}
                            </span>
                          </li>
                        ))}
                      </ul>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="all-scheduled-title">
        <h2 id="all-scheduled-title">All scheduled changes</h2>
        {data ? (
          <ScheduledChangesTable changes={data.scheduledChanges} showFlag label="All scheduled changes" />
        ) : error && !fetching ? (
          <ErrorList title="The schedule could not be loaded." messages={graphErrors(error).general} />
        ) : (
          <Loading what="the schedule" />
        )}
      </section>
    </>
  );
}
