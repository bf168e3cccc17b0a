/** Flag keys are immutable identifiers used in code, URLs and hashes. */
export const FLAG_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,127}$/;

export function flagKeyProblem(key: string): string | null {
  if (FLAG_KEY_PATTERN.test(key)) return null;
  return 'must be 1–128 characters of lowercase letters, digits, ".", "_" or "-", starting with a letter or digit';
}
