/**
 * What a service verb (api/ops) refuses, with a code and no HTTP status: the router's one error
 * handler (api/app.ts) gives each code its status.
 */
export const serviceErrorStatus = {
  validation_failed: 400,
  not_found: 404,
  endpoint_refused: 422,
  delivery_pending: 409,
  webhook_disabled: 422,
} as const;

export type ServiceErrorCode = keyof typeof serviceErrorStatus;

export class ServiceError extends Error {
  constructor(readonly code: ServiceErrorCode, message: string) {
    super(message);
    this.name = 'ServiceError';
  }
}
