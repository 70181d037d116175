/** A URL's password: `scheme://user:secret@host`. */
const URL_PASSWORD = /(\/\/[^\s:/@]*:)[^\s@/]+@/g;
/** `password=…`-style pairs, `refresh_token=…` and `clientSecret=…` too (connection strings, query strings, driver messages). */
const SECRET_PAIR = /\b([\w-]*(?:password|passwd|pwd|secret|token|api[_-]?key))=([^\s&;,]+)/gi;

/**
 * Text as it may be logged: a password in a URL and the value of a secret-named `key=value` pair
 * replaced. Driver and client errors sometimes quote their connection string; the structured
 * redaction (redact-paths.ts) only reaches fields, not the words of a message.
 */
export function withoutCredentials(text: string): string {
  return text.replace(URL_PASSWORD, '$1[redacted]@').replace(SECRET_PAIR, '$1=[redacted]');
}
