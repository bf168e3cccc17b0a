/** `2026-01-02T03:04:00.000Z` → the `datetime-local` input's local `2026-01-02T04:04`. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time) → ISO, or null when empty. */
export function fromLocalInput(local: string): string | null {
  return local ? new Date(local).toISOString() : null;
}
