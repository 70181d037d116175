import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';

export interface PasswordPolicyOptions {
  minLength: number;
  /** The account's email: its local part must not appear in the password. */
  email?: string;
}

export type PasswordPolicyResult = { ok: true } | { ok: false; reasons: string[] };

/** The strength a password needs on zxcvbn's 0–4 scale (DESIGN §3: 3 or more). */
export const MIN_PASSWORD_SCORE = 3;
/** Longer passwords add nothing and make the strength estimate slow (it is super-linear). */
export const MAX_PASSWORD_LENGTH = 128;
/** bcrypt ignores everything after 72 bytes, so a longer password would be silently weaker than it looks. */
export const MAX_PASSWORD_BYTES = 72;
/** Shorter local parts ("jo", "a") occur by chance in strong passwords; rejecting those helps nobody. */
const MIN_LOCAL_PART_TO_CHECK = 3;

let configured = false;

/**
 * Loading the dictionaries builds large ranked tables (~0.2 s), so it happens once per process;
 * apps call this at start so the first registration does not pay for it.
 */
export function preparePasswordPolicy(): void {
  if (configured) return;
  // Required here, not imported at the top: the word lists take ~10 MB of heap, and every app that
  // imports @portcullis/security for something else would carry them for nothing.
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily on purpose, see above */
  const zxcvbnCommon = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const zxcvbnEn = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  /* eslint-enable @typescript-eslint/no-require-imports */
  zxcvbnOptions.setOptions({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  configured = true;
}

function localPartOf(email: string | undefined): string {
  if (!email) return '';
  const at = email.lastIndexOf('@');
  return (at === -1 ? email : email.slice(0, at)).trim().toLowerCase();
}

/** zxcvbn's own advice is generic ("Add more words…") and never quotes the password back. */
function strengthReasons(password: string, localPart: string): string[] {
  preparePasswordPolicy();
  // "jane.doe" as a whole and as "jane" and "doe": either half makes a password easier to guess.
  const userInputs = localPart
    ? [...new Set([localPart, ...localPart.split(/[._+-]/).filter((p) => p.length >= MIN_LOCAL_PART_TO_CHECK)])]
    : [];
  const { score, feedback } = zxcvbn(password, userInputs);
  if (score >= MIN_PASSWORD_SCORE) return [];
  const reasons = [
    `Password is too easy to guess (strength ${score} of 4; at least ${MIN_PASSWORD_SCORE} is required)`,
  ];
  if (feedback.warning) reasons.push(feedback.warning);
  return [...reasons, ...feedback.suggestions];
}

/**
 * The registration and password-change policy. Every failed rule is reported (not just the first)
 * so a user can fix them all in one go; no reason ever contains the password itself.
 */
export function checkPasswordPolicy(password: string, options: PasswordPolicyOptions): PasswordPolicyResult {
  if (typeof password !== 'string') return { ok: false, reasons: ['Password must be a string'] };
  const reasons: string[] = [];
  const length = [...password].length;
  if (length < options.minLength) reasons.push(`Password must be at least ${options.minLength} characters long`);
  if (length > MAX_PASSWORD_LENGTH) {
    reasons.push(`Password must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  } else if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    reasons.push(
      `Password must be at most ${MAX_PASSWORD_BYTES} bytes in UTF-8 (accented letters and emoji take 2–4 bytes each); only that much can be stored safely`,
    );
  }
  const localPart = localPartOf(options.email);
  if (localPart.length >= MIN_LOCAL_PART_TO_CHECK && password.toLowerCase().includes(localPart)) {
    reasons.push('Password must not contain the part of your email address before the @');
  }
  if (length <= MAX_PASSWORD_LENGTH) reasons.push(...strengthReasons(password, localPart));
  return reasons.length ? { ok: false, reasons } : { ok: true };
}
