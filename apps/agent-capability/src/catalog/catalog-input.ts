import { FieldError } from './catalog-errors';

/** Generous for a real catalog (the seed's largest type holds 13), small enough to keep a request cheap. */
export const MAX_CAPABILITIES_PER_REQUEST = 100;
export const MAX_DESCRIPTION_LENGTH = 500;
/** Longer than any id the catalog's CHECKs would accept in practice; refuses megabyte-long "ids". */
const MAX_ID_LENGTH = 100;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A list of capability ids, deduplicated in first-seen order; errors under `field`. */
export function capabilityList(raw: unknown, field: string, errors: FieldError[]): string[] {
  if (!Array.isArray(raw) || raw.some((c) => typeof c !== 'string' || c.length === 0 || c.length > MAX_ID_LENGTH)) {
    errors.push({ field, messages: [`${field} must be an array of capability ids`] });
    return [];
  }
  if (raw.length > MAX_CAPABILITIES_PER_REQUEST) {
    errors.push({ field, messages: [`${field} must hold at most ${MAX_CAPABILITIES_PER_REQUEST} capabilities`] });
    return [];
  }
  return [...new Set(raw as string[])];
}

export function idField(raw: unknown, field: string, errors: FieldError[]): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_ID_LENGTH) {
    errors.push({ field, messages: [`${field} must be a non-empty string`] });
    return '';
  }
  return raw;
}

/** Trimmed; one line of at most MAX_DESCRIPTION_LENGTH characters. */
export function descriptionField(raw: unknown, errors: FieldError[]): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text || text.length > MAX_DESCRIPTION_LENGTH || CONTROL_CHARACTERS.test(text)) {
    errors.push({
      field: 'description',
      messages: [`description must be 1 to ${MAX_DESCRIPTION_LENGTH} characters on one line`],
    });
  }
  return text;
}
