/**
 * The project a request works in when it names none, and where everything made before projects lives
 * (issue 19). Projects themselves are the flags subgraph's (flags.projects).
 */
export const DEFAULT_PROJECT = 'default';
