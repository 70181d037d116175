import { PageRequest } from '@portcullis/contracts';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** Page 1 and 20 items unless asked otherwise; never more than 100 at once, whatever is asked. */
export function pageOf(request: Partial<PageRequest> | undefined): PageRequest {
  const page = Number.isInteger(request?.page) && request!.page! > 0 ? request!.page! : 1;
  const limit =
    Number.isInteger(request?.limit) && request!.limit! > 0 ? Math.min(request!.limit!, MAX_LIMIT) : DEFAULT_LIMIT;
  return { page, limit };
}
