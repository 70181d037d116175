import { z } from 'zod';

/**
 * A sanity check, not RFC 5322: one @, something on each side, a dot in the domain, no spaces.
 * Stricter parsing turns away real addresses; ownership would be proven by a mail, not a regex.
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;
const MAX_DISPLAY_NAME_LENGTH = 100;
/** Zero-width, direction-control and other invisible characters: they make one address look like another. */
export const INVISIBLE_OR_BIDI = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/u;
// Control characters are exactly what this must find.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Emails are compared and stored in NFKC, trimmed and lower-cased, so `A@x.io `, `a@x.io` and the
 * fullwidth `ａ@x.io` are one account.
 */
export function normaliseEmail(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/** An address as typed at sign-in: normalised only, so a malformed one is just not found. */
export const normalisedEmail = () => z.string().max(1024).transform(normaliseEmail);

/** An address a new account may have: normalised, then checked. */
export const emailAddress = () =>
  normalisedEmail().pipe(
    z
      .string()
      .max(MAX_EMAIL_LENGTH, `email must be at most ${MAX_EMAIL_LENGTH} characters`)
      .refine((e) => !INVISIBLE_OR_BIDI.test(e), 'email must not contain invisible or text-direction characters')
      .refine((e) => EMAIL.test(e), 'email must be a valid email address'),
  );

/** Trimmed; an empty name is no name (null). */
export const displayName = () =>
  z
    .string({ message: 'displayName must be a string or null' })
    .refine(
      (n) => [...n.trim()].length <= MAX_DISPLAY_NAME_LENGTH,
      `displayName must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`,
    )
    .refine((n) => !CONTROL_CHARACTERS.test(n), 'displayName must not contain control characters')
    .nullable()
    .transform((n) => (n === null || n.trim() === '' ? null : n.trim()));
