import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

export interface FieldError {
  field: string;
  messages: string[];
}

/** Same answer for "no such id" and "not yours", so ids cannot be probed. */
export const webhookNotFound = () => new AppError(ErrorCode.WEBHOOK_NOT_FOUND, 'Webhook not found');

export const deliveryNotFound = () => new AppError(ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, 'Delivery not found');

/** Same `details.errors` shape as the gateway's validation pipe, so clients parse one format. */
export const webhookInvalid = (errors: FieldError[]) =>
  new AppError(ErrorCode.WEBHOOK_INVALID, 'The webhook is invalid', { errors });

export const urlForbidden = (message: string) => new AppError(ErrorCode.WEBHOOK_URL_FORBIDDEN, message);

export const scopeForbidden = () =>
  new AppError(ErrorCode.WEBHOOK_SCOPE_FORBIDDEN, "Only admins may subscribe to every user's events");

export const webhookDisabled = () =>
  new AppError(
    ErrorCode.WEBHOOK_DISABLED,
    'The webhook is disabled; re-enable it (isActive: true) before sending to it',
  );
