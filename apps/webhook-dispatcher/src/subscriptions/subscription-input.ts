import { WEBHOOK_EVENT_TYPES, WebhookScope } from '@portcullis/contracts';
import { matchesEventType } from '../events/event-matching';
import { FieldError, webhookInvalid } from './webhook-errors';

const MAX_URL_LENGTH = 2048;
const MAX_FILTERS = 100;
const MAX_DESCRIPTION_LENGTH = 500;

/** The shape of the URL only; where it points is the URL guard's business (it needs DNS). */
export function urlErrors(raw: unknown): FieldError[] {
  const fail = (message: string) => [{ field: 'url', messages: [message] }];
  if (typeof raw !== 'string' || raw.trim() === '') return fail('url must be a non-empty string');
  if (raw.length > MAX_URL_LENGTH) return fail(`url must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail('url must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('url must use http or https');
  if (url.username || url.password) return fail('url must not contain a user name or password');
  return [];
}

/** A filter is `*`, a catalogued type, or `prefix.*` naming at least one catalogued type. */
function isKnownFilter(filter: string): boolean {
  if (filter === '*' || WEBHOOK_EVENT_TYPES.includes(filter)) return true;
  return filter.endsWith('.*') && filter.length > 2 && WEBHOOK_EVENT_TYPES.some((type) => matchesEventType([filter], type));
}

export function eventsErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw) || raw.length === 0) return [{ field: 'events', messages: ['events must be a non-empty array of event types'] }];
  if (raw.length > MAX_FILTERS) return [{ field: 'events', messages: [`events must name at most ${MAX_FILTERS} types`] }];
  const unknown = raw.filter((f) => typeof f !== 'string' || !isKnownFilter(f));
  if (unknown.length === 0) return [];
  const named = unknown.map((f) => (typeof f === 'string' ? JSON.stringify(f.slice(0, 100)) : typeof f));
  return [{ field: 'events', messages: [`unknown event types: ${named.join(', ')} (see the event catalog)`] }];
}

export function descriptionErrors(raw: unknown): FieldError[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'string') return [{ field: 'description', messages: ['description must be a string or null'] }];
  if ([...raw].length > MAX_DESCRIPTION_LENGTH) return [{ field: 'description', messages: [`description must be at most ${MAX_DESCRIPTION_LENGTH} characters`] }];
  return [];
}

export function scopeErrors(raw: unknown): FieldError[] {
  return raw === undefined || raw === 'own' || raw === 'all' ? [] : [{ field: 'scope', messages: ['scope must be "own" or "all"'] }];
}

export function assertValid(errors: FieldError[]): void {
  if (errors.length) throw webhookInvalid(errors);
}

/** Filters are kept in the order given, without repeats. */
export const normaliseEvents = (events: string[]): string[] => [...new Set(events)];

export const normaliseDescription = (raw: string | null | undefined): string | null => (raw == null || raw.trim() === '' ? null : raw.trim());

export const normaliseScope = (raw: WebhookScope | undefined): WebhookScope => raw ?? 'own';
