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

/** A PUT moving an API with stored upstream credentials to another origin without giving them again. */
export const credentialNeedsResupplying = () =>
  new AppError(ErrorCode.VALIDATION_FAILED, 'authConfig must be given again when baseUrl moves to another origin', {
    errors: [
      {
        field: 'authConfig',
        messages: [
          'authConfig is required when baseUrl changes scheme, host or port: the stored credential is never sent to a new origin',
        ],
      },
    ],
  });
