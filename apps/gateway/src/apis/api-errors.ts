import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

export interface FieldError {
  field: string;
  messages: string[];
}

/** Same answer for "no such id" and "not yours", so ids cannot be probed. */
export const apiNotFound = () => new AppError(ErrorCode.API_NOT_FOUND, 'API not found');

/** Same `details.errors` shape as the validation pipe, so clients parse one format. */
export const apiInvalid = (errors: FieldError[]) =>
  new AppError(ErrorCode.API_INVALID, 'The API definition is invalid', { errors });

export const apiUrlForbidden = (message: string) =>
  new AppError(ErrorCode.API_URL_FORBIDDEN, message, { errors: [{ field: 'baseUrl', messages: [message] }] });
