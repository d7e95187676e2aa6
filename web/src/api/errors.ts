export interface FieldError {
  field: string;
  message: string;
}

export const NETWORK_ERROR_MESSAGE =
  'Sorry, CQ Pathway could not be reached. Check your internet connection and try again.';
export const UNEXPECTED_ERROR_MESSAGE = 'Sorry, there is a problem with the service. Try again later.';

/** An error reported by the API, or a failure to reach it (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly correlationId: string | null;
  readonly details: readonly FieldError[];

  constructor(options: {
    status: number;
    code: string;
    message: string;
    correlationId?: string | null;
    details?: readonly FieldError[];
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.correlationId = options.correlationId ?? null;
    this.details = options.details ?? [];
  }

  /** Field errors keyed by field name; the first message for a field wins. */
  get fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const detail of this.details) {
      if (!(detail.field in result)) result[detail.field] = detail.message;
    }
    return result;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readDetails(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    isRecord(item) && typeof item.field === 'string' && typeof item.message === 'string'
      ? [{ field: item.field, message: item.message }]
      : [],
  );
}

/** Builds an ApiError from an error body (parsed or raw) and the HTTP response. */
export function errorFromResponse(body: unknown, response: Response): ApiError {
  if (isRecord(body) && typeof body.message === 'string' && body.message.trim() !== '') {
    return new ApiError({
      status: response.status,
      code: typeof body.code === 'string' ? body.code : `HTTP_${response.status}`,
      message: body.message,
      correlationId: typeof body.correlationId === 'string' ? body.correlationId : null,
      details: readDetails(body.details),
    });
  }
  return new ApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    message: UNEXPECTED_ERROR_MESSAGE,
  });
}

/** Normalises anything thrown while calling the API into an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) {
    return new ApiError({ status: 0, code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE });
  }
  return new ApiError({ status: 0, code: 'UNEXPECTED_ERROR', message: UNEXPECTED_ERROR_MESSAGE });
}
