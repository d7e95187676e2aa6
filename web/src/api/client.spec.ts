import { beforeEach, describe, expect, it } from 'vitest';
import { apiError, jsonResponse, noContent, stubFetch } from '../testing/fetchStub';
import { CSRF_HEADER, createApiClient, expectOk, getCsrfToken, setCsrfToken, unwrap } from './client';
import { ApiError, NETWORK_ERROR_MESSAGE, UNEXPECTED_ERROR_MESSAGE } from './errors';

const session = (csrfToken: string) => jsonResponse(200, { user: null, csrfToken });

describe('api client', () => {
  beforeEach(() => {
    setCsrfToken(null);
  });

  describe('CSRF middleware', () => {
    it('sends the token from the latest session response on POST', async () => {
      const { requests } = stubFetch({
        'GET /api/auth/session': session('token-from-session'),
        'POST /api/auth/sign-out': noContent(),
      });
      const api = createApiClient();

      await unwrap(api.GET('/api/auth/session'));
      await expectOk(api.POST('/api/auth/sign-out'));

      expect(getCsrfToken()).toBe('token-from-session');
      const post = requests.find((r) => r.method === 'POST');
      expect(post?.headers.get(CSRF_HEADER)).toBe('token-from-session');
    });

    it('does not send the token on GET', async () => {
      setCsrfToken('secret');
      const { requests } = stubFetch({ 'GET /api/trusts': jsonResponse(200, []) });
      const api = createApiClient();

      await unwrap(api.GET('/api/trusts'));

      expect(requests).toHaveLength(1);
      expect(requests[0]?.headers.has(CSRF_HEADER)).toBe(false);
    });

    it('sends the token on DELETE and uses the token from the latest sign-in', async () => {
      const { requests } = stubFetch({
        'GET /api/auth/session': session('before-sign-in'),
        'POST /api/auth/sign-in': jsonResponse(200, { user: null, csrfToken: 'after-sign-in' }),
        'DELETE /api/accounts/u-1/roles/g-1': noContent(),
      });
      const api = createApiClient();

      await unwrap(api.GET('/api/auth/session'));
      await unwrap(api.POST('/api/auth/sign-in', { body: { email: 'a@b.c', password: 'x' } }));
      await expectOk(
        api.DELETE('/api/accounts/{userId}/roles/{grantId}', {
          params: { path: { userId: 'u-1', grantId: 'g-1' } },
        }),
      );

      expect(requests[1]?.headers.get(CSRF_HEADER)).toBe('before-sign-in');
      expect(requests[2]?.headers.get(CSRF_HEADER)).toBe('after-sign-in');
    });
  });

  describe('errors', () => {
    it('turns an error body into an ApiError with field details', async () => {
      stubFetch({
        'POST /api/trusts': apiError(400, 'VALIDATION_FAILED', 'Check the details you entered', [
          { field: 'odsCode', message: 'Enter an ODS code' },
        ]),
      });
      const api = createApiClient();

      const error = await unwrap(api.POST('/api/trusts', { body: { name: 'A', odsCode: '' } })).catch(
        (e) => e,
      );

      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        correlationId: 'test-correlation-id',
      });
      expect(error.fieldErrors).toEqual({ odsCode: 'Enter an ODS code' });
    });

    it('uses a general message when the error body is not the API error shape', async () => {
      stubFetch({ 'GET /api/trusts': new Response('<html>Bad gateway</html>', { status: 502 }) });
      const api = createApiClient();

      await expect(unwrap(api.GET('/api/trusts'))).rejects.toMatchObject({
        status: 502,
        message: UNEXPECTED_ERROR_MESSAGE,
      });
    });

    it('reports a network failure as status 0', async () => {
      stubFetch({
        'GET /api/trusts': () => {
          throw new TypeError('Failed to fetch');
        },
      });
      const api = createApiClient();

      await expect(unwrap(api.GET('/api/trusts'))).rejects.toMatchObject({
        status: 0,
        code: 'NETWORK_ERROR',
        message: NETWORK_ERROR_MESSAGE,
      });
    });
  });
});
