/**
 * The one place where a poll failure's raw text (ioredis, Node, Redis) becomes a sentence for an
 * operator. The raw text stays available behind a details toggle: it is what to search for.
 * Rules are tried in order; the first match wins.
 */
const RULES: ReadonlyArray<[RegExp, string]> = [
  [/enableOfflineQueue|Stream isn't writeable|Connection is closed/i, 'The connection to Redis is down; Fragscope keeps trying to reconnect.'],
  [/ECONNREFUSED/, 'Redis refused the connection: nothing is listening at that address (is the server running?).'],
  [/ENOTFOUND|EAI_AGAIN/, 'The host name of this target does not resolve.'],
  [/ECONNRESET|EPIPE/, 'Redis closed the connection (restarted, or the client was killed).'],
  [/ETIMEDOUT|timed? ?out|timeout/i, 'Redis did not answer in time: overloaded, blocked by a long command, or the network drops packets.'],
  [/NOAUTH|WRONGPASS|invalid password|invalid username-password/i, 'Redis refused the credentials: check the password (or ACL user) of this target.'],
  [/NOPERM/, 'The ACL user of this target may not run the commands Fragscope needs (INFO, CONFIG GET).'],
  [/LOADING/, 'Redis is loading its dataset into memory and answers no commands yet.'],
  [/MASTERDOWN|BUSY/, 'Redis is busy (a script or a replica sync) and refuses commands for now.'],
  [/EHOSTUNREACH|ENETUNREACH/, 'The network has no route to this target.'],
  [/certificate|SSL|TLS/i, 'The TLS handshake with Redis failed (certificate or protocol).'],
];

export function connectionErrorText(raw: string): string {
  for (const [test, text] of RULES) if (test.test(raw)) return text;
  return 'Redis cannot be reached right now; Fragscope keeps trying.';
}
