import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/client';
import { ApiError } from '../api/errors';
import type { ImportPreviewDto } from '../api/types';
import { apiError, jsonResponse, stubFetch } from '../testing/fetchStub';
import { useStaffImportStore } from './staffImport';

const UPLOAD = 'POST /api/trusts/t1/staff-imports';
const CONFIRM = 'POST /api/trusts/t1/staff-imports/imp-1/confirm';

function preview(overrides: Partial<ImportPreviewDto> = {}): ImportPreviewDto {
  return {
    id: 'imp-1',
    filename: 'staff.csv',
    status: 'previewed',
    headers: ['Staff number', 'Name', 'Email'],
    mapping: { staffNumber: 'Staff number', fullName: 'Name', workEmail: 'Email' },
    fields: [
      { field: 'staffNumber', label: 'Staff number', required: true },
      { field: 'fullName', label: 'Full name', required: true },
      { field: 'workEmail', label: 'Work email', required: true },
    ],
    missingFields: [],
    rowCount: 3,
    validCount: 3,
    invalidRowCount: 0,
    errors: [],
    errorCount: 0,
    duplicates: [],
    toCreate: 2,
    toUpdate: 1,
    unchanged: 0,
    canConfirm: true,
    ...overrides,
  };
}

function csv(text = 'Staff number,Name,Email\n1,Ann,ann@example.org\n'): File {
  return new File([text], 'staff.csv', { type: 'text/csv' });
}

describe('staff import store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setCsrfToken('csrf');
  });

  it('keeps the preview of an uploaded file', async () => {
    const { requests } = stubFetch({ [UPLOAD]: jsonResponse(201, preview()) });
    const store = useStaffImportStore();

    await store.upload('t1', csv());

    expect(store.preview?.id).toBe('imp-1');
    expect(store.trustId).toBe('t1');
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/api/trusts/t1/staff-imports' });
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe('csrf');
    expect(requests[0]?.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(String(requests[0]?.body)).toContain('form-data; name="file"');
  });

  it.each([
    [
      'a file that is not CSV',
      apiError(400, 'VALIDATION_FAILED', 'The file is not a CSV file. Save it as CSV UTF-8 and try again.', [
        { field: 'file', message: 'The file is not a CSV file. Save it as CSV UTF-8 and try again.' },
      ]),
      'The file is not a CSV file. Save it as CSV UTF-8 and try again.',
    ],
    [
      'a file that is too large',
      apiError(
        413,
        'PAYLOAD_TOO_LARGE',
        'The file is larger than 5 MB, the most that can be imported at once. Split it into smaller files.',
      ),
      'The file is larger than 5 MB, the most that can be imported at once. Split it into smaller files.',
    ],
  ])('passes on what the API says about %s, keeping no preview', async (_, response, message) => {
    stubFetch({ [UPLOAD]: response });
    const store = useStaffImportStore();

    const error = await store.upload('t1', csv()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(message);
    expect(store.preview).toBeNull();
  });

  it('refuses to confirm a preview that cannot be confirmed, without asking the API', async () => {
    const { requests } = stubFetch({
      [UPLOAD]: jsonResponse(
        201,
        preview({
          canConfirm: false,
          validCount: 2,
          invalidRowCount: 1,
          errorCount: 1,
          errors: [{ row: 3, column: 'Email', reason: 'Work email "ann@" is not a valid email address' }],
        }),
      ),
      [CONFIRM]: jsonResponse(201, { id: 'imp-1', created: 2, updated: 0, unchanged: 0 }),
    });
    const store = useStaffImportStore();
    await store.upload('t1', csv());

    await expect(store.confirm()).rejects.toMatchObject({
      message: 'Nothing has been imported. Fix the problems in the file and upload it again.',
    });

    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([UPLOAD]);
    expect(store.result).toBeNull();
    expect(store.preview?.status).toBe('previewed');
  });

  it('says which columns to choose when required fields have none', async () => {
    stubFetch({ [UPLOAD]: jsonResponse(201, preview({ canConfirm: false, missingFields: ['Work email'] })) });
    const store = useStaffImportStore();
    await store.upload('t1', csv());

    await expect(store.confirm()).rejects.toMatchObject({
      message: 'Nothing has been imported. Choose the column for Work email, then update the preview.',
    });
  });

  it('confirms a clean preview and records the counts', async () => {
    const { requests } = stubFetch({
      [UPLOAD]: jsonResponse(201, preview()),
      [CONFIRM]: jsonResponse(201, { id: 'imp-1', created: 2, updated: 1, unchanged: 0 }),
    });
    const store = useStaffImportStore();
    await store.upload('t1', csv());

    const result = await store.confirm();

    expect(result).toEqual({ id: 'imp-1', created: 2, updated: 1, unchanged: 0 });
    expect(requests.at(-1)?.path).toBe('/api/trusts/t1/staff-imports/imp-1/confirm');
    expect(store.preview?.status).toBe('committed');
    expect(store.preview?.canConfirm).toBe(false);
  });

  it('sends the chosen columns and shows the new preview', async () => {
    const { requests } = stubFetch({
      [UPLOAD]: jsonResponse(201, preview({ missingFields: ['Work email'], canConfirm: false })),
      'PUT /api/trusts/t1/staff-imports/imp-1/mapping': jsonResponse(200, preview()),
    });
    const store = useStaffImportStore();
    await store.upload('t1', csv());

    await store.setMapping({ staffNumber: 'Staff number', fullName: 'Name', workEmail: 'Email' });

    expect(requests.at(-1)?.body).toEqual({
      mapping: { staffNumber: 'Staff number', fullName: 'Name', workEmail: 'Email' },
    });
    expect(store.preview?.canConfirm).toBe(true);
  });
});
